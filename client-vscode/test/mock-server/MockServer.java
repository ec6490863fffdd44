// A stand-in for the lmm language server, used ONLY to check the e2e harness and the client's
// commands while the real server's LSP features are being written (scripts/e2e-mock.sh).
// It fakes the contract: diagnostics for unknown columns, a hover with X and Z, "▶ Fit" lenses,
// lmm.fit / lmm.results / lmm.plots. Its numbers are not computed: they are the reference values.
import java.net.URI;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.*;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.*;

public class MockServer implements LanguageServer, LanguageClientAware, TextDocumentService, WorkspaceService {
  private LanguageClient client;
  private final Map<String, String> docs = new HashMap<>();
  private final Set<String> fitted = new HashSet<>();
  private int maxRows = 20;

  public static void main(String[] args) {
    MockServer s = new MockServer();
    var launcher = LSPLauncher.createServerLauncher(s, System.in, System.out);
    s.connect(launcher.getRemoteProxy());
    launcher.startListening();
  }

  public void connect(LanguageClient c) { client = c; }

  public CompletableFuture<InitializeResult> initialize(InitializeParams p) {
    System.err.println("mock: initializationOptions " + p.getInitializationOptions());
    var caps = new ServerCapabilities();
    caps.setTextDocumentSync(TextDocumentSyncKind.Full);
    caps.setHoverProvider(true);
    caps.setCodeLensProvider(new CodeLensOptions(false));
    caps.setExecuteCommandProvider(new ExecuteCommandOptions(List.of("lmm.fit", "lmm.results", "lmm.plots")));
    return CompletableFuture.completedFuture(new InitializeResult(caps));
  }
  public CompletableFuture<Object> shutdown() { return CompletableFuture.completedFuture(null); }
  public void exit() { System.exit(0); }
  public TextDocumentService getTextDocumentService() { return this; }
  public WorkspaceService getWorkspaceService() { return this; }

  public void didOpen(DidOpenTextDocumentParams p) { update(p.getTextDocument().getUri(), p.getTextDocument().getText()); }
  public void didChange(DidChangeTextDocumentParams p) { update(p.getTextDocument().getUri(), p.getContentChanges().get(0).getText()); }
  public void didClose(DidCloseTextDocumentParams p) { docs.remove(p.getTextDocument().getUri()); }
  public void didSave(DidSaveTextDocumentParams p) {}
  public void didChangeConfiguration(DidChangeConfigurationParams p) { System.err.println("mock: configuration " + p.getSettings()); }
  public void didChangeWatchedFiles(DidChangeWatchedFilesParams p) { System.err.println("mock: watched " + p.getChanges()); }

  private List<String[]> csv(String uri) {
    try {
      String text = docs.get(uri);
      var m = java.util.regex.Pattern.compile("data\\s+\"([^\"]+)\"").matcher(text);
      if (!m.find()) return List.of();
      Path f = Paths.get(new URI(uri)).getParent().resolve(m.group(1));
      List<String[]> rows = new ArrayList<>();
      for (String l : Files.readAllLines(f)) rows.add(l.replace("\"", "").split(","));
      return rows;
    } catch (Exception e) { return List.of(); }
  }

