package lmm.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import lmm.analysis.Inferences;
import lmm.analysis.ModelFits;
import lmm.analysis.TextSummary;
import lmm.data.DataCache;
import lmm.fit.FitOptions;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;
import lmm.syntax.SourceFile;

/**
 * Not a unit test: the phases of one {@code lmm fit FILE} process with text output (what
 * lmm.cli.Main does without --json), in a fresh JVM, each as wall time and the main thread's CPU
 * time: parse, CSV read, binding, fit, inference, the summary's text (inference already known),
 * printing ({@code --bind-only}: up to the binding). Run as
 * {@code java [-XX:TieredStopAtLevel=1] -cp ... lmm.bench.TextPhases FILE.lmm [--bind-only]}.
 */
public final class TextPhases {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long wall, cpu;
    private static final StringBuilder LINE = new StringBuilder();

    public static void main(String[] args) throws Exception {
        double jvm = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        mark(null);
        Path file = Path.of(args[0]);
        SourceFile source = Parser.parse(Files.readString(file, StandardCharsets.UTF_8));
        mark("parse");
        DataCache cache = new DataCache();
        long[] csv = new long[2];
        BoundDocument doc = DocumentBinder.bind(source, file.toAbsolutePath().getParent(), (p, o) -> {
            long t = System.nanoTime(), c = THREADS.getCurrentThreadCpuTime();
            try {
                return cache.load(p, o);
            } finally {
                csv[0] += System.nanoTime() - t;
                csv[1] += THREADS.getCurrentThreadCpuTime() - c;
            }
        });
        long w = System.nanoTime() - wall, c = THREADS.getCurrentThreadCpuTime() - cpu;
        LINE.append(String.format(Locale.ROOT, "CSV %.3f/%.3f; bind %.3f/%.3f; ", csv[0] / 1e9, csv[1] / 1e9, (w - csv[0]) / 1e9, (c - csv[1]) / 1e9));
        mark(null);
        boolean bindOnly = java.util.Arrays.asList(args).contains("--bind-only");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, false, StandardCharsets.UTF_8);
        for (ModelEntry m : bindOnly ? java.util.List.<ModelEntry>of() : doc.models()) {
            if (m.bound() == null) continue;
            ModelFits.Outcome o = ModelFits.fit(m, FitOptions.defaults());
            mark("fit");
            Inferences.of(m, o.result());
            mark("inference");
            String text = TextSummary.render(m, o.result(), false, TextSummary.DEFAULT_ROWS);
            mark("summary");
            out.println(text);
            out.flush();
            mark("print");
        }
        System.out.printf(Locale.ROOT, "JVM up at main %.3f s; wall/main-thread CPU s: %s%n", jvm, LINE);
    }

    private static void mark(String phase) {
        long w = System.nanoTime(), c = THREADS.getCurrentThreadCpuTime();
        if (phase != null) LINE.append(String.format(Locale.ROOT, "%s %.3f/%.3f; ", phase, (w - wall) / 1e9, (c - cpu) / 1e9));
        wall = w;
        cpu = c;
    }
}
