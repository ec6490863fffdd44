package lmm.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import lmm.model.DesignMatrices;
import org.junit.jupiter.api.Test;

/**
 * The factorisation at the best θ̃ evaluated is kept aside (BlockedFactor.keepAsBest): the solution
 * there is taken from it without factoring again, and is the same, bit for bit, as a fresh deviance
 * function's solution at that θ̃; any other θ̃ is still factored.
 */
class KeptFactorisationTest {
    /** Counts the dense factorisations. */
    private static final class Counting implements DenseCholesky {
        private final DenseCholesky inner = DenseCholesky.defaultImplementation();
        int calls;

        @Override public boolean factorInPlace(double[] a, int n) {
            calls++;
            return inner.factorInPlace(a, n);
        }

        @Override public String name() { return inner.name(); }
    }

    @Test
    void solutionAtTheBestPointIsNotFactoredAgainAndIsTheSame() {
        DesignMatrices d = TestData.penicillin();
        Counting chol = new Counting();
        ProfiledDeviance dev = new ProfiledDeviance(d, true, chol);
        double[] best = {1.5, 3.2};     // near the REML optimum (lme4: θ = 1.5376, 3.2191)
        double[] worse1 = {1.0, 2.0};
        double[] worse2 = {2.5, 5.0};
        double fBest = dev.objectiveScaled(dev.toScaled(best));
        double fWorse1 = dev.objectiveScaled(dev.toScaled(worse1));
        double fWorse2 = dev.objectiveScaled(dev.toScaled(worse2));
        assertEquals(3, chol.calls);
        assertEquals(true, fBest < fWorse1 && fBest < fWorse2, "the test needs the first point to be the best");

        PenalisedSolution kept = dev.solutionScaled(dev.toScaled(best));
        assertEquals(3, chol.calls, "the solution at the best point took its kept factorisation");

        PenalisedSolution fresh = new ProfiledDeviance(d, true, DenseCholesky.defaultImplementation()).solutionScaled(dev.toScaled(best));
        assertEquals(fresh.objective(), kept.objective(), 0.0);
        assertEquals(fresh.pwrss(), kept.pwrss(), 0.0);
        assertArrayEquals(fresh.beta(), kept.beta(), 0.0);
        assertArrayEquals(fresh.fitted(), kept.fitted(), 0.0);
        for (int t = 0; t < fresh.b().length; t++) assertArrayEquals(fresh.b()[t], kept.b()[t], 0.0);
        assertEquals(fBest, kept.objective(), 1e-10 * Math.abs(fBest));

        // other points are factored again, with the same values as before
        assertEquals(fWorse1, dev.objectiveScaled(dev.toScaled(worse1)), 0.0);
        assertEquals(4, chol.calls);
        // the storage was released with the solution: the best point is factored again too
        assertEquals(fBest, dev.objectiveScaled(dev.toScaled(best)), 0.0);
        assertEquals(5, chol.calls);
    }

    @Test
    void aLaterBestReplacesTheKeptOne() {
        DesignMatrices d = TestData.penicillin();
        Counting chol = new Counting();
        ProfiledDeviance dev = new ProfiledDeviance(d, true, chol);
        double[] first = {1.0, 2.0};
        double[] better = {1.5, 3.2};
        double[] worse = {2.5, 5.0};
        dev.objectiveScaled(dev.toScaled(first));
        double fBetter = dev.objectiveScaled(dev.toScaled(better));
        dev.objectiveScaled(dev.toScaled(worse));
        assertEquals(3, chol.calls);
        dev.solutionScaled(dev.toScaled(first));
        assertEquals(4, chol.calls, "the first point is no longer kept once a better one was evaluated");
        PenalisedSolution atBetter = dev.solutionScaled(dev.toScaled(better));
        assertEquals(5, chol.calls, "released with the first solution");
        assertEquals(fBetter, atBetter.objective(), 1e-10 * Math.abs(fBetter));
    }
}
