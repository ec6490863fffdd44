package lmm.lsp;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeLensWorkspaceCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesCapabilities;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.InlayHintWorkspaceCapabilities;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A real server and a real LSP4J client connected by two pipes, so that every request and
 * notification travels as a JSON-RPC message.
 */
final class LspHarness implements AutoCloseable {
    final TestClient client = new TestClient();
    final LanguageServer server;
    final InitializeResult initialized;
    private final PipedOutputStream toServer, toClient;
    private int version = 1;

    /** A client that asks for what VS Code asks for: Markdown hovers and documentation, snippets. */
    LspHarness(Object initializationOptions) throws Exception {
        this(initializationOptions, LspHarness::likeVsCode);
    }

    static void likeVsCode(ClientCapabilities caps) {
        org.eclipse.lsp4j.TextDocumentClientCapabilities td = new org.eclipse.lsp4j.TextDocumentClientCapabilities();
        td.setHover(new org.eclipse.lsp4j.HoverCapabilities(List.of("markdown", "plaintext"), true));
        org.eclipse.lsp4j.CompletionItemCapabilities item = new org.eclipse.lsp4j.CompletionItemCapabilities(true);
        item.setDocumentationFormat(List.of("markdown", "plaintext"));
        td.setCompletion(new org.eclipse.lsp4j.CompletionCapabilities(item));
        caps.setTextDocument(td);
    }

    /** @param textDocumentCapabilities sets what the client declares it can show */
    LspHarness(Object initializationOptions, java.util.function.Consumer<ClientCapabilities> textDocumentCapabilities) throws Exception {
        this(initializationOptions, textDocumentCapabilities, null);
    }

    /** A VS Code-like client with one workspace folder. */
    LspHarness(Object initializationOptions, Path workspaceFolder) throws Exception {
        this(initializationOptions, LspHarness::likeVsCode, workspaceFolder);
    }

    /** @param workspaceFolder the one workspace folder, or null for none */
    LspHarness(Object initializationOptions, java.util.function.Consumer<ClientCapabilities> textDocumentCapabilities, Path workspaceFolder)
            throws Exception {
        PipedInputStream serverIn = new PipedInputStream(1 << 16);
        toServer = new PipedOutputStream(serverIn);
        PipedInputStream clientIn = new PipedInputStream(1 << 16);
        toClient = new PipedOutputStream(clientIn);

        LmmLanguageServer impl = new LmmLanguageServer();
        Launcher<LanguageClient> serverLauncher = LmmLanguageServer.launch(impl, serverIn, toClient);
        serverLauncher.startListening();
        // every message the client receives is also shown to the TestClient (responses included: the
        // RequestCancelled answer of a cancelled request never reaches LSP4J's already cancelled future)
        Launcher<LanguageServer> clientLauncher = new LSPLauncher.Builder<LanguageServer>()
                .setLocalService(client).setRemoteInterface(LanguageServer.class).setInput(clientIn).setOutput(toServer)
                .wrapMessages(consumer -> message -> {
                    client.received(message);
                    consumer.consume(message);
                })
                .create();
        clientLauncher.startListening();
        server = clientLauncher.getRemoteProxy();

        InitializeParams init = new InitializeParams();
        ClientCapabilities caps = new ClientCapabilities();
        WindowClientCapabilities window = new WindowClientCapabilities();
        window.setWorkDoneProgress(true);
        caps.setWindow(window);
        WorkspaceClientCapabilities ws = new WorkspaceClientCapabilities();
        ws.setCodeLens(new CodeLensWorkspaceCapabilities(true));
        ws.setInlayHint(new InlayHintWorkspaceCapabilities(true));
        ws.setDidChangeWatchedFiles(new DidChangeWatchedFilesCapabilities(true));
        caps.setWorkspace(ws);
        textDocumentCapabilities.accept(caps);
        init.setCapabilities(caps);
        init.setInitializationOptions(initializationOptions);
        if (workspaceFolder != null) init.setWorkspaceFolders(List.of(new org.eclipse.lsp4j.WorkspaceFolder(workspaceFolder.toUri().toString(), "workspace")));
        initialized = server.initialize(init).get(10, TimeUnit.SECONDS);
        server.initialized(new InitializedParams());
    }

    String open(Path file) throws IOException {
        return open(file, Files.readString(file, StandardCharsets.UTF_8));
    }

    String open(Path file, String text) {
        String uri = file.toUri().toString();
        String lang = file.toString().endsWith(".csv") ? "csv" : "lmm";
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, lang, version++, text)));
        return uri;
    }

    /** Replaces a range (incremental sync); returns the new document version. */
    int edit(String uri, Range range, String text) {
        TextDocumentContentChangeEvent change = new TextDocumentContentChangeEvent(range, text);
        int v = version++;
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, v), List.of(change)));
        return v;
    }

    /** Replaces the whole text. */
    void replace(String uri, String text) {
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version++), List.of(new TextDocumentContentChangeEvent(text))));
    }

    static TextDocumentIdentifier doc(String uri) { return new TextDocumentIdentifier(uri); }

    static Position pos(int line, int character) { return new Position(line, character); }

    @Override
    public void close() {
        try {
            server.shutdown().get(5, TimeUnit.SECONDS);
            server.exit();
        } catch (Exception ignored) {
            // closing anyway
        }
        try {
            toServer.close();
            toClient.close();
        } catch (IOException ignored) {
            // closed
        }
    }
}
