package lmm.fit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import lmm.data.DataCache;
import lmm.model.BoundDocument;
import lmm.model.DesignMatrices;
import lmm.model.DocumentBinder;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;

/**
 * Not a unit test: where an evaluation of the profiled deviance spends its time (forming the dense
 * part against the dense Cholesky), for each model of an .lmm file, over {@code count} evaluations at
 * random θ in [0.2, 1.2]. Usage: {@code java -cp ... lmm.fit.EvaluationProfile FILE.lmm [count] [java|default]}
 */
public final class EvaluationProfile {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        DenseCholesky inner = args.length > 2 && args[2].equals("java") ? DenseCholesky.pureJava() : DenseCholesky.defaultImplementation();
        long[] cholNanos = {0};
        DenseCholesky chol = new DenseCholesky() {
            @Override public boolean factorInPlace(double[] a, int n) {
                long t = System.nanoTime();
                boolean ok = inner.factorInPlace(a, n);
                cholNanos[0] += System.nanoTime() - t;
                return ok;
            }
            @Override public String name() { return inner.name(); }
        };
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file, StandardCharsets.UTF_8)),
                file.toAbsolutePath().getParent(), new DataCache()::load);
        for (ModelEntry m : doc.models()) {
            DesignMatrices d = m.bound().matrices();
            ThetaLayout layout = new ThetaLayout(d);
            ProfiledDeviance dev = null;
            double setup = Double.POSITIVE_INFINITY;
            for (int rep = 0; rep < 4; rep++) {
                long t0 = System.nanoTime();
                dev = new ProfiledDeviance(d, false, chol);
                setup = Math.min(setup, (System.nanoTime() - t0) / 1e6);
            }
            Random r = new Random(1);
            double[] th = layout.start();
            for (int warm = 0; warm < 5; warm++) dev.objective(th.clone());
            long t1 = System.nanoTime();
            cholNanos[0] = 0;
            for (int i = 0; i < count; i++) {
                double[] t = th.clone();
                for (int j = 0; j < t.length; j++) if (t[j] != 0) t[j] = 0.2 + r.nextDouble();
                dev.objective(t);
            }
            double total = (System.nanoTime() - t1) / 1e6 / count;
            double cholMs = cholNanos[0] / 1e6 / count;
            long[] z = dev.patternSizes();
            System.out.printf(Locale.ROOT, "%s: set-up %.1f ms (best of 4); per evaluation %.2f ms, of which dense Cholesky %.2f ms (%s); order %d, %d Gram nonzeros, %d update multiply-adds%n",
                    m.name(), setup, total, cholMs, dev.choleskyName(), z[0], z[1], z[2]);
        }
    }
}
