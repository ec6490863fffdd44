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

    Object execute(String command, Object... args) throws Exception {
        return get(lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams(command, List.of(args))));
    }

    // ------------------------------------------------------------------ initialize, diagnostics

    @Test
    void capabilitiesAndWatcherRegistration() throws Exception {
        var caps = lsp.initialized.getCapabilities();
        assertEquals(List.of("lmm.fit", "lmm.results", "lmm.plots"), caps.getExecuteCommandProvider().getCommands());
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
}