  private void update(String uri, String text) {
    docs.put(uri, text);
    fitted.clear();
    var header = csv(uri).isEmpty() ? new String[0] : csv(uri).get(0);
    List<Diagnostic> diags = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (!l.startsWith("model")) continue;
      var m = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*").matcher(l);
      int tilde = l.indexOf('=');
      while (m.find()) {
        if (m.start() <= tilde) continue;
        String name = m.group();
        if (Arrays.asList(header).contains(name)) continue;
        String best = null;
        for (String h : header) { char[] a = h.toCharArray(), b = name.toCharArray(); Arrays.sort(a); Arrays.sort(b); if (Arrays.equals(a, b)) best = h; }
        diags.add(new Diagnostic(new Range(new Position(i, m.start()), new Position(i, m.end())),
            "unknown column '" + name + "'" + (best != null ? "; did you mean '" + best + "'?" : ""), DiagnosticSeverity.Error, "lmm"));
      }
    }
    client.publishDiagnostics(new PublishDiagnosticsParams(uri, diags));
  }

  public CompletableFuture<Hover> hover(HoverParams p) {
    var rows = csv(p.getTextDocument().getUri());
    StringBuilder sb = new StringBuilder("**X** (fixed effects)\n\n| (Intercept) | flies |\n|---:|---:|\n");
    StringBuilder z = new StringBuilder("**Z** (random effects, oven_block)\n\n| 1 | 2 | 3 |\n|---:|---:|---:|\n");
    for (int i = 1; i < rows.size() && i <= maxRows; i++) {
      sb.append("| 1 | ").append(rows.get(i)[1]).append(" |\n");
      String g = rows.get(i)[2];
      z.append("| ").append(g.equals("1") ? 1 : 0).append(" | ").append(g.equals("2") ? 1 : 0).append(" | ").append(g.equals("3") ? 1 : 0).append(" |\n");
    }
    return CompletableFuture.completedFuture(new Hover(new MarkupContent("markdown", sb + "\n" + z)));
  }

  public CompletableFuture<List<? extends CodeLens>> codeLens(CodeLensParams p) {
    String uri = p.getTextDocument().getUri();
    String[] lines = docs.getOrDefault(uri, "").split("\n", -1);
    List<CodeLens> lenses = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      var m = java.util.regex.Pattern.compile("^model\\s+(\\w+)\\s*=").matcher(lines[i]);
      if (!m.find()) continue;
      String name = m.group(1);
      Range r = new Range(new Position(i, 0), new Position(i, 5));
      if (fitted.contains(name)) {
        lenses.add(new CodeLens(r, new Command("β: (Intercept) 0.16623, flies -3.4667e-05", "lmm.showResults", List.of(uri, name, "fixef")), null));
        lenses.add(new CodeLens(r, new Command("plots", "lmm.showPlots", List.of(uri, name)), null));
        lenses.add(new CodeLens(r, new Command("export", "lmm.exportResults", List.of(uri, name)), null));
      } else {
        lenses.add(new CodeLens(r, new Command("▶ Fit", "lmm.fit", List.of(uri, name)), null));
      }
    }
    return CompletableFuture.completedFuture(lenses);
  }

  public CompletableFuture<Object> executeCommand(ExecuteCommandParams p) {
    List<Object> a = p.getArguments();
    String model = a.size() > 1 ? String.valueOf(a.get(1)).replace("\"", "") : "?";
    switch (p.getCommand()) {
      case "lmm.fit":
        fitted.add(model);
        client.refreshCodeLenses();
        return CompletableFuture.completedFuture(null);
      case "lmm.results":
        return CompletableFuture.completedFuture(Map.of("title", "Results of " + model, "language", "markdown",
            "content", "# " + model + "\n\n| term | estimate |\n|---|---:|\n| (Intercept) | 0.16623 |\n| flies | -3.4667e-05 |\n"));
      case "lmm.plots": {
        List<Map<String, String>> plots = new ArrayList<>();
        for (String[] t : new String[][] {{"residuals", "Residuals vs fitted"}, {"qq", "Normal QQ of residuals"}, {"caterpillar-oven_block", "u for oven_block"}}) {
          String svg = "<svg xmlns='http://www.w3.org/2000/svg' width='320' height='240'><rect width='320' height='240' fill='white' stroke='black'/>"
              + "<circle cx='60' cy='120' r='5' fill='steelblue'/><circle cx='160' cy='80' r='5' fill='steelblue'/><circle cx='260' cy='160' r='5' fill='steelblue'/>"
              + "<text x='10' y='20'>" + t[1] + "</text><script>alert(1)</script></svg>";
          plots.add(Map.of("name", t[0], "title", t[1], "svg", svg));
        }
        return CompletableFuture.completedFuture(Map.of("title", "lmm results: " + model, "plots", plots));
      }
      default:
        return CompletableFuture.failedFuture(new RuntimeException("unknown command " + p.getCommand()));
    }
  }
}
