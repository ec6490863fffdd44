package lmm.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * A performance sanity check on a generated crossed design (50 000 rows, 2 000 × 500 levels):
 * nothing in the evaluator may be O(n·q) or O(q₁²). Asserts correctness only (the estimates recover
 * the simulated parameters); the time is printed, the real benchmark harness comes later.
 */
class CrossedDesignScaleTest {
    static DesignMatrices generate(long seed, int n, int levelsA, int levelsB, double sdA, double sdB, double sigma) {
        Random rnd = new Random(seed);
        double[] effA = new double[levelsA];
        double[] effB = new double[levelsB];
        for (int i = 0; i < levelsA; i++) effA[i] = sdA * rnd.nextGaussian();
        for (int i = 0; i < levelsB; i++) effB[i] = sdB * rnd.nextGaussian();
        int[] a = new int[n];
        int[] b = new int[n];
        double[] xcol = new double[n];
        double[] y = new double[n];
        DMatrixRMaj x = new DMatrixRMaj(n, 2);
        for (int i = 0; i < n; i++) {
            a[i] = i % levelsA; // every level of A is used
            b[i] = rnd.nextInt(levelsB);
            xcol[i] = rnd.nextDouble();
            x.set(i, 0, 1);
            x.set(i, 1, xcol[i]);
            y[i] = 10 + 2 * xcol[i] + effA[a[i]] + effB[b[i]] + sigma * rnd.nextGaussian();
        }
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        return new DesignMatrices("y", y, x, List.of("(Intercept)", "x"), List.of(
                new RandomTerm("B", labels(levelsB), b, List.of("(Intercept)"), new double[][] {ones}),
                new RandomTerm("A", labels(levelsA), a, List.of("(Intercept)"), new double[][] {ones})));
    }

    private static List<String> labels(int count) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < count; i++) l.add("L" + i);
        return l;
    }

    @Test
    void crossedDesignWithTwoThousandByFiveHundredLevels() {
        DesignMatrices d = generate(20240611L, 50_000, 2_000, 500, 1.5, 0.8, 1.0);
        long t0 = System.nanoTime();
        FitResult r = ModelFitter.fit(d, FitOptions.defaults().withReml(false));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("crossed 50000 rows, 2000 x 500 levels: %.2f s, %d evaluations, theta %s, %s%n", seconds,
                r.evaluations(), java.util.Arrays.toString(r.theta()), r.linearAlgebra());
        assertTrue(r.converged());
        assertEquals("A", r.termsInThetaOrder().get(0).group());
        // Simulated: sd(A) = 1.5 over 2000 levels, sd(B) = 0.8 over 500, sigma = 1, slope 2.
        assertEquals(1.0, r.sigma(), 0.02);
        assertEquals(1.5, r.varcorr().get(0).stdDev(), 0.1);
        assertEquals(0.8, r.varcorr().get(1).stdDev(), 0.1);
        assertEquals(2.0, r.fixef().estimate()[1], 5 * r.fixef().stdError()[1]);
        assertTrue(seconds < 60, "took " + seconds + " s");
    }
}
