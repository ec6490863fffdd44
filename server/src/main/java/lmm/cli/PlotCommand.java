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
import lmm.data.DataCache;
import lmm.fit.FitOptions;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.ModelEntry;
import lmm.syntax.Diagnostic;
import lmm.syntax.Parser;
import lmm.syntax.SourceFile;

/**
 * {@code lmm plot FILE.lmm [--model NAME] [--out DIR]}: fits each model (or the one named) and writes
 * DIR/&lt;model&gt;-&lt;plot&gt;.svg for each of its plots (see ResultPlots), printing one path per line.
 * DIR defaults to the .lmm file's folder + "/plots". Exit status as the other commands: 0 success,
 * 1 the file has errors (or a fit failed, or a file cannot be written), 2 usage error.
 */
public final class PlotCommand {
    static final String USAGE = "usage: lmm plot FILE.lmm [--model NAME] [--out DIR]\n";

    private PlotCommand() {}

    /** {@code args} are the arguments after "plot". */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = null, outDir = null;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> { out.print(USAGE); return 0; }
                case "--model", "--out" -> {
                    if (i + 1 >= args.length) { err.println("lmm: " + a + " needs a value"); return 2; }
                    String v = args[++i];
                    if (a.equals("--model")) only = v;
                    else outDir = Path.of(v);
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
        BoundDocument doc = DocumentBinder.bind(source, dir, new DataCache()::load);
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
        if (outDir == null) outDir = (file.getParent() == null ? Path.of("") : file.getParent()).resolve("plots");
        List<Diagnostic> diagnostics = new ArrayList<>(doc.diagnostics());
        int status = doc.hasErrors() ? 1 : 0;
        for (ModelEntry m : models) {
            if (m.bound() == null) continue;
            ModelFits.Outcome o = ModelFits.fit(m, FitOptions.defaults());
            diagnostics.addAll(o.diagnostics());
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
        diagnostics.sort(java.util.Comparator.comparingInt((Diagnostic d) -> d.range().start()));
        for (Diagnostic d : diagnostics) err.println(Main.format(file, source, d));
        return status;
    }

    /** A file-name-safe version of a plot's name: anything but letters, digits, '.', '_' and '-' becomes '_'. */
    static String fileName(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(c -> sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-') ? (char) c : '_'));
        return sb.toString();
    }
}
