package lmm.lsp;

import static lmm.lsp.LspHarness.doc;
import static lmm.lsp.LspHarness.pos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import lmm.analysis.Fixtures;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressKind;
import org.eclipse.lsp4j.WorkDoneProgressNotification;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server through the protocol: a real LSP4J client, JSON-RPC over pipes, the dung example. */
@Timeout(120)
class LspEndToEndTest {
    static final long WAIT = 20_000;

    @TempDir
    Path tmp;
    LspHarness lsp;
    Path lmmFile;
    String uri;

    @BeforeEach
    void start() throws Exception {
        Fixtures.dungDir(tmp);
        lmmFile = tmp.resolve("dung.lmm");
        lsp = new LspHarness(JsonParser.parseString("{\"hover\":{\"maxRows\":5}}"));
        uri = lsp.open(lmmFile);
    }

    @AfterEach
    void stop() {
        lsp.close();
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT, TimeUnit.MILLISECONDS);
    }

    /** Line number of the first line of the document containing text. */
    int lineOf(String text) throws Exception {
        List<String> lines = Files.readAllLines(lmmFile, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i;
        throw new AssertionError(text);
    }

    int columnOf(String line, String text) throws Exception {
        return Files.readAllLines(lmmFile, StandardCharsets.UTF_8).get(lineOf(line)).indexOf(text);
    }

    Hover hover(int line, int col) throws Exception {
        return get(lsp.server.getTextDocumentService().hover(new HoverParams(doc(uri), pos(line, col))));
    }

    List<? extends CodeLens> lenses() throws Exception {
        return get(lsp.server.getTextDocumentService().codeLens(new CodeLensParams(doc(uri))));
    }

    static JsonObject json(Object o) {
        return o instanceof JsonObject j ? j : new com.google.gson.Gson().toJsonTree(o).getAsJsonObject();
    }

    Object execute(String command, Object... args) throws Exception {
        return get(lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams(command, List.of(args))));
    }

    // ------------------------------------------------------------------ initialize, diagnostics

    @Test
    void capabilitiesAndWatcherRegistration() throws Exception {
        var caps = lsp.initialized.getCapabilities();
        assertEquals(List.of("lmm.fit", "lmm.results", "lmm.plots", "lmm.compare"), caps.getExecuteCommandProvider().getCommands());
        assertTrue(caps.getHoverProvider().getLeft());
        assertNotNull(caps.getCompletionProvider());
        assertNotNull(caps.getSemanticTokensProvider());
        long end = System.currentTimeMillis() + WAIT;
        while (lsp.client.registrations.isEmpty() && System.currentTimeMillis() < end) Thread.sleep(10);
        assertEquals("workspace/didChangeWatchedFiles", lsp.client.registrations.get(0).getRegistrations().get(0).getMethod());
        assertTrue(lsp.client.registrations.get(0).getRegistrations().get(0).getRegisterOptions().toString().contains("**/*.csv"));
    }

    @Test
    void diagnosticsOnOpenAndOnChange() throws Exception {
        PublishDiagnosticsParams first = lsp.client.awaitDiagnostics(uri, p -> true, WAIT);
        assertEquals(List.of(), first.getDiagnostics(), "the example has no problems");

        int line = lineOf("model blocks =");
        int col = columnOf("model blocks =", "flies");
        lsp.edit(uri, new Range(pos(line, col), pos(line, col + 5)), "flie");
        PublishDiagnosticsParams p = lsp.client.awaitDiagnostics(uri, d -> !d.getDiagnostics().isEmpty(), WAIT);
        Diagnostic d = p.getDiagnostics().get(0);
        assertEquals("unknown column 'flie'; did you mean 'flies'? (columns: pr_dung, flies, oven_block)", d.getMessage());
        assertEquals(DiagnosticSeverity.Error, d.getSeverity());
        assertEquals(new Range(pos(line, col), pos(line, col + 4)), d.getRange());
        assertEquals("unknown-column", d.getCode().getLeft());

        // quick fix through the protocol
        List<Either<Command, CodeAction>> actions = get(lsp.server.getTextDocumentService().codeAction(
                new CodeActionParams(doc(uri), d.getRange(), new CodeActionContext(List.of(d)))));
        CodeAction fix = actions.get(0).getRight();
        assertEquals("Change to 'flies'", fix.getTitle());
        TextEdit edit = fix.getEdit().getChanges().get(uri).get(0);
        assertEquals("flies", edit.getNewText());
        assertEquals(d.getRange(), edit.getRange());

        lsp.edit(uri, d.getRange(), "flies");
        lsp.client.awaitDiagnostics(uri, x -> x.getDiagnostics().isEmpty(), WAIT);
    }

    @Test
    void csvChangeOnDiskRechecks() throws Exception {
        lsp.client.awaitDiagnostics(uri, p -> p.getDiagnostics().isEmpty(), WAIT);
        Path csv = tmp.resolve("dung.csv");
        String text = Files.readString(csv).replace("0.1433747,223,1", "0.1433747,NA,1");
        Files.writeString(csv, text);
        csv.toFile().setLastModified(System.currentTimeMillis() + 5000);
        lsp.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
                List.of(new FileEvent(csv.toUri().toString(), FileChangeType.Changed))));
        PublishDiagnosticsParams p = lsp.client.awaitDiagnostics(uri, d -> !d.getDiagnostics().isEmpty(), WAIT);
        Diagnostic note = p.getDiagnostics().get(0);
        assertEquals(DiagnosticSeverity.Information, note.getSeverity());
        assertTrue(note.getMessage().contains("1 of 18 rows dropped for missing values; 17 used"), note.getMessage());
    }

    @Test
    void csvEditedInTheEditorIsUsed() throws Exception {
        lsp.client.awaitDiagnostics(uri, p -> p.getDiagnostics().isEmpty(), WAIT);
        Path csv = tmp.resolve("dung.csv");
        String csvUri = lsp.open(csv);
        lsp.replace(csvUri, Files.readString(csv).replace("\"flies\"", "\"fly_count\""));
        PublishDiagnosticsParams p = lsp.client.awaitDiagnostics(uri, d -> !d.getDiagnostics().isEmpty(), WAIT);
        assertTrue(p.getDiagnostics().stream().anyMatch(d -> d.getMessage().startsWith("unknown column 'flies'")), p.toString());
    }

    // ------------------------------------------------------------------ completion, hover

    @Test
    void completionOfColumnsAndGroupingFactors() throws Exception {
        int line = lineOf("model blocks =");
        int col = columnOf("model blocks =", "flies") + 2;
        var result = get(lsp.server.getTextDocumentService().completion(new CompletionParams(doc(uri), pos(line, col))));
        List<CompletionItem> items = result.getRight().getItems();
        CompletionItem flies = items.stream().filter(i -> i.getLabel().equals("flies")).findFirst().orElseThrow();
        assertEquals(CompletionItemKind.Variable, flies.getKind());
        assertTrue(flies.getDetail().startsWith("numeric · mean "), flies.getDetail());
        assertTrue(items.stream().anyMatch(i -> i.getLabel().equals("log") && i.getKind() == CompletionItemKind.Function));
        assertTrue(items.stream().anyMatch(i -> i.getLabel().equals("(1 | oven_block)") && i.getKind() == CompletionItemKind.Snippet));

        int bar = columnOf("model blocks =", "oven_block") + 1;
        var grouping = get(lsp.server.getTextDocumentService().completion(new CompletionParams(doc(uri), pos(line, bar))));
        assertEquals(List.of("oven_block"), grouping.getRight().getItems().stream().map(CompletionItem::getLabel).toList());
        assertEquals(CompletionItemKind.Enum, grouping.getRight().getItems().get(0).getKind());
    }

    @Test
    void hoverShowsTheDesignMatricesCutToTheConfiguredRows() throws Exception {
        int line = lineOf("model blocks =");
        Hover h = hover(line, columnOf("model blocks =", "~"));
        String md = h.getContents().getRight().getValue();
        assertTrue(md.contains("Y 18 × 1 = X 18 × 2 · β 2 × 1 + Z 18 × 3 · u 3 × 1 + e 18 × 1"), md);
        assertTrue(md.contains("\n  1 0.1433747 = 1   223 β + 1 0 0 u + e\n"), md);
        // maxRows 5 from initializationOptions: rows chosen to show every oven block (1, 8, 13), then the first others (2, 3)
        assertTrue(md.contains("5 of 18 rows, chosen so that every level of oven_block appears"), "maxRows 5: " + md);
        assertTrue(md.contains("\n  3 0.1413354 ") && md.contains("\n  8 0.1705165 ") && md.contains("\n 13 0.1806727 "), md);
        assertFalse(md.contains("\n  4 "), md);

        lsp.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(
                JsonParser.parseString("{\"lmm\":{\"hover\":{\"maxRows\":2}}}")));
        String md2 = hover(line, columnOf("model blocks =", "~")).getContents().getRight().getValue();
        assertTrue(md2.contains("the first 2 of 18 rows"), md2);
        assertFalse(md2.contains("\n  3 "), md2);
    }

    // ------------------------------------------------------------------ fit, lenses, hints, results

    /** The compare lens runs the ML refits through lmm.compare; then it shows R's χ², df and p (dung.inference.json). */
    @Test
    void compareFromTheLens() throws Exception {
        Path file = tmp.resolve("compare.lmm");
        String text = Files.readString(lmmFile, StandardCharsets.UTF_8)
                + "method REML\nmodel nullblocks = pr_dung ~ 1 + (1 | oven_block)\ncompare nullblocks, blocks\n";
        Files.writeString(file, text);
        String curi = lsp.open(file, text);
        lsp.client.awaitDiagnostics(curi, p -> true, WAIT);
        java.util.function.Supplier<CodeLens> compareLens = () -> {
            try {
                var all = get(lsp.server.getTextDocumentService().codeLens(new CodeLensParams(doc(curi))));
                return all.stream().filter(l -> "lmm.compare".equals(l.getCommand().getCommand())).findFirst().orElseThrow();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        CodeLens before = compareLens.get();
        assertEquals("▶ Compare (LRT, REML fits refitted by ML)", before.getCommand().getTitle());
        // the arguments as the client sends them back: JSON values
        List<Object> args = new com.google.gson.Gson().toJsonTree(before.getCommand().getArguments()).getAsJsonArray().asList()
                .stream().map(e -> (Object) e).toList();
        JsonObject table = json(get(lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("lmm.compare", args))));
        assertTrue(table.get("refitML").getAsBoolean());
        // R: Chisq 1.23106897841666, p 0.267199247918643
        assertEquals(1.23106897841666, table.getAsJsonArray("table").get(1).getAsJsonObject().get("chisq").getAsDouble(), 1e-4);
        long end = System.currentTimeMillis() + WAIT;
        String title = compareLens.get().getCommand().getTitle();
        while (title.startsWith("▶") && System.currentTimeMillis() < end) {
            Thread.sleep(20);
            title = compareLens.get().getCommand().getTitle();
        }
        assertEquals("χ² = 1.231, df = 1, p = 0.2672 (ML refit)", title);
        // the REML models' own lenses are untouched: their REML fits are not made by the comparison
        var titles = get(lsp.server.getTextDocumentService().codeLens(new CodeLensParams(doc(curi)))).stream()
                .map(l -> l.getCommand().getTitle()).toList();
        assertTrue(titles.contains("▶ Fit (REML)"), titles.toString());
        ExecutionException e = assertThrows(ExecutionException.class, () -> execute("lmm.compare", curi, List.of("nullblocks", "nope")));
        assertTrue(e.getCause().getMessage().contains("no line 'compare nullblocks, nope'"), e.getCause().getMessage());
    }

    @Test
    void fitFromTheLensThenLensesHintsAndResults() throws Exception {
        lsp.client.awaitDiagnostics(uri, p -> true, WAIT);
        List<? extends CodeLens> before = lenses();
        CodeLens fitLens = before.get(0);
        assertEquals("▶ Fit (REML)", fitLens.getCommand().getTitle());
        assertEquals("lmm.fit", fitLens.getCommand().getCommand());
        assertEquals("▶ Fit (ML)", before.get(1).getCommand().getTitle());

        List<Object> args = fitLens.getCommand().getArguments();
        Object summary = get(lsp.server.getWorkspaceService().executeCommand(
                new ExecuteCommandParams("lmm.fit", args.stream().map(a -> (Object) ((com.google.gson.JsonPrimitive) a).getAsString()).toList())));
        JsonObject o = json(summary);
        assertEquals("blocks", o.get("model").getAsString());
        assertEquals(0.1662317, o.getAsJsonObject("beta").get("(Intercept)").getAsDouble(), 5e-7);
        assertTrue(lsp.client.progressCreated.get() >= 1, "progress created");
        lsp.client.awaitProgress(ps -> ps.stream().anyMatch(p -> p.getValue().getLeft() instanceof WorkDoneProgressEnd), WAIT);
        long end = System.currentTimeMillis() + WAIT;
        while (lsp.client.codeLensRefreshes.get() == 0 && System.currentTimeMillis() < end) Thread.sleep(10);
        assertTrue(lsp.client.codeLensRefreshes.get() > 0, "code lens refresh sent");
        assertTrue(lsp.client.inlayHintRefreshes.get() > 0, "inlay hint refresh sent");

        List<String> titles = lenses().stream().map(l -> l.getCommand().getTitle()).toList();
        assertTrue(titles.contains("β (Intercept) 0.16623 · flies -3.4667e-05"), titles.toString());
        assertTrue(titles.contains("u oven_block: 1 -0.016208 · 2 0.0071586 · 3 0.0090492"), titles.toString());
        assertTrue(titles.stream().anyMatch(t -> t.startsWith("σ 0.0079513")), titles.toString());
        assertTrue(titles.containsAll(List.of("Results", "Plots", "▶ Re-fit")), titles.toString());
        assertTrue(titles.contains("▶ Fit (ML)"), "the other model is not fitted: " + titles);
        List<String> commands = lenses().stream().map(l -> l.getCommand().getCommand()).distinct().toList();
        assertTrue(commands.containsAll(List.of("lmm.showResults", "lmm.showPlots", "lmm.fit")), commands.toString());

        int line = lineOf("model blocks =");
        List<InlayHint> hints = get(lsp.server.getTextDocumentService().inlayHint(
                new InlayHintParams(doc(uri), new Range(pos(0, 0), pos(20, 0)))));
        assertEquals(1, hints.size(), hints.toString());
        assertEquals("β̂ -3.4667e-05", hints.get(0).getLabel().getLeft());
        assertEquals(pos(line, columnOf("model blocks =", "flies") + 5), hints.get(0).getPosition());

        // hover after the fit: the decomposition, and the estimate of the term under the cursor
        String md = hover(line, columnOf("model blocks =", "flies") + 1).getContents().getRight().getValue();
        assertTrue(md.contains("**flies** · numeric column"), md);
        assertTrue(md.contains("| flies | -3.466743e-05 | 3.37894e-05 | -1.026 |"), md);
        assertTrue(md.contains("\n  1 0.1433747 = "), md);
        assertTrue(md.contains("max |Y − (Xβ + Zu + e)| = "), md);

        JsonObject results = json(execute("lmm.results", uri, "blocks", "fixef", "markdown"));
        assertEquals("markdown", results.get("language").getAsString());
        assertTrue(results.get("content").getAsString().contains("| flies | -3.466743e-05 |"), results.toString());
        JsonObject csv = json(execute("lmm.results", uri, "blocks", "all", "csv"));
        String[] rows = csv.get("content").getAsString().split("\n");
        assertEquals("row,Y,fitted,residual,Xβ,Zu", rows[0]);
        assertEquals(19, rows.length);
        JsonObject json = json(execute("lmm.results", uri, "blocks", "all", "json"));
        JsonObject parsed = JsonParser.parseString(json.get("content").getAsString()).getAsJsonObject();
        assertEquals(-3.466743e-05, parsed.getAsJsonObject("fixef").getAsJsonArray("estimate").get(1).getAsDouble(), 1e-10);
        JsonObject plots = json(execute("lmm.plots", uri, "blocks"));
        assertEquals(3, plots.getAsJsonArray("plots").size(), plots.toString());
        JsonObject qq = plots.getAsJsonArray("plots").get(1).getAsJsonObject();
        assertTrue(qq.get("svg").getAsString().contains("<svg") && !qq.get("name").getAsString().isEmpty(), qq.toString());

        // an edit makes the results stale: the lens says so and offers a re-fit; the hints go
        lsp.edit(uri, new Range(pos(line + 1, 0), pos(line + 1, 0)), "# a comment\n");
        List<? extends CodeLens> stale = lenses();
        assertEquals("⚠ results are stale — ▶ Re-fit (REML)", stale.get(0).getCommand().getTitle());
        assertEquals("lmm.fit", stale.get(0).getCommand().getCommand());
        assertEquals(List.of(), get(lsp.server.getTextDocumentService().inlayHint(
                new InlayHintParams(doc(uri), new Range(pos(0, 0), pos(20, 0))))));
    }

    @Test
    void badCommandArgumentsAreErrorsNotCrashes() throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> execute("lmm.fit", uri, "no_such_model"));
        assertTrue(e.getCause() instanceof ResponseErrorException, e.toString());
        assertThrows(ExecutionException.class, () -> execute("lmm.results", uri));
        assertThrows(ExecutionException.class, () -> execute("lmm.nothing"));
        assertNotNull(hover(lineOf("model blocks ="), 20));
    }

    // ------------------------------------------------------------------ symbols, tokens, definition, formatting

    @Test
    void symbolsTokensDefinitionFormatting() throws Exception {
        List<Either<org.eclipse.lsp4j.SymbolInformation, DocumentSymbol>> symbols =
                get(lsp.server.getTextDocumentService().documentSymbol(new DocumentSymbolParams(doc(uri))));
        assertEquals(List.of("dung.csv", "blocks", "blocks_ml"), symbols.stream().map(x -> x.getRight().getName()).toList());

        SemanticTokens tokens = get(lsp.server.getTextDocumentService().semanticTokensFull(new SemanticTokensParams(doc(uri))));
        assertEquals(0, tokens.getData().size() % 5);
        assertTrue(tokens.getData().size() > 5 * 20, "tokens: " + tokens.getData().size());
        var legend = lsp.initialized.getCapabilities().getSemanticTokensProvider().getLegend().getTokenTypes();
        assertEquals("comment", legend.get(tokens.getData().get(3)), "the document starts with a comment");

        int line = lineOf("model blocks =");
        var def = get(lsp.server.getTextDocumentService().definition(
                new DefinitionParams(doc(uri), pos(line, columnOf("model blocks =", "flies") + 2))));
        Location loc = def.getLeft().get(0);
        assertEquals(tmp.resolve("dung.csv").toUri().toString(), loc.getUri());
        assertEquals(new Range(pos(0, 11), pos(0, 16)), loc.getRange(), "\"pr_dung\",\"flies\",...: the text flies");

        lsp.replace(uri, "data \"dung.csv\"\nmodel  m=pr_dung~flies+( 1|oven_block )\n");
        List<? extends TextEdit> edits = get(lsp.server.getTextDocumentService().formatting(
                new DocumentFormattingParams(doc(uri), new FormattingOptions(2, true))));
        assertEquals(1, edits.size());
        assertEquals("model m = pr_dung ~ flies + (1 | oven_block)", edits.get(0).getNewText());
    }
}
