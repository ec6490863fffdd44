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
        java.util.Map<String, String> written = new java.util.HashMap<>(); // file name -> the plot that took it
        for (ModelEntry m : models) {
            if (m.bound() == null) continue;
            ModelFits.Outcome o = ModelFits.fit(m, FitOptions.defaults());
            fitDiagnostics.addAll(o.diagnostics());
            if (!o.ok()) { status = 1; continue; }
            for (ResultPlots.Plot p : ResultPlots.render(m.bound(), o.result())) {
                String plot = m.name() + "-" + p.name();
                String name = fileName(plot) + ".svg";
                if (written.containsKey(name)) name = fileName(plot) + "-" + hash(plot) + ".svg"; // "a b" after "a_b"
                Path target = outDir.resolve(name);
                String before = written.putIfAbsent(name, plot);
                if (before != null) {
                    err.println(target + ": not written: the plots '" + before + "' and '" + plot + "' map to the same file name");
                    status = 1;
                    continue;
                }
                try {
                    Files.createDirectories(outDir);
                    writeReplacing(outDir, target, p.svg());
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

    /**
     * Writes text to a new file in dir and renames it onto target: a symbolic link (or anything else)
     * already at target is replaced, never written through, and a reader never sees half a plot.
     */
    private static void writeReplacing(Path dir, Path target, String text) throws IOException {
        if (Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) throw new IOException("it is a folder");
        Path tmp = Files.createTempFile(dir, ".lmm-plot-", ".svg.tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A file-name-safe version of a plot's name: anything but letters, digits, '.', '_' and '-' becomes
     * '_'; a leading '.' too (no hidden files). Two plots whose names map to one file (models "a b"
     * and "a_b") are told apart by {@link #hash} in {@link #run}.
     */
    static String fileName(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(c -> sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-') ? (char) c : '_'));
        String safe = sb.toString();
        return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
    }

    /** 8 hex digits of a CRC-32 of a plot's name: the same on every run. */
    static String hash(String name) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
