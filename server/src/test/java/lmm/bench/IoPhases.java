package lmm.bench;

import com.google.gson.JsonObject;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import lmm.analysis.Inferences;
import lmm.analysis.JsonStream;
import lmm.analysis.ModelFits;
import lmm.analysis.ResultJson;
import lmm.data.DataCache;
import lmm.fit.FitOptions;
import lmm.inference.Inference;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;
import lmm.syntax.SourceFile;

/**
 * Not a unit test: the input and output phases of one {@code lmm fit --json} process, in the order
 * lmm.cli.Main runs them, in a fresh JVM: parse, CSV read (inside the binding), binding, fit,
 * inference, and the JSON as Main streams it (ResultJson.write through JsonStream; here to /dev/null,
 * counted), then, for comparison, the time to build the same as a Gson tree (what editor paths use). {@code --no-inference} leaves inference out; {@code --repeat N} writes the
 * JSON N times (cold, then warm); {@code --bind-only} stops after binding; heap in use after a GC
 * is printed after binding and after the fit.
 * Run as {@code java [-XX:TieredStopAtLevel=1] -cp ... lmm.bench.IoPhases FILE.lmm [options]}.
 */
public final class IoPhases {
    public static void main(String[] args) throws Exception {
        List<String> opts = Arrays.asList(args);
        boolean inference = !opts.contains("--no-inference");
        int repeat = opts.contains("--repeat") ? Integer.parseInt(opts.get(opts.indexOf("--repeat") + 1)) : 1;
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime(), startCpu = cpu.getCurrentThreadCpuTime();
        Path file = Path.of(args[0]);
        SourceFile source = Parser.parse(Files.readString(file, StandardCharsets.UTF_8));
        long parsed = System.nanoTime();
        DataCache cache = new DataCache();
        long[] csv = new long[1];
        BoundDocument doc = DocumentBinder.bind(source, file.toAbsolutePath().getParent(), (p, o) -> {
            long t = System.nanoTime();
            try {
                return cache.load(p, o);
            } finally {
                csv[0] += System.nanoTime() - t;
            }
        });
        long bound = System.nanoTime(), boundCpu = cpu.getCurrentThreadCpuTime();
        double jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3 - (bound - start) / 1e9;
        System.out.printf(Locale.ROOT, "JVM up at main %.3f s; parse %.3f s; CSV %.3f s; bind %.3f s (parse + CSV + bind: CPU %.3f s); heap in use %d MB%n",
                jvm, (parsed - start) / 1e9, csv[0] / 1e9, (bound - parsed - csv[0]) / 1e9, (boundCpu - startCpu) / 1e9, heapInUse());
        if (opts.contains("--bind-only")) return;
        for (ModelEntry m : doc.models()) {
            if (m.bound() == null) continue;
            long t0 = System.nanoTime();
            ModelFits.Outcome o = ModelFits.fit(m, FitOptions.defaults());
            long t1 = System.nanoTime();
            Inference inf = inference ? Inferences.of(m, o.result()) : null;
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "model %s: fit %.3f s; inference %.3f s; heap in use %d MB%n",
                    m.name(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, heapInUse());
            for (int r = 0; r < repeat; r++) {
                var threads = java.lang.management.ManagementFactory.getThreadMXBean();
                long a = System.nanoTime(), ac = threads.getCurrentThreadCpuTime();
                Counting bytes = new Counting(new FileOutputStream("/dev/null"));
                JsonStream json = new JsonStream(new BufferedOutputStream(bytes, 1 << 16));
                ResultJson.write(json, m, o.result(), inf);
                json.flush();
                long b = System.nanoTime(), bc = threads.getCurrentThreadCpuTime();
                JsonObject tree = ResultJson.model(m, o.result(), inf);
                long c = System.nanoTime();
                System.out.printf(Locale.ROOT, "  JSON streamed as Main writes it %.3f s, CPU %.3f s (%.1f MB); the same as a tree (editor paths) %.3f s%n",
                        (b - a) / 1e9, (bc - ac) / 1e9, bytes.count / 1e6, (c - b) / 1e9);
            }
        }
    }

    private static long heapInUse() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    private static final class Counting extends java.io.FilterOutputStream {
        long count;

        Counting(OutputStream out) { super(out); }

        @Override public void write(int b) throws java.io.IOException { out.write(b); count++; }

        @Override public void write(byte[] b, int off, int len) throws java.io.IOException { out.write(b, off, len); count += len; }
    }
}
