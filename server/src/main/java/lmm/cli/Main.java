package lmm.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lmm.analysis.ComparisonRun;
import lmm.analysis.ComparisonTables;
import lmm.analysis.Inferences;
import lmm.analysis.JsonStream;
import lmm.analysis.JsonText;
import lmm.analysis.MatrixTables;
import lmm.analysis.ModelFits;
import lmm.analysis.ResultJson;
import lmm.analysis.TextSummary;
import lmm.fit.DenseCholesky;
import lmm.fit.FitOptions;
import lmm.fit.compare.MaximumLikelihoodFits;
import lmm.model.BoundComparison;
import lmm.model.ModelEntry;
import lmm.syntax.Diagnostic;

/**
 * The command line: {@code lmm fit FILE [--json] [--verbose] [--model NAME]},
 * {@code lmm matrices FILE [--model NAME] [--rows N]}, {@code lmm lsp}. With no arguments the jar
 * speaks LSP on stdin/stdout, so editors can start it as {@code java -jar lmm-server.jar}.
 * Exit status: 0 success, 1 the file has errors, 2 usage error, 3 lmm could not finish (out of memory,
 * an internal error; the launcher also uses 3 when it cannot build or start Java).
 */
public final class Main {
    /** Exit status when lmm itself could not finish: out of memory, an internal error. */
    static final int INTERNAL = 3;
    static final String USAGE = """
            usage: lmm fit FILE.lmm [--json] [--verbose] [--model NAME] [--rows N|all]
                   lmm matrices FILE.lmm [--model NAME] [--rows N|all]
                   lmm plot FILE.lmm [--model NAME] [--out DIR]   (SVG plots of each fit)
                   lmm predict FILE.lmm --model NAME --data NEW.csv [--out FILE.csv]
                   lmm lsp                 (language server on stdin/stdout)
                   lmm --version | --help
            """;

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("lsp")) {
            lmm.lsp.LmmLanguageServer.launchOnStdio();
            return;
        }
        // text from data files reaches the terminal: no control character passes raw
        PrintStream out = new PrintStream(new TerminalSafeStream(new java.io.BufferedOutputStream(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16)), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new TerminalSafeStream(new java.io.FileOutputStream(java.io.FileDescriptor.err)), true, StandardCharsets.UTF_8);
        int status;
        try {
            status = run(args, out, err);
        } catch (OutOfMemoryError e) {
            err.println("lmm: out of memory (the heap is " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB; raise it with LMM_JAVA_OPTS=-Xmx4g, or fit a smaller model or data file)");
            status = INTERNAL;
        } catch (RuntimeException | StackOverflowError e) {
            err.println("lmm: internal error (please report it): " + e);
            status = INTERNAL;
        }
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args[0];
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) { out.print(USAGE); return 0; }
        if (command.equals("--version")) { out.println("lmm " + version()); return 0; }
        // the commands that fit: the native library loads while their data is read
        if (command.equals("fit") || command.equals("predict") || command.equals("plot")) DenseCholesky.startLoading();
        try {
            return switch (command) {
                case "fit" -> fit(CommandInput.parse(args, 1, Set.of("--json", "--verbose", "-v"), Set.of("--model", "--rows"), USAGE, err), out, err);
                case "matrices" -> matrices(CommandInput.parse(args, 1, Set.of(), Set.of("--model", "--rows"), USAGE, err), out, err);
                case "predict" -> PredictCommand.run(CommandInput.parse(args, 1, Set.of(), Set.of("--model", "--data", "--out"), PredictCommand.USAGE, err), out, err);
                case "plot" -> PlotCommand.run(CommandInput.parse(args, 1, Set.of(), Set.of("--model", "--out"), PlotCommand.USAGE, err), out, err);
                default -> {
                    err.println("lmm: unknown command '" + command + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (CommandInput.Stop stop) {
            return stop.status;
        }
    }

    private static int fit(CommandInput in, PrintStream out, PrintStream err) throws CommandInput.Stop {
        boolean json = in.has("--json"), verbose = in.has("--verbose") || in.has("-v");
        int rows = rows(in, TextSummary.DEFAULT_ROWS, err);
        if (rows < 0) return 2;
        in.load(err);
        List<ModelEntry> models = in.models(err);
        List<Diagnostic> fitDiagnostics = new ArrayList<>();
        int status = in.document.hasErrors() ? 1 : 0;
        List<JsonPart> jsonModels = new ArrayList<>();
        MaximumLikelihoodFits mlFits = new MaximumLikelihoodFits(FitOptions.defaults());
        for (ModelEntry m : models) {
            if (m.bound() == null) {
                if (json) jsonModels.add(tree(ResultJson.failed(m, "not fitted: the file has errors for this model")));
                continue;
            }
            ModelFits.Outcome o = ModelFits.fit(m, FitOptions.defaults());
            fitDiagnostics.addAll(o.diagnostics());
            if (!o.ok()) {
                status = 1;
                if (json) jsonModels.add(tree(ResultJson.failed(m, o.diagnostics().get(0).message())));
                continue;
            }
            mlFits.offer(m, o.result());
            if (json) {
                var result = o.result();
                jsonModels.add(w -> ResultJson.write(w, m, result, Inferences.of(m, result)));
            } else {
                out.println(TextSummary.render(m, o.result(), verbose, rows));
            }
        }
        // comparisons run over the whole document; with --model only those among the chosen models
        JsonArray jsonComparisons = new JsonArray();
        for (BoundComparison c : in.document.comparisons()) {
            if (!models.containsAll(c.models())) continue;
            ComparisonRun run = ComparisonRun.of(c, mlFits);
            fitDiagnostics.addAll(run.diagnostics());
            if (run.result() == null) {
                if (c.ready()) status = 1;
                if (json) jsonComparisons.add(ComparisonTables.failed(c, run.message()));
                continue;
            }
            if (json) jsonComparisons.add(ComparisonTables.json(run.result()));
            else out.println(ComparisonTables.plain(run.result(), dataName(c)));
        }
        if (json) {
            JsonArray diags = new JsonArray();
            List<Diagnostic> all = new ArrayList<>(in.document.diagnostics());
            all.addAll(fitDiagnostics);
            for (Diagnostic d : all) {
                JsonObject o = new JsonObject();
                o.addProperty("line", in.source.lines().line(d.range().start()) + 1);
                o.addProperty("column", in.source.lines().column(d.range().start()) + 1);
                o.addProperty("severity", d.severity().name().toLowerCase());
                o.addProperty("code", d.code());
                o.addProperty("message", d.message());
                diags.add(o);
            }
            writeJson(in.file.getFileName().toString(), jsonModels, jsonComparisons, diags, out);
        }
        in.printDiagnostics(fitDiagnostics, err);
        return status;
    }

    /** One element of the JSON document, written when the document is. */
    private interface JsonPart {
        void write(JsonStream out) throws IOException;
    }

    private static JsonPart tree(JsonObject o) {
        return s -> JsonText.write(o, s.json());
    }

    /**
     * Streams {@code {file, models, comparisons, diagnostics}} as compact JSON ({@link JsonStream}) and a
     * line end, without building it as one tree or string first (at 10⁶ rows the text is ~45 MB).
     */
    private static void writeJson(String file, List<JsonPart> models, JsonArray comparisons, JsonArray diagnostics, PrintStream out) {
        try {
            JsonStream stream = new JsonStream(out);
            JsonWriter json = stream.json();
            json.beginObject();
            json.name("file").value(file);
            json.name("models").beginArray();
            for (JsonPart m : models) m.write(stream);
            json.endArray();
            json.name("comparisons");
            JsonText.write(comparisons, json);
            json.name("diagnostics");
            JsonText.write(diagnostics, json);
            json.endObject();
            stream.flush();
            out.print(System.lineSeparator());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int matrices(CommandInput in, PrintStream out, PrintStream err) throws CommandInput.Stop {
        int rows = rows(in, MatrixTables.ALL, err);
        if (rows < 0) return 2;
        in.load(err);
        for (ModelEntry m : in.models(err)) {
            if (m.bound() == null) continue;
            out.println("model " + m.name() + ": " + m.bound().formulaText());
            out.println("Y = Xβ" + (m.bound().isMixed() ? " + Zu" : "") + " + e");
            out.println();
            out.println(MatrixTables.y(m.bound(), rows).plain());
            out.println(MatrixTables.x(m.bound(), rows, MatrixTables.ALL).plain());
            if (m.bound().isMixed()) {
                out.println(MatrixTables.z(m.bound(), rows, MatrixTables.ALL).plain());
                out.println(MatrixTables.lambdaLayout(m.bound()));
            }
        }
        in.printDiagnostics(List.of(), err);
        return in.document.hasErrors() ? 1 : 0;
    }

    private static String dataName(BoundComparison c) {
        var path = c.models().get(0).dataPath();
        return path == null ? null : path.getFileName().toString();
    }

    /** {@code --rows N} or {@code --rows all}; -1 (after a message) when it is neither. */
    private static int rows(CommandInput in, int byDefault, PrintStream err) {
        String v = in.value("--rows");
        if (v == null) return byDefault;
        if (v.equals("all")) return MatrixTables.ALL;
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        err.println("lmm: --rows needs a number of rows or 'all'");
        return -1;
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }
}
