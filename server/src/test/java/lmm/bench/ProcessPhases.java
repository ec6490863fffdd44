package lmm.bench;

import com.google.gson.JsonArray;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import lmm.analysis.JsonText;
import lmm.analysis.ModelFits;
import lmm.analysis.ResultJson;
import lmm.data.DataCache;
import lmm.fit.FitOptions;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;

/**
 * Not a unit test: the phases of one {@code lmm fit --json} process (what lmm.cli.Main does), timed
 * in a fresh JVM: parse + bind (CSV read included), fit, JSON. Run as its own process:
 * {@code java -cp ... lmm.bench.ProcessPhases FILE.lmm}.
 */
public final class ProcessPhases {
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Path file = Path.of(args[0]);
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file, StandardCharsets.UTF_8)),
                file.toAbsolutePath().getParent(), new DataCache()::load);
        long bound = System.nanoTime();
        JsonArray models = new JsonArray();
        long fitNanos = 0;
        long jsonNanos = 0;
        for (ModelEntry m : doc.models()) {
            long t0 = System.nanoTime();
            ModelFits.Outcome o = ModelFits.fit(m, FitOptions.defaults());
            long t1 = System.nanoTime();
            models.add(ResultJson.model(m, o.result()));
            jsonNanos += System.nanoTime() - t1;
            fitNanos += t1 - t0;
        }
        long t2 = System.nanoTime();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, false, StandardCharsets.UTF_8);
        out.println(JsonText.of(models)); // compact, as Main writes it (Main streams it: lmm.bench.IoPhases)
        out.flush();
        long end = System.nanoTime();
        long jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        System.out.printf(Locale.ROOT, "phases: JVM up at main %.3f s; parse+bind+CSV %.3f s; fit %.3f s; JSON tree %.3f s; JSON text %.3f s (%.1f MB)%n",
                (jvm - (end - start) / 1e6) / 1e3, (bound - start) / 1e9, fitNanos / 1e9, jsonNanos / 1e9, (end - t2) / 1e9, buf.size() / 1e6);
    }
}
