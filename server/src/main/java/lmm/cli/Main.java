package lmm.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lmm.analysis.MatrixTables;
import lmm.analysis.ModelFits;
import lmm.analysis.ResultJson;
import lmm.analysis.TextSummary;
import lmm.data.DataCache;
import lmm.fit.FitOptions;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.ModelEntry;
import lmm.syntax.Diagnostic;
import lmm.syntax.Parser;
import lmm.syntax.SourceFile;

/**
 * The command line: {@code lmm fit FILE [--json] [--verbose] [--model NAME]},
 * {@code lmm matrices FILE [--model NAME] [--rows N]}, {@code lmm lsp}. With no arguments the jar
 * speaks LSP on stdin/stdout, so editors can start it as {@code java -jar lmm-server.jar}.
 * Exit status: 0 success, 1 the file has errors, 2 usage error.
 */
public final class Main {
    static final String USAGE = """
            usage: lmm fit FILE.lmm [--json] [--verbose] [--model NAME]
                   lmm matrices FILE.lmm [--model NAME] [--rows N]
                   lmm plot FILE.lmm [--model NAME] [--out DIR]   (SVG plots of each fit)
                   lmm lsp                 (language server on stdin/stdout)
                   lmm --version | --help
            """;

    private Main() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        if (args.length == 0 || args[0].equals("lsp")) {
            lmm.lsp.LmmLanguageServer.launchOnStdio();
            return;
        }
        int status;
        try {
            status = run(args, out, err);
        } catch (RuntimeException e) {
            err.println("lmm: internal error: " + e);
            status = 3;
        }
        out.flush();
        System.exit(status);
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args[0];
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) { out.print(USAGE); return 0; }
        if (command.equals("--version")) { out.println("lmm " + version()); return 0; }
        if (command.equals("plot")) return PlotCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        if (!command.equals("fit") && !command.equals("matrices")) {
            err.println("lmm: unknown command '" + command + "'");
            err.print(USAGE);
            return 2;
        }
        Path file = null;
        boolean json = false, verbose = false;
        String only = null;
        int rows = MatrixTables.ALL;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--json" -> json = true;
                case "--verbose", "-v" -> verbose = true;
                case "--model", "--rows" -> {
                    if (i + 1 >= args.length) { err.println("lmm: " + a + " needs a value"); return 2; }
                    String v = args[++i];
                    if (a.equals("--model")) only = v;
                    else {
                        try { rows = Integer.parseInt(v); } catch (NumberFormatException e) { err.println("lmm: --rows needs a number"); return 2; }
                    }
                }
                default -> {
                    if (a.startsWith("-")) { err.println("lmm: unknown option '" + a + "'"); err.print(USAGE); return 2; }
                    if (file != null) { err.println("lmm: one file at a time"); return 2; }
                    file = Path.of(a);
                }
            }
        }
        if (file == null) { err.println("lmm: which .lmm file?"); err.print(USAGE); return 2; }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            err.println(file + ": cannot read: not a text file in UTF-8");
            return 1;
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println(file + ": cannot read: " + (Files.isDirectory(file) ? "it is a folder"
                    : Files.exists(file) ? e.getMessage() : "no such file"));
            return 1;
        }
        SourceFile source = Parser.parse(text);
        Path dir = file.toAbsolutePath().getParent();
        DataCache cache = new DataCache();
        BoundDocument doc = DocumentBinder.bind(source, dir, cache::load);
        List<ModelEntry> models = new ArrayList<>(doc.models());
        if (only != null) {
            String name = only;
            models.removeIf(m -> !m.name().equals(name));
            if (models.isEmpty()) {
                err.println("lmm: no model named '" + only + "' in " + file + " (models: "
                        + String.join(", ", doc.models().stream().map(ModelEntry::name).toList()) + ")");
                return 2;
            }
        }
        List<Diagnostic> diagnostics = new ArrayList<>(doc.diagnostics());
        int status = doc.hasErrors() ? 1 : 0;
        if (command.equals("matrices")) {
            for (ModelEntry m : models) {
                if (m.bound() == null) continue;
                out.println("model " + m.name() + ": " + m.bound().formulaText());
                out.println("Y = Xβ" + (m.bound().isMixed() ? " + Zu" : "") + " + e");
                out.println();
                out.println(MatrixTables.y(m.bound(), rows).plain());
                out.println(MatrixTables.x(m.bound(), rows, MatrixTables.ALL).plain());
                if (m.bound().isMixed()) out.println(MatrixTables.z(m.bound(), rows, MatrixTables.ALL).plain());
            }
        } else {
            JsonArray jsonModels = new JsonArray();
            for (ModelEntry m : models) {
                if (m.bound() == null) {
                    if (json) jsonModels.add(ResultJson.failed(m, "not fitted: the file has errors for this model"));
                    continue;
                }
                ModelFits.Outcome o = ModelFits.fit(m, FitOptions.defaults());
                diagnostics.addAll(o.diagnostics());
                if (!o.ok()) {
                    status = 1;
                    if (json) jsonModels.add(ResultJson.failed(m, o.diagnostics().get(0).message()));
                    continue;
                }
                if (json) jsonModels.add(ResultJson.model(m, o.result()));
                else out.println(TextSummary.render(m, o.result(), verbose));
            }
            if (json) {
                JsonObject root = new JsonObject();
                root.addProperty("file", file.getFileName().toString());
                root.add("models", jsonModels);
                JsonArray diags = new JsonArray();
                for (Diagnostic d : diagnostics) {
                    JsonObject o = new JsonObject();
                    o.addProperty("line", source.lines().line(d.range().start()) + 1);
                    o.addProperty("column", source.lines().column(d.range().start()) + 1);
                    o.addProperty("severity", d.severity().name().toLowerCase());
                    o.addProperty("code", d.code());
                    o.addProperty("message", d.message());
                    diags.add(o);
                }
                root.add("diagnostics", diags);
                out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root));
            }
        }
        diagnostics.sort(java.util.Comparator.comparingInt((Diagnostic d) -> d.range().start()));
        for (Diagnostic d : diagnostics) err.println(format(file, source, d));
        return status;
    }

    /** {@code file:line:col: severity: message}, 1-based as compilers print them. */
    static String format(Path file, SourceFile source, Diagnostic d) {
        int line = source.lines().line(d.range().start()) + 1;
        int col = source.lines().column(d.range().start()) + 1;
        return file + ":" + line + ":" + col + ": " + d.severity().name().toLowerCase() + ": " + d.message();
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }
}
