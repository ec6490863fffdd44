package lmm.lsp;

import static lmm.lsp.LspHarness.doc;
import static lmm.lsp.LspHarness.pos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.HoverParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a changed data file is read again, hovers are answered from the analysis before the change
 * (they never wait for the read), and once it is read they show the new data.
 */
@Timeout(600)
class LspDataReadTest {
    static final long WAIT = 120_000;
    @TempDir Path tmp;
    LspHarness lsp;

    @BeforeEach
    void start() throws Exception {
        lsp = new LspHarness(null);
    }

    @AfterEach
    void stop() {
        lsp.close();
    }

    String hoverOnX(String uri) throws Exception {
        // line 1: "model m = y ~ x + (1 | g)"; x at column 14
        return lsp.server.getTextDocumentService().hover(new HoverParams(doc(uri), pos(1, 14))).get(WAIT, TimeUnit.MILLISECONDS)
                .getContents().getRight().getValue();
    }

    @Test
    void aHoverDuringTheReadOfAChangedFileIsAnsweredFromTheDataBefore() throws Exception {
        Path csv = Generated.csv(tmp.resolve("big.csv"), 300_000, 40, 30);
        String uri = lsp.open(tmp.resolve("big.lmm"), "data \"big.csv\"\nmodel m = y ~ x + (1 | g)\n");
        lsp.client.awaitDiagnostics(uri, p -> true, WAIT);
        String before = hoverOnX(uri);
        assertTrue(before.contains("300000"), before);
        lsp.server.getWorkspaceService().executeCommand(new org.eclipse.lsp4j.ExecuteCommandParams("lmm.fit", List.of(uri, "m")))
                .get(WAIT, TimeUnit.MILLISECONDS);

        Generated.csv(csv, 299_999, 40, 30); // the file changes: one row fewer
        lsp.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
                List.of(new FileEvent(csv.toUri().toString(), FileChangeType.Changed))));
        // reading 300 000 rows takes far longer than a hover: this one is answered from the analysis before
        String during = hoverOnX(uri);
        assertTrue(during.contains("300000") && !during.contains("299999"), during);
        // the lenses wait for the new analysis (they must not show a fit as current against new data)
        assertEquals("⚠ results are stale — ▶ Re-fit (REML)", lsp.server.getTextDocumentService().codeLens(new CodeLensParams(doc(uri)))
                .get(WAIT, TimeUnit.MILLISECONDS).get(0).getCommand().getTitle());
        // and once the file is read, the hover shows the new data
        long end = System.currentTimeMillis() + WAIT;
        String after = hoverOnX(uri);
        while (!after.contains("299999") && System.currentTimeMillis() < end) {
            Thread.sleep(50);
            after = hoverOnX(uri);
        }
        assertTrue(after.contains("299999"), after);
        assertFalse(after.contains("300000"), after);
    }
}
