package lmm.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import lmm.data.DataCache;
import lmm.fit.FitOptions;
import lmm.fit.FitResult;
import lmm.fit.ModelFitter;
import lmm.fit.OptimizerSummary;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;

/**
 * Not a unit test: the optimiser's path for each model of an .lmm file: start, objective per
 * evaluation (relative to the final value), evaluations, time, and the fit's message.
 * Usage: {@code java -cp ... lmm.bench.FitTrace FILE.lmm [reps]} (reps > 1: time warm fits).
 */
public final class FitTrace {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file, StandardCharsets.UTF_8)),
                file.toAbsolutePath().getParent(), new DataCache()::load);
        for (ModelEntry m : doc.models()) {
            FitResult r = null;
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                r = ModelFitter.fit(m.bound().matrices(), FitOptions.defaults().withReml(m.method() == lmm.model.Method.REML));
                System.out.printf(Locale.ROOT, "%s: fit %.3f s%n", m.name(), (System.nanoTime() - t0) / 1e9);
            }
            OptimizerSummary s = r.optimizer().orElseThrow();
            System.out.printf(Locale.ROOT, "start %s final %s f=%.10f evals(opt)=%d evaluations=%d%n  %s%n",
                    Arrays.toString(s.initialTheta()), Arrays.toString(s.finalTheta()), s.finalObjective(), s.evaluations(),
                    r.evaluations(), s.message());
            double[] tr = s.objectiveTrace();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < tr.length; i++) b.append(String.format(Locale.ROOT, "%d:%.3g ", i + 1, tr[i] - s.finalObjective()));
            System.out.println("  trace " + b);
        }
    }
}
