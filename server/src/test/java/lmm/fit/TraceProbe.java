package lmm.fit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import lmm.data.DataCache;
import lmm.model.*;
import lmm.syntax.Parser;

/** Not a test: prints the optimiser's trace for each model of an .lmm file. */
public final class TraceProbe {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file, StandardCharsets.UTF_8)),
                file.toAbsolutePath().getParent(), new DataCache()::load);
        for (ModelEntry m : doc.models()) {
            FitResult r = ModelFitter.fit(m.bound().matrices(), FitOptions.defaults().withReml(m.method() == Method.REML));
            OptimizerSummary o = r.optimizer().orElseThrow();
            double[] tr = o.objectiveTrace();
            double best = Double.POSITIVE_INFINITY;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < tr.length; i++) {
                if (tr[i] < best) {
                    sb.append(String.format("%d:%.10g(%s) ", i + 1, tr[i], best == Double.POSITIVE_INFINITY ? "-" : String.format("%.1e", best - tr[i])));
                    best = tr[i];
                }
            }
            System.out.println(m.name() + " evals=" + r.evaluations() + " theta=" + Arrays.toString(r.theta()) + " crit=" + o.finalObjective());
            System.out.println("  improvements: " + sb);
        }
    }
}
