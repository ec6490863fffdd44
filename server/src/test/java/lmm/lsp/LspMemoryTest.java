package lmm.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory policy under a real heap limit: a server process with 300 MB of heap opens and closes
 * 40 different 8 MB CSV files (each bound to a mixed model) and is still alive and answering, because
 * the tables of closed documents are released.
 */
@Timeout(600)
class LspMemoryTest {
    @TempDir Path dir;

    /** About 8 MB: y, x (numeric), g (40 levels), written differently per file. */
    static void csv(Path file, int seed) throws Exception {
        Random r = new Random(seed);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("y,x,g\n");
            long bytes = 6;
            while (bytes < 8_000_000) {
                String line = String.format(Locale.ROOT, "%.6f,%.6f,g%d%n", r.nextGaussian(), r.nextDouble(), r.nextInt(40));
                w.write(line);
                bytes += line.length();
            }
        }
    }

    static String quote(String s) { return new JsonPrimitive(s).toString(); }

    @Test
    void fortyDifferentEightMegabyteFilesOpenedAndClosedWithAThreeHundredMegabyteHeap() throws Exception {
        Path err = dir.resolve("server.err");
        try (RawServerProcess server = new RawServerProcess(List.of("-Xmx300m"), err)) {
            JsonObject init = server.initialize(1);
            assertNotNull(init);
            int id = 10;
            for (int i = 0; i < 40; i++) {
                Path data = dir.resolve("data" + i + ".csv");
                csv(data, i);
                Path doc = dir.resolve("doc" + i + ".lmm");
                String uri = doc.toUri().toString();
                String text = "data \"data" + i + ".csv\"\nmodel m = y ~ x + (1 | g)\n";
                server.notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":" + quote(uri) + ",\"languageId\":\"lmm\",\"version\":1,\"text\":"
                        + quote(text) + "}}");
                // the hover shows the bound model: the data was read and the model bound
                server.request(id, "textDocument/hover", "{\"textDocument\":{\"uri\":" + quote(uri) + "},\"position\":{\"line\":1,\"character\":12}}");
                JsonObject hover = server.response(id++, 120_000);
                assertNotNull(hover, "file " + i + ": no answer (the server is dead or deaf); stderr: " + tail(err));
                assertTrue(hover.get("result").isJsonObject(), "file " + i + ": no hover (did the server run out of memory?); stderr: " + tail(err));
                String md = hover.getAsJsonObject("result").getAsJsonObject("contents").get("value").getAsString();
                assertTrue(md.contains(" rows · data data" + i + ".csv") && md.contains(" × 40 "), "file " + i + ": " + md.substring(0, Math.min(300, md.length())));
                server.notify("textDocument/didClose", "{\"textDocument\":{\"uri\":" + quote(uri) + "}}");
                Files.delete(data);
            }
            server.request(id, "shutdown", "null");
            assertNotNull(server.response(id, 30_000));
            assertTrue(server.process.isAlive());
            String log = Files.readString(err);
            assertFalse(log.contains("OutOfMemoryError"), tail(err));
        }
    }

    static String tail(Path err) throws Exception {
        String s = Files.exists(err) ? Files.readString(err) : "";
        return s.substring(Math.max(0, s.length() - 2000));
    }
}
