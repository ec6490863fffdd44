package lmm.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server process over its real pipes: after any bad frame or bad message it answers that message
 * with an error (when it has an id) and goes on answering; the LSP lifecycle rules hold.
 */
@Timeout(600)
class LspFramingTest {
    static final long WAIT = 60_000;
    RawServerProcess server;

    @BeforeEach
    void start() throws Exception {
        server = new RawServerProcess();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A request the server answers whatever state the documents are in. */
    void stillAnswers(int id) throws Exception {
        server.request(id, "textDocument/hover", "{\"textDocument\":{\"uri\":\"file:///nothing.lmm\"},\"position\":{\"line\":0,\"character\":0}}");
        JsonObject r = server.response(id, WAIT);
        assertNotNull(r, "no answer to request " + id + ": the server went deaf");
        assertTrue(r.has("result"), r.toString());
    }

    static int errorCode(JsonObject response) {
        return response.getAsJsonObject("error").get("code").getAsInt();
    }

    @Test
    void requestsBeforeInitializeAreRefusedWithServerNotInitialized() throws Exception {
        server.request(1, "textDocument/hover", "{\"textDocument\":{\"uri\":\"file:///a.lmm\"},\"position\":{\"line\":0,\"character\":0}}");
        JsonObject r = server.response(1, WAIT);
        assertNotNull(r);
        assertEquals(-32002, errorCode(r), r.toString());
        assertNotNull(server.initialize(2).getAsJsonObject("result").getAsJsonObject("capabilities"));
        stillAnswers(3);
    }

    @Test
    void afterShutdownRequestsAreInvalidAndExitEndsTheProcessWithZero() throws Exception {
        server.initialize(1);
        server.request(2, "shutdown", "null");
        assertTrue(server.response(2, WAIT).has("result"));
        server.request(3, "textDocument/hover", "{\"textDocument\":{\"uri\":\"file:///a.lmm\"},\"position\":{\"line\":0,\"character\":0}}");
        JsonObject r = server.response(3, WAIT);
        assertNotNull(r);
        assertEquals(-32600, errorCode(r), r.toString());
        server.notify("exit", "null");
        assertTrue(server.process.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, server.process.exitValue());
    }

    @Test
    void aContentLengthTooLargeSwallowsNothingForGood() throws Exception {
        server.initialize(1);
        byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\"file:///a.lmm\"},\"position\":{\"line\":0,\"character\":0}}}"
                .getBytes(StandardCharsets.UTF_8);
        server.sendRaw("Content-Length: " + (body.length + 60) + "\r\n\r\n");
        server.sendRaw(body);
        stillAnswers(3);
        assertNotNull(server.response(2, WAIT), "the message with the wrong length is answered too");
        stillAnswers(4);
    }

    @Test
    void aContentLengthTooLargeOnARequestTheClientWaitsForIsAnsweredAnyway() throws Exception {
        // nothing follows the frame: the client waits for the answer to initialize
        byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}}"
                .getBytes(StandardCharsets.UTF_8);
        server.sendRaw("Content-Length: " + (body.length + 40) + "\r\n\r\n");
        server.sendRaw(body);
        JsonObject r = server.response(1, WAIT);
        assertNotNull(r, "the server waits for bytes that never come");
        assertTrue(r.getAsJsonObject("result").has("capabilities"), r.toString());
        stillAnswers(2);
    }

    @Test
    void aContentLengthTooSmallLeavesATailThatIsSkipped() throws Exception {
        server.initialize(1);
        byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\"file:///a.lmm\"},\"position\":{\"line\":0,\"character\":0}}}"
                .getBytes(StandardCharsets.UTF_8);
        server.sendRaw("Content-Length: " + (body.length - 30) + "\r\n\r\n");
        server.sendRaw(body);
        JsonObject r = server.response(2, WAIT);
        assertNotNull(r, "the cut message is answered with a parse error");
        assertEquals(-32700, errorCode(r), r.toString());
        stillAnswers(3);
        stillAnswers(4);
    }

    @Test
    void aLargeMessageThatDoesNotParseIsAnsweredAndTheNextOneToo() throws Exception {
        server.initialize(1);
        String big = "x".repeat(20_000);
        server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/hover\",\"params\":{\"junk\":\"" + big + "\" ,,, }");
        JsonObject r = server.response(2, WAIT);
        assertNotNull(r);
        assertEquals(-32700, errorCode(r), r.toString());
        stillAnswers(3);
    }

    @Test
    void aLargeMessageWithAWronglyTypedFieldIsAnsweredAndTheNextOneToo() throws Exception {
        server.initialize(1);
        String big = "a".repeat(20_000);
        server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\"file:///a.lmm\"},"
                + "\"position\":{\"line\":\"" + big + "\",\"character\":0}}}");
        JsonObject r = server.response(2, WAIT);
        assertNotNull(r);
        assertTrue(r.has("error"), r.toString());
        // a notification with a wrongly typed field has nobody to answer; the server reads on
        server.notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":\"file:///t.lmm\",\"languageId\":\"lmm\",\"version\":\"v\",\"text\":\"" + big + "\"}}");
        stillAnswers(3);
    }

    @Test
    void bytesThatAreNoFrameAndAMissingContentLengthAreSkipped() throws Exception {
        server.initialize(1);
        server.sendRaw("garbage without a header\r\n\r\n{\"not\":\"framed\"}\n");
        server.sendRaw("Content-Type: application/json\r\n\r\n");
        server.sendRaw("Content-Length: banana\r\n\r\n");
        stillAnswers(2);
        server.sendRaw(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\r', '\n'});
        stillAnswers(3);
        server.send("[1, 2, 3]");
        server.send("null");
        server.send("{\"jsonrpc\":\"2.0\",\"id\":4}");
        stillAnswers(5);
    }
}
