package lmm.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import lmm.data.DataCache;
import lmm.fit.DenseCholesky;
import lmm.fit.FitOptions;
import lmm.fit.FitResult;
import lmm.fit.ModelFitter;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.Method;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;

/**
 * Not a unit test: the engine's in-process fit times for bench/run.sh. Binds an .lmm file (reading
 * its CSV once), then fits each model: the first fit in the JVM ("cold") and the best of the next
 * {@code reps} ("warm"), timing {@link ModelFitter#fit} only (as lmer's system.time times lmer only).
 * Prints one line per model:
 * <pre>engine MODEL rows=.. cold_s=.. warm_s=.. evals=.. loglik=.. linalg=..</pre>
 * (evals: every objective evaluation of the fit, the optimiser's and its checks'; lme4's line counts
 * its optimiser's, its own convergence check's finite differences not included).
 * Usage: {@code java -cp ... lmm.bench.FitBench FILE.lmm [reps] [java|native|default]}
 */
public final class FitBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String kernel = args.length > 2 ? args[2] : "default";
        DenseCholesky chol = switch (kernel) {
            case "java" -> DenseCholesky.pureJava();
            case "native" -> DenseCholesky.lapack().orElseThrow(() -> new IllegalStateException("no native LAPACK"));
            default -> DenseCholesky.defaultImplementation();
        };
        long tRead = System.nanoTime();
        DataCache cache = new DataCache();
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file, StandardCharsets.UTF_8)),
                file.toAbsolutePath().getParent(), cache::load);
        double readSeconds = (System.nanoTime() - tRead) / 1e9;
        for (ModelEntry m : doc.models()) {
            if (m.bound() == null) throw new IllegalStateException("model " + m.name() + " did not bind: " + doc.diagnostics());
            FitOptions options = FitOptions.defaults().withReml(m.method() == Method.REML).withCholesky(chol);
            long t0 = System.nanoTime();
            FitResult r = ModelFitter.fit(m.bound().matrices(), options);
            double cold = (System.nanoTime() - t0) / 1e9;
            double warm = reps == 0 ? cold : Double.POSITIVE_INFINITY;
            for (int i = 0; i < reps; i++) {
                long t1 = System.nanoTime();
                r = ModelFitter.fit(m.bound().matrices(), options);
                warm = Math.min(warm, (System.nanoTime() - t1) / 1e9);
            }
            System.out.printf(Locale.ROOT, "engine %s rows=%d cold_s=%.4f warm_s=%.4f evals=%d loglik=%.10f read_s=%.3f linalg=%s%n",
                    m.name(), r.nobs(), cold, warm, r.evaluations() + r.checkEvaluations(), r.logLik(), readSeconds, r.linearAlgebra());
        }
    }
}
