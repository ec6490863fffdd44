package lmm.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import lmm.data.DataCache;
import lmm.fit.FitOptions;
import lmm.fit.FitResult;
import lmm.fit.ModelFitter;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.Method;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;

/** Not a unit test: the time of each evaluation of the first fit in a fresh JVM (JIT warm-up). */
public final class ColdTrace {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file, StandardCharsets.UTF_8)),
                file.toAbsolutePath().getParent(), new DataCache()::load);
        ModelEntry m = doc.models().get(0);
        long[] last = {System.nanoTime()};
        StringBuilder sb = new StringBuilder();
        long t0 = System.nanoTime();
        FitResult r = ModelFitter.fit(m.bound().matrices(), FitOptions.defaults().withReml(m.method() == Method.REML)
                .withProgress((count, value) -> {
                    long now = System.nanoTime();
                    sb.append(String.format(Locale.ROOT, "%d:%.1f ", count, (now - last[0]) / 1e6));
                    last[0] = now;
                }));
        System.out.printf(Locale.ROOT, "total %.3f s; first callback after %s%n", (System.nanoTime() - t0) / 1e9, sb);
    }
}
