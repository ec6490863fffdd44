package lmm.lsp;

import static lmm.lsp.LspHarness.doc;
import static lmm.lsp.LspHarness.pos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lmm.analysis.Fixtures;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server stays up and keeps answering: garbage text, bad data files, big data, a cancelled fit. */
@Timeout(180)
class LspRobustnessTest {
    static final long WAIT = 30_000;

    @TempDir
    Path tmp;
    LspHarness lsp;
    String dungUri;

    @BeforeEach
    void start() throws Exception {
        Fixtures.dungDir(tmp);
        lsp = new LspHarness(null);
        dungUri = lsp.open(tmp.resolve("dung.lmm"));
    }

    @AfterEach
    void stop() {
        lsp.close();
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT, TimeUnit.MILLISECONDS);
    }

    /** Sends every kind of request at a position; each must be answered (not fail). */
    void everyRequest(String uri, Position p) throws Exception {
        var td = lsp.server.getTextDocumentService();
        get(td.hover(new HoverParams(doc(uri), p)));
        assertNotNull(get(td.completion(new CompletionParams(doc(uri), p))));
        assertNotNull(get(td.codeLens(new CodeLensParams(doc(uri)))));
        assertNotNull(get(td.inlayHint(new InlayHintParams(doc(uri), new Range(pos(0, 0), p)))));
        assertNotNull(get(td.documentSymbol(new DocumentSymbolParams(doc(uri)))));
        assertNotNull(get(td.semanticTokensFull(new SemanticTokensParams(doc(uri)))));
        assertNotNull(get(td.definition(new DefinitionParams(doc(uri), p))));
        assertNotNull(get(td.codeAction(new CodeActionParams(doc(uri), new Range(p, p), new CodeActionContext(List.of())))));
        assertNotNull(get(td.formatting(new DocumentFormattingParams(doc(uri), new FormattingOptions(2, true)))));
    }

    void stillAlive() throws Exception {
        Hover h = get(lsp.server.getTextDocumentService().hover(new HoverParams(doc(dungUri), pos(6, 26))));
        assertTrue(h.getContents().getRight().getValue().contains("**model blocks**"));
    }

    @Test
    void garbageText() throws Exception {
        Random r = new Random(7);
        String uri = lsp.open(tmp.resolve("garbage.lmm"), "");
        String alphabet = "model data factor method ~+-*/:^|()`\"'#,=\\n\\r\\t 0123456789.e_abcxyzλ\u0000\uFEFF\uD83D\uDE00\uD800";
        for (int round = 0; round < 40; round++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(300);
            for (int i = 0; i < len; i++) {
                sb.append(round % 2 == 0 ? alphabet.charAt(r.nextInt(alphabet.length())) : (char) r.nextInt(0x3000));
            }
            String text = sb.toString();
            lsp.replace(uri, text);
            int lines = (int) text.chars().filter(c -> c == '\n').count() + 1;
            everyRequest(uri, pos(r.nextInt(lines + 2), r.nextInt(40)));
            // an incremental edit at a random (possibly out-of-range) place
            lsp.edit(uri, new Range(pos(r.nextInt(lines + 1), r.nextInt(50)), pos(r.nextInt(lines + 3), r.nextInt(50))), "model x ~ (1|");
            everyRequest(uri, pos(r.nextInt(lines + 2), r.nextInt(40)));
        }
        // a document of sensible statements with garbage data paths
        lsp.replace(uri, "data \"\u0000/\\\\?*:<>|.csv\"\nmodel m = y ~ x\ndata \"\"\nfactor ,,\nmethod\nmodel = ~\n");
        everyRequest(uri, pos(1, 10));
        lsp.client.awaitDiagnostics(uri, p -> !p.getDiagnostics().isEmpty(), WAIT);
        stillAlive();
    }

    @Test
    void unreadableAndMalformedCsv() throws Exception {
        Files.createDirectory(tmp.resolve("x.csv"));
        Files.writeString(tmp.resolve("ragged.csv"), "a,b,c\n1,2,3\n4,5\n6,7,8,9\n");
        Files.writeString(tmp.resolve("quote.csv"), "a,b\n1,\"unclosed\n2,3\n");
        Files.write(tmp.resolve("binary.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3, (byte) 0xc3, 0x28, 10});
        for (String name : List.of("x.csv", "ragged.csv", "quote.csv", "binary.csv", "missing.csv")) {
            Path doc = tmp.resolve(name.replace(".csv", "") + ".lmm");
            String uri = lsp.open(doc, "data \"" + name + "\"\nfactor b\nmodel m = a ~ b + (1 | c)\n");
            PublishDiagnosticsParams p = lsp.client.awaitDiagnostics(uri, d -> !d.getDiagnostics().isEmpty(), WAIT);
            Diagnostic d = p.getDiagnostics().get(0);
            assertEquals("data-error", d.getCode().getLeft(), name + ": " + p);
            assertEquals(new Range(pos(0, 5), pos(0, 7 + name.length())), d.getRange(), name);
            everyRequest(uri, pos(0, 8));
            everyRequest(uri, pos(2, 12));
        }
        stillAlive();
    }

    @Test
    void hundredThousandRows() throws Exception {
        Generated.csv(tmp.resolve("big.csv"), 100_000, 50, 30);
        String uri = lsp.open(tmp.resolve("big.lmm"), "data \"big.csv\"\nmodel m = y ~ x + (1 | g)\n");
        PublishDiagnosticsParams p = lsp.client.awaitDiagnostics(uri, d -> true, WAIT);
        assertEquals(List.of(), p.getDiagnostics());
        Hover h = get(lsp.server.getTextDocumentService().hover(new HoverParams(doc(uri), pos(1, 14))));
        String md = h.getContents().getRight().getValue();
        assertTrue(md.contains("Y 100000 × 1 = X 100000 × 2 · β 2 × 1 + Z 100000 × 50 · u 50 × 1 + e 100000 × 1"), md);
        // 50 levels cannot all show in 20 rows: the first 20, and of Z the columns of their levels
        assertTrue(md.contains("the first 20 of 100000 rows"), md);
        assertTrue(md.matches("(?s).*Z g: \\d+ of 50 columns shown.*"), md);
        everyRequest(uri, pos(1, 12));
        stillAlive();
    }

    @Test
    void cancelAFitWhileTheServerKeepsAnswering() throws Exception {
        Generated.csv(tmp.resolve("slow.csv"), 20_000, 400, 300);
        String uri = lsp.open(tmp.resolve("slow.lmm"), "data \"slow.csv\"\nmodel slow = y ~ x + (1 + x | g) + (1 | h)\n");
        CompletableFuture<Object> fit = lsp.server.getWorkspaceService().executeCommand(
                new ExecuteCommandParams("lmm.fit", List.of(uri, "slow")));
        lsp.client.awaitProgress(ps -> ps.stream().anyMatch(p -> p.getValue().getLeft() instanceof WorkDoneProgressReport), WAIT);
        assertTrue(!fit.isDone(), "the fit is running");

        // hover and completion are answered while the fit runs
        long t0 = System.nanoTime();
        stillAlive();
        assertNotNull(get(lsp.server.getTextDocumentService().completion(new CompletionParams(doc(uri), pos(1, 15)))));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        assertTrue(!fit.isDone(), "the fit is still running");

        fit.cancel(true); // sends $/cancelRequest
        lsp.client.awaitProgress(ps -> ps.stream().anyMatch(p -> p.getValue().getLeft() instanceof WorkDoneProgressEnd e
                && "cancelled".equals(e.getMessage())), WAIT);
        assertTrue(fit.isCompletedExceptionally());
        List<? extends CodeLens> lenses = get(lsp.server.getTextDocumentService().codeLens(new CodeLensParams(doc(uri))));
        assertEquals("▶ Fit (REML)", lenses.get(0).getCommand().getTitle(), "nothing stored for a cancelled fit");
        stillAlive();
    }
}
