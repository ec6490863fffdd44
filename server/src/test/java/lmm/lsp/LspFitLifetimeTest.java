package lmm.lsp;

import static lmm.lsp.LspHarness.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lmm.analysis.Fixtures;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.WorkDoneProgressReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Fits live as long as the opening of their document: none kept for closed or never-opened documents. */
@Timeout(900)
class LspFitLifetimeTest {
    static final long WAIT = 60_000;
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

    static JsonObject json(Object o) { return new com.google.gson.Gson().toJsonTree(o).getAsJsonObject(); }

    List<? extends CodeLens> lenses(String uri) throws Exception {
        return lsp.server.getTextDocumentService().codeLens(new CodeLensParams(doc(uri))).get(WAIT, TimeUnit.MILLISECONDS);
    }

    @Test
    void aFitThatEndsAfterTheDocumentClosedIsNotShownWhenItIsReopened() throws Exception {
        Generated.csv(tmp.resolve("slow.csv"), 20_000, 400, 300);
        String text = "data \"slow.csv\"\nmodel slow = y ~ x + (1 + x | g) + (1 | h)\n";
        String uri = lsp.open(tmp.resolve("slow.lmm"), text);
        CompletableFuture<Object> fit = lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("lmm.fit", List.of(uri, "slow")));
        lsp.client.awaitProgress(ps -> ps.stream().anyMatch(p -> p.getValue().getLeft() instanceof WorkDoneProgressReport), WAIT);
        lsp.server.getTextDocumentService().didClose(new DidCloseTextDocumentParams(doc(uri)));
        lsp.open(tmp.resolve("slow.lmm"), text);
        // a fit of some seconds on a quiet machine; minutes on a loaded one
        Object result = fit.get(WAIT * 12, TimeUnit.MILLISECONDS);
        assertTrue(json(result).get("ok").getAsBoolean(), result.toString());
        assertEquals("▶ Fit (REML)", lenses(uri).get(0).getCommand().getTitle(),
                "the fit was made for the document's earlier opening; it must not be shown as current");
    }

    @Test
    void aFitOfADocumentThatIsNotOpenIsAnsweredAndNotKept() throws Exception {
        Fixtures.dungDir(tmp);
        String uri = tmp.resolve("dung.lmm").toUri().toString();
        Object result = lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("lmm.fit", List.of(uri, "blocks")))
                .get(WAIT, TimeUnit.MILLISECONDS);
        // β0 of the seed's example (lme4: 0.1662317)
        assertEquals(0.1662317, json(result).getAsJsonObject("beta").get("(Intercept)").getAsDouble(), 1e-6);
        lsp.open(tmp.resolve("dung.lmm"), Files.readString(tmp.resolve("dung.lmm")));
        assertEquals("▶ Fit (REML)", lenses(uri).get(0).getCommand().getTitle());
    }
}
