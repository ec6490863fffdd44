package lmm.lsp;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import lmm.analysis.LmmSemanticTokens;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CodeLensOptions;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.DidChangeWatchedFilesRegistrationOptions;
import org.eclipse.lsp4j.ExecuteCommandOptions;
import org.eclipse.lsp4j.FileSystemWatcher;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.SemanticTokensWithRegistrationOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.WorkDoneProgressCancelParams;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The lmm language server: a thin LSP4J adapter over the feature classes of lmm.analysis. Speaks
 * JSON-RPC on stdin/stdout ({@link #launchOnStdio}); logs to stderr and window/logMessage only.
 */
public final class LmmLanguageServer implements LanguageServer, LanguageClientAware {
    private final Session session = new Session();
    private final LmmTextDocumentService documents = new LmmTextDocumentService(session);
    private final LmmWorkspaceService workspace = new LmmWorkspaceService(session);
    private volatile boolean shutdownRequested;
    private volatile boolean exitProcessOnExit;

    public LmmLanguageServer() {}

    /** Serves one client on this process's stdin/stdout until the stream ends or the client says exit. */
    public static void launchOnStdio() {
        InputStream in = System.in;
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        // Nothing else may write to stdout: it carries the protocol.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        LmmLanguageServer server = new LmmLanguageServer();
        server.exitProcessOnExit = true;
        Launcher<LanguageClient> launcher = launch(server, in, out);
        Future<Void> listening = launcher.startListening();
        try {
            listening.get();
        } catch (Exception e) {
            System.err.println("lmm-lsp: connection ended: " + e);
        }
        server.session.shutdown();
        System.exit(server.shutdownRequested ? 0 : 1);
    }

    /** Connects a server to a client over a pair of streams; call startListening() on the result. */
    public static Launcher<LanguageClient> launch(LmmLanguageServer server, InputStream in, OutputStream out) {
        Launcher<LanguageClient> launcher = ServerLauncher.create(server, in, out);
        server.connect(launcher.getRemoteProxy());
        return launcher;
    }

    @Override
    public void connect(LanguageClient client) {
        session.client = client;
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        session.safe("initialize", () -> {
            if (params.getCapabilities() != null) session.capabilities = params.getCapabilities();
            session.formats = ClientCapabilitiesReader.formats(params.getCapabilities());
            session.settings.apply(params.getInitializationOptions());
            String root = null;
            if (params.getWorkspaceFolders() != null && !params.getWorkspaceFolders().isEmpty()) {
                root = params.getWorkspaceFolders().get(0).getUri();
            } else {
                @SuppressWarnings("deprecation")
                String r = params.getRootUri();
                root = r;
            }
            session.workspaceRoot = Session.pathOf(root);
            session.workspaceRoots = params.getWorkspaceFolders() != null && !params.getWorkspaceFolders().isEmpty()
                    ? params.getWorkspaceFolders().stream().map(f -> Session.pathOf(f.getUri())).filter(java.util.Objects::nonNull).toList()
                    : session.workspaceRoot == null ? List.of() : List.of(session.workspaceRoot);
        });
        ServerCapabilities caps = new ServerCapabilities();
        TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
        sync.setOpenClose(true);
        sync.setChange(TextDocumentSyncKind.Incremental);
        sync.setSave(new org.eclipse.lsp4j.SaveOptions(false)); // a saved CSV is read from its file again
        caps.setTextDocumentSync(sync);
        caps.setCompletionProvider(new CompletionOptions(false, List.of("\"", "|", "(", "~", "+", "/", ",")));
        caps.setHoverProvider(true);
        caps.setCodeLensProvider(new CodeLensOptions(false));
        caps.setExecuteCommandProvider(new ExecuteCommandOptions(Session.commands()));
        caps.setInlayHintProvider(true);
        caps.setDocumentSymbolProvider(true);
        caps.setSemanticTokensProvider(new SemanticTokensWithRegistrationOptions(LmmSemanticTokens.LEGEND, true, false));
        caps.setDefinitionProvider(true);
        caps.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
        caps.setDocumentFormattingProvider(true);
        InitializeResult result = new InitializeResult(caps, new ServerInfo("lmm", version()));
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public void initialized(InitializedParams params) {
        // the first large fit would otherwise wait for the native library to load
        lmm.fit.DenseCholesky.startLoading();
        session.safe("initialized", () -> {
            var ws = session.capabilities.getWorkspace();
            boolean dynamic = ws != null && ws.getDidChangeWatchedFiles() != null
                    && Boolean.TRUE.equals(ws.getDidChangeWatchedFiles().getDynamicRegistration());
            if (dynamic && session.client != null) {
                var options = new DidChangeWatchedFilesRegistrationOptions(
                        List.of(new FileSystemWatcher(Either.forLeft("**/*.csv"))));
                session.client.registerCapability(new RegistrationParams(List.of(
                        new Registration("lmm-csv-watcher", "workspace/didChangeWatchedFiles", options))))
                        .exceptionally(e -> {
                            session.log(MessageType.Warning, "could not register the CSV file watcher: " + e);
                            return null;
                        });
            }
            session.log(MessageType.Info, "lmm language server " + version() + " ready");
        });
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdownRequested = true;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        session.shutdown();
        if (exitProcessOnExit) System.exit(shutdownRequested ? 0 : 1);
    }

    @Override
    public void cancelProgress(WorkDoneProgressCancelParams params) {
        session.safe("cancel progress", () -> Progress.cancel(params.getToken()));
    }

    @Override
    public TextDocumentService getTextDocumentService() { return documents; }

    @Override
    public WorkspaceService getWorkspaceService() { return workspace; }

    static String version() {
        String v = LmmLanguageServer.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }
}
