package lmm.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import lmm.analysis.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Over the server process's pipes: a formula that would expand without end stalls nobody. */
@Timeout(300)
class LspLimitsTest {
    @TempDir Path dir;

    static String quote(String s) { return new JsonPrimitive(s).toString(); }

    static boolean diagnosticsFor(JsonObject m, String uri) {
        return m.has("method") && m.get("method").getAsString().equals("textDocument/publishDiagnostics")
                && m.getAsJsonObject("params").get("uri").getAsString().equals(uri);
    }

    static boolean hasCode(JsonObject m, String code) {
        for (JsonElement d : m.getAsJsonObject("params").getAsJsonArray("diagnostics")) {
            JsonObject o = d.getAsJsonObject();
            if (o.has("code") && o.get("code").getAsString().equals(code)) return true;
        }
        return false;
    }

    @Test
    void aDataFileOverTheLimitSetByTheClientGetsADiagnosticAndTheServerGoesOn() throws Exception {
        Fixtures.dungDir(dir);
        try (java.io.BufferedWriter w = Files.newBufferedWriter(dir.resolve("big.csv"))) {
            w.write("y,x\n");
            for (int i = 0; i < 200_000; i++) w.write(i + "," + (i % 7) + "\n"); // 1 677 786 bytes
        }
        try (RawServerProcess server = new RawServerProcess()) {
            server.request(1, "initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{},"
                    + "\"initializationOptions\":{\"limits\":{\"maxDataMB\":1}}}");
            assertNotNull(server.response(1, 60_000));
            server.notify("initialized", "{}");
            String uri = dir.resolve("big.lmm").toUri().toString();
            server.notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":" + quote(uri)
                    + ",\"languageId\":\"lmm\",\"version\":1,\"text\":" + quote("data \"big.csv\"\nmodel m = y ~ x\n") + "}}");
            JsonObject p = server.await(m -> diagnosticsFor(m, uri), 60_000);
            assertNotNull(p);
            JsonObject d = p.getAsJsonObject("params").getAsJsonArray("diagnostics").get(0).getAsJsonObject();
            assertEquals("data-error", d.get("code").getAsString());
            assertTrue(d.get("message").getAsString().contains("the data file big.csv is 1.6 MB, more than the limit of 1.0 MB"), d.toString());
            assertEquals(0, d.getAsJsonObject("range").getAsJsonObject("start").get("line").getAsInt());
            assertEquals(5, d.getAsJsonObject("range").getAsJsonObject("start").get("character").getAsInt());
            String dungUri = dir.resolve("dung.lmm").toUri().toString();
            server.notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":" + quote(dungUri) + ",\"languageId\":\"lmm\",\"version\":1,\"text\":"
                    + quote(Files.readString(dir.resolve("dung.lmm"))) + "}}");
            JsonObject dung = server.await(m -> diagnosticsFor(m, dungUri), 60_000);
            assertNotNull(dung);
            assertEquals(0, dung.getAsJsonObject("params").getAsJsonArray("diagnostics").size(), dung.toString());
        }
    }

    @Test
    void aFormulaOfFourteenTermsToThePowerFourteenIsRefusedAndOtherDocumentsAreServed() throws Exception {
        Fixtures.dungDir(dir);
        StringBuilder csv = new StringBuilder("y");
        for (int j = 0; j < 14; j++) csv.append(",x").append(j);
        csv.append('\n');
        for (int i = 0; i < 30; i++) {
            csv.append(i % 7);
            for (int j = 0; j < 14; j++) csv.append(',').append((i * 7 + j * 3) % 11);
            csv.append('\n');
        }
        Files.writeString(dir.resolve("wide.csv"), csv);
        String terms = IntStream.range(0, 14).mapToObj(j -> "x" + j).collect(Collectors.joining(" + "));
        try (RawServerProcess server = new RawServerProcess()) {
            server.initialize(1);
            String powerUri = dir.resolve("power.lmm").toUri().toString();
            // four copies of the formula, as many as there are request threads
            String text = ("data \"wide.csv\"\n" + ("model y ~ (" + terms + ")^14\n").repeat(4));
            server.notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":" + quote(powerUri)
                    + ",\"languageId\":\"lmm\",\"version\":1,\"text\":" + quote(text) + "}}");
            for (int i = 0; i < 4; i++) {
                server.request(10 + i, "textDocument/hover", "{\"textDocument\":{\"uri\":" + quote(powerUri)
                        + "},\"position\":{\"line\":" + (1 + i) + ",\"character\":12}}");
            }
            String dungUri = dir.resolve("dung.lmm").toUri().toString();
            server.notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":" + quote(dungUri) + ",\"languageId\":\"lmm\",\"version\":1,\"text\":"
                    + quote(Files.readString(dir.resolve("dung.lmm"))) + "}}");
            server.request(20, "textDocument/hover", "{\"textDocument\":{\"uri\":" + quote(dungUri) + "},\"position\":{\"line\":6,\"character\":26}}");
            JsonObject hover = server.response(20, 60_000);
            assertNotNull(hover, "the other document's hover was not answered");
            assertTrue(hover.toString().contains("model blocks"), hover.toString());
            assertNotNull(server.await(m -> diagnosticsFor(m, dungUri), 60_000), "the other document got no diagnostics");
            JsonObject power = server.await(m -> diagnosticsFor(m, powerUri), 60_000);
            assertNotNull(power, "the formula's document got no diagnostics");
            assertTrue(hasCode(power, "too-many-terms"), power.toString());
            JsonObject d = power.getAsJsonObject("params").getAsJsonArray("diagnostics").get(0).getAsJsonObject();
            // the power (x0 + … + x13)^14 on line 1, from its '(' at character 10
            assertEquals(1, d.getAsJsonObject("range").getAsJsonObject("start").get("line").getAsInt());
            assertEquals(10, d.getAsJsonObject("range").getAsJsonObject("start").get("character").getAsInt());
            for (int i = 0; i < 4; i++) assertNotNull(server.response(10 + i, 60_000));
        }
    }
}
