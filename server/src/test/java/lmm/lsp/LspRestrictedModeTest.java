package lmm.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lmm.analysis.Fixtures;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** VS Code's Restricted Mode ({"restrictedMode": true}): no data file outside the workspace folders is read. */
@Timeout(60)
class LspRestrictedModeTest {
    @TempDir Path tmp;

    @Test
    void dataOutsideTheWorkspaceIsNotReadUntilTrusted() throws Exception {
        Path ws = Files.createDirectory(tmp.resolve("ws"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Fixtures.dungDir(outside);
        Fixtures.dungDir(ws);
        Files.createSymbolicLink(ws.resolve("link.csv"), outside.resolve("dung.csv"));
        String text = "data \"../outside/dung.csv\"\nmodel m = pr_dung ~ flies + (1 | oven_block)\n";
        for (boolean restricted : new boolean[] {true, false}) {
            try (LspHarness lsp = new LspHarness(JsonParser.parseString("{\"restrictedMode\":" + restricted + "}"), ws)) {
                String out = lsp.open(ws.resolve("out.lmm"), text);
                PublishDiagnosticsParams p = lsp.client.awaitDiagnostics(out, d -> true, 30_000);
                if (restricted) {
                    assertEquals(1, p.getDiagnostics().size(), p.toString());
                    Diagnostic d = p.getDiagnostics().get(0);
                    assertEquals("data-error", d.getCode().getLeft());
                    assertTrue(d.getMessage().contains("Restricted Mode: ") && d.getMessage().contains("is outside the workspace folders"), d.getMessage());
                } else {
                    assertEquals(List.of(), p.getDiagnostics(), "trusted: the file is read");
                }
                // a link inside the workspace that points out of it is outside too
                String link = lsp.open(ws.resolve("link.lmm"), text.replace("../outside/dung.csv", "link.csv"));
                PublishDiagnosticsParams l = lsp.client.awaitDiagnostics(link, d -> true, 30_000);
                assertEquals(restricted ? 1 : 0, l.getDiagnostics().size(), l.toString());
                // with options the file is read by another path: it is refused the same
                String semi = lsp.open(ws.resolve("semi.lmm"), text.replace("\"../outside/dung.csv\"", "\"../outside/dung.csv\" sep \";\""));
                PublishDiagnosticsParams sp = lsp.client.awaitDiagnostics(semi, d -> true, 30_000);
                assertEquals(restricted, sp.getDiagnostics().stream().anyMatch(d -> d.getMessage().contains("Restricted Mode: ")), sp.toString());
                // data inside the workspace is read in both modes
                String in = lsp.open(ws.resolve("dung.lmm"), Files.readString(ws.resolve("dung.lmm")));
                assertEquals(List.of(), lsp.client.awaitDiagnostics(in, d -> true, 30_000).getDiagnostics());
            }
        }
    }
}
