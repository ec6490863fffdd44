package lmm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lmm.analysis.ModelFits;
import lmm.analysis.plot.ResultPlots;
import lmm.fit.FitOptions;
import lmm.model.ModelEntry;
import lmm.syntax.Diagnostic;

/**
 * {@code lmm plot FILE.lmm [--model NAME] [--out DIR]}: fits each model (or the one named) and writes
 * DIR/&lt;model&gt;-&lt;plot&gt;.svg for each of its plots (see ResultPlots), printing one path per line.
 * DIR defaults to the .lmm file's folder + "/plots". Exit status as the other commands: 0 success,
 * 1 the file has errors (or a fit failed, or a file cannot be written), 2 usage error.
 */
public final class PlotCommand {
    static final String USAGE = "usage: lmm plot FILE.lmm [--model NAME] [--out DIR]\n";

    private PlotCommand() {}

    static int run(CommandInput in, PrintStream out, PrintStream err) throws CommandInput.Stop {
        in.load(err);
        List<ModelEntry> models = in.models(err);
        Path outDir = in.value("--out") != null ? Path.of(in.value("--out"))
                : (in.file.getParent() == null ? Path.of("") : in.file.getParent()).resolve("plots");
        List<Diagnostic> fitDiagnostics = new ArrayList<>();
        int status = in.document.hasErrors() ? 1 : 0;
        for (ModelEntry m : models) {
            if (m.bound() == null) continue;
            ModelFits.Outcome o = ModelFits.fit(m, FitOptions.defaults());
            fitDiagnostics.addAll(o.diagnostics());
            if (!o.ok()) { status = 1; continue; }
            for (ResultPlots.Plot p : ResultPlots.render(m.bound(), o.result())) {
                Path target = outDir.resolve(fileName(m.name() + "-" + p.name()) + ".svg");
                try {
                    Files.createDirectories(outDir);
                    Files.writeString(target, p.svg(), StandardCharsets.UTF_8);
                } catch (IOException | java.io.UncheckedIOException e) {
                    err.println(target + ": cannot write: " + e.getMessage());
                    status = 1;
                    continue;
                }
                out.println(target);
            }
        }
        in.printDiagnostics(fitDiagnostics, err);
        return status;
    }

    /** A file-name-safe version of a plot's name: anything but letters, digits, '.', '_' and '-' becomes '_'. */
    static String fileName(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(c -> sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-') ? (char) c : '_'));
        return sb.toString();
    }
}
