package lmm.fit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import lmm.data.DataCache;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.Method;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;

/**
 * Not a unit test: every objective evaluation the verified optimum spends (optimiser, checks,
 * Newton steps, restarts) on each mixed model of the .lmm files in the folders given, and how far its
 * optimum is above the case's bestObjective (when an .expected.json is beside it). Load-independent,
 * so optimiser changes can be compared on a busy machine.
 * Usage: {@code java -cp ... lmm.fit.CorpusEvaluations DIR... [-v]}
 */
public final class CorpusEvaluations {
    public static void main(String[] args) throws Exception {
        boolean verbose = List.of(args).contains("-v");
        long total = 0, optimiser = 0;
        int models = 0;
        double worst = 0;
        String worstName = "";
        long[] byDim = new long[8];
        int[] countByDim = new int[8];
        for (String dir : args) {
            if (dir.startsWith("-")) continue;
            List<Path> files;
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                files = s.filter(p -> p.toString().endsWith(".lmm")).sorted().toList();
            }
            for (Path file : files) {
                BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file, StandardCharsets.UTF_8)),
                        file.toAbsolutePath().getParent(), new DataCache()::load);
                Path expected = Path.of(file.toString().replace(".lmm", ".expected.json"));
                JsonObject exp = Files.exists(expected) ? JsonParser.parseString(Files.readString(expected)).getAsJsonObject() : null;
                for (ModelEntry m : doc.models()) {
                    if (m.bound() == null || m.bound().matrices().randomTerms().isEmpty()) continue;
                    boolean reml = m.method() == Method.REML;
                    ProfiledDeviance dev = new ProfiledDeviance(m.bound().matrices(), reml, DenseCholesky.defaultImplementation(), 1, () -> false);
                    double[] start = StartingValues.moments(dev.scaledDesign(), dev.scaledLayout());
                    double[] lower = dev.layout().lowerBounds();
                    int[] count = {0};
                    VerifiedOptimum.Result r = VerifiedOptimum.find(th -> {
                        count[0]++;
                        return dev.objectiveScaled(th);
                    }, start, lower, FitOptions.defaults().withReml(reml));
                    double best = Double.NaN;
                    if (exp != null) {
                        for (var e : exp.getAsJsonArray("models")) {
                            JsonObject o = e.getAsJsonObject();
                            if (o.get("name").getAsString().equals(m.name()) && o.has("bestObjective")) best = o.get("bestObjective").getAsDouble();
                        }
                    }
                    double excess = r.summary().finalObjective() - best;
                    if (excess > worst) {
                        worst = excess;
                        worstName = file.getFileName() + ":" + m.name();
                    }
                    int dim = start.length;
                    total += count[0];
                    optimiser += r.summary().evaluations();
                    byDim[Math.min(dim, 7)] += count[0];
                    countByDim[Math.min(dim, 7)]++;
                    models++;
                    if (verbose) {
                        System.out.printf(Locale.ROOT, "%-28s %-16s dim %d evals %3d (opt %3d) excess %.2e %s%s%n", file.getFileName(), m.name(), dim,
                                count[0], r.summary().evaluations(), excess, r.converged() ? "" : "NOT CONVERGED ", r.summary().message());
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "models %d: evaluations %d (optimiser %d); worst excess over best %.3e (%s)%n", models, total, optimiser, worst, worstName);
        for (int d = 1; d < 8; d++) if (countByDim[d] > 0) System.out.printf(Locale.ROOT, "  dim %d%s: %d models, %d evaluations%n", d, d == 7 ? "+" : "", countByDim[d], byDim[d]);
    }
}
