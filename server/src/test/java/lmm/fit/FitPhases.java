package lmm.fit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import lmm.analysis.Inferences;
import lmm.data.DataCache;
import lmm.inference.Inference;
import lmm.model.BoundDocument;
import lmm.model.DesignMatrices;
import lmm.model.DocumentBinder;
import lmm.model.Method;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;

/**
 * Not a unit test: the steps of one mixed-model fit (ModelFitter.fitMixed's, in order) and its
 * inference, each timed, for the first model of an .lmm file, in a fresh JVM (run it with the
 * launcher's JIT flags to see what a one-shot command spends). Objective evaluations are counted
 * and timed apart from the optimiser's own work.
 * Usage: {@code java -cp ... lmm.fit.FitPhases FILE.lmm}
 */
public final class FitPhases {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        DenseCholesky.startLoading(); // as the command line does
        Path file = Path.of(args[0]);
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file, StandardCharsets.UTF_8)),
                file.toAbsolutePath().getParent(), new DataCache()::load);
        ModelEntry m = doc.models().get(0);
        DesignMatrices d = m.bound().matrices();
        boolean reml = m.method() == Method.REML;
        long t1 = System.nanoTime();
        ProfiledDeviance deviance = new ProfiledDeviance(d, reml, DenseCholesky.defaultImplementation(), FitOptions.defaults().threads(), () -> false);
        long t2 = System.nanoTime();
        double[] start = StartingValues.moments(deviance.scaledDesign(), deviance.scaledLayout());
        double[] lower = deviance.layout().lowerBounds();
        long t3 = System.nanoTime();
        long[] eval = {0, 0};
        VerifiedOptimum.Result optimum = VerifiedOptimum.find(th -> {
            long s = System.nanoTime();
            double v = deviance.objectiveScaled(th);
            eval[0]++;
            eval[1] += System.nanoTime() - s;
            return v;
        }, start, lower, FitOptions.defaults().withReml(reml));
        long t4 = System.nanoTime();
        double[] thetaScaled = optimum.summary().finalTheta();
        PenalisedSolution sol = deviance.solution(deviance.fromScaled(thetaScaled));
        long t5 = System.nanoTime();
        FitResult result = MerModAssembly.assemble(d, deviance.layout(), sol, thetaScaled, Convergence.of(optimum),
                deviance.choleskyName(), System.nanoTime() - t0);
        deviance.keepFor(result, optimum.stencilCheck(), thetaScaled);
        long t6 = System.nanoTime();
        Inference inf = Inferences.of(m, result);
        long t7 = System.nanoTime();
        System.out.printf(Locale.ROOT, "JVM to main %.3f s; read+bind %.3f; deviance set-up %.3f; start %.3f; optimum %.3f "
                        + "(%d evaluations, %.3f s in them, %.1f ms each); solution %.3f; assembly %.3f; inference %.3f s%n",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3 - (t7 - t0) / 1e9,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, eval[0], eval[1] / 1e9, eval[1] / 1e6 / eval[0],
                (t5 - t4) / 1e9, (t6 - t5) / 1e9, (t7 - t6) / 1e9);
        if (inf == null) System.out.println("no inference");
    }
}
