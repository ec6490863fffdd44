package lmm.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The verified optimum on functions whose minimum is known by hand: smooth, not quadratic (so that
 * the Newton steps after BOBYQA's hand-over have a third derivative to get past), and with the
 * minimum on a bound.
 */
class VerifiedOptimumTest {
    /** Minimum 0 at (0.7, 0.3); cubic and quartic terms make it non-quadratic, as a deviance is. */
    private static double skewed(double[] t) {
        double a = t[0] - 0.7;
        double b = t[1] - 0.3;
        return 50 * a * a + 20 * b * b + 8 * a * b + 30 * a * a * a + 25 * a * a * b * b + 40 * b * b * b * b;
    }

    @Test
    void twoParametersReachTheMinimumToRoundingAndAreVerified() {
        VerifiedOptimum.Result r = VerifiedOptimum.find(VerifiedOptimumTest::skewed, new double[] {1.0, 1.0},
                new double[] {0, 0}, FitOptions.defaults());
        assertTrue(r.converged(), r.summary().message());
        assertArrayEquals(new double[] {0.7, 0.3}, r.summary().finalTheta(), 1e-6);
        assertTrue(r.summary().finalObjective() < 1e-11, "objective " + r.summary().finalObjective());
        assertTrue(r.check().passed());
    }

    @Test
    void threeParametersReachTheMinimumToRounding() {
        ToDoubleFunction<double[]> f = t -> skewed(t) + 12 * (t[2] - 0.5) * (t[2] - 0.5) + 3 * (t[2] - 0.5) * (t[0] - 0.7);
        VerifiedOptimum.Result r = VerifiedOptimum.find(f, new double[] {1.0, 1.0, 1.0}, new double[] {0, 0, 0},
                FitOptions.defaults());
        assertTrue(r.converged(), r.summary().message());
        assertArrayEquals(new double[] {0.7, 0.3, 0.5}, r.summary().finalTheta(), 1e-6);
        assertTrue(r.summary().finalObjective() < 1e-11, "objective " + r.summary().finalObjective());
    }

    @Test
    void aMinimumBeyondTheBoundEndsExactlyOnIt() {
        // unconstrained minimum at (0.7, −0.2); on θ₂ ≥ 0 the minimum is at θ₂ = 0 and, there,
        // d/dθ₁ of 50(θ₁ − 0.7)² + 8(θ₁ − 0.7)(0.2) = 0 gives θ₁ = 0.7 − 0.016
        ToDoubleFunction<double[]> f = t -> {
            double a = t[0] - 0.7;
            double b = t[1] + 0.2;
            return 50 * a * a + 20 * b * b + 8 * a * b;
        };
        VerifiedOptimum.Result r = VerifiedOptimum.find(f, new double[] {1.0, 1.0}, new double[] {0, 0}, FitOptions.defaults());
        assertEquals(0.0, r.summary().finalTheta()[1], 0.0);
        assertEquals(0.7 - 0.016, r.summary().finalTheta()[0], 1e-6);
        assertTrue(r.converged(), r.summary().message());
    }

    /** skewed plus a third parameter; minimum 0 at (0.7, 0.3, 0.5). */
    private static double skewed3(double[] t) {
        return skewed(t) + 12 * (t[2] - 0.5) * (t[2] - 0.5) + 3 * (t[2] - 0.5) * (t[0] - 0.7) + 5 * Math.pow(t[2] - 0.5, 3);
    }

    /** The gradient of skewed3, by hand. */
    private static double[] gradient3(double[] t) {
        double a = t[0] - 0.7, b = t[1] - 0.3, c = t[2] - 0.5;
        return new double[] {
            100 * a + 8 * b + 90 * a * a + 50 * a * b * b + 3 * c,
            40 * b + 8 * a + 50 * a * a * b + 160 * b * b * b,
            24 * c + 3 * a + 15 * c * c};
    }

    @Test
    void aCheckAfterANewtonStepCostsOneEvaluationPerParameterAndFindsTheGradient() {
        double[] lower = {0, 0, 0};
        double[] x0 = {0.75, 0.32, 0.46};
        ConvergenceCheck full = ConvergenceCheck.at(VerifiedOptimumTest::skewed3, x0, skewed3(x0), lower);
        assertEquals(9, full.evaluations());
        assertTrue(full.fullStencil());
        double[] x1 = x0.clone();
        for (int i = 0; i < 3; i++) x1[i] += full.newtonStep()[i];
        int[] count = {0};
        ConvergenceCheck after = ConvergenceCheck.after(full, t -> {
            count[0]++;
            return skewed3(t);
        }, x1, skewed3(x1), lower);
        assertEquals(3, count[0]);
        assertEquals(3, after.evaluations());
        assertTrue(!after.fullStencil());
        // one-sided differences corrected by the curvature of the updated Hessian: wrong by h/2 times
        // that curvature's error, plus h² f‴ / 6 (f‴ along each axis by hand: 180, 960 b, 30)
        double[] g = gradient3(x1);
        double a = x1[0] - 0.7, b = x1[1] - 0.3, c = x1[2] - 0.5;
        double[] hiiAtX1 = {100 + 180 * a + 50 * b * b, 40 + 50 * a * a + 480 * b * b, 24 + 30 * c};
        for (int i = 0; i < 3; i++) {
            double[] third = {180, 960 * Math.abs(b) + 960 * ConvergenceCheck.STEP, 30};
            double h = ConvergenceCheck.STEP;
            double bound = h / 2 * Math.abs(hiiAtX1[i] - after.hessian()[i * 3 + i]) + h * h / 6 * third[i] + 1e-9;
            assertEquals(g[i], after.gradient()[i], bound, "gradient " + i);
        }
        // BFGS: the carried-over Hessian maps the step onto the change of the gradient (secant; to the
        // last round's change of the slopes' correction)
        double[] s = new double[3], y = new double[3];
        for (int i = 0; i < 3; i++) {
            s[i] = x1[i] - x0[i];
            y[i] = after.gradient()[i] - full.gradient()[i];
        }
        for (int i = 0; i < 3; i++) {
            double hs = 0;
            for (int j = 0; j < 3; j++) hs += after.hessian()[i * 3 + j] * s[j];
            assertEquals(y[i], hs, 1e-6 * (1 + Math.abs(y[i])), "secant " + i);
        }
        // a long step, or a parameter that reached its bound, gets the full check instead
        double[] far = {x0[0] + 0.2, x0[1], x0[2]};
        assertEquals(null, ConvergenceCheck.after(full, VerifiedOptimumTest::skewed3, far, skewed3(far), lower));
        double[] bound = {x0[0], x0[1], 0};
        assertEquals(null, ConvergenceCheck.after(full, VerifiedOptimumTest::skewed3, bound, skewed3(bound), lower));
    }

    @Test
    void threeParametersHandedOverAreVerifiedOnAFullCheckBesideTheOptimum() {
        VerifiedOptimum.Result r = VerifiedOptimum.find(VerifiedOptimumTest::skewed3, new double[] {1.0, 1.0, 1.0},
                new double[] {0, 0, 0}, FitOptions.defaults());
        assertTrue(r.converged(), r.summary().message());
        assertArrayEquals(new double[] {0.7, 0.3, 0.5}, r.summary().finalTheta(), 1e-6);
        // the optimum is verified on a full check, whose stencil is within one step of it
        assertTrue(r.check().fullStencil());
        assertTrue(r.stencilCheck() == r.check());
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(r.summary().finalTheta()[i] - r.check().centre()[i]) <= ConvergenceCheck.STEP);
        }
        OptimizerSummary bobyqa = ThetaOptimizer.minimize(VerifiedOptimumTest::skewed3, new double[] {1.0, 1.0, 1.0},
                new double[] {0, 0, 0}, FitOptions.defaults());
        // at least as low as BOBYQA run to lme4's tolerance (what the hand-over replaces)
        assertTrue(bobyqa.finalObjective() >= r.summary().finalObjective() - 1e-12);
    }

    @Test
    void aHandOverWhoseNewtonStepsFallShortReplaysTheFirstSearchWhole() {
        // A long curved valley (Rosenbrock's, shifted into the positive orthant, with a third
        // parameter): BOBYQA's early hand-over leaves it far up the valley, where a Newton step from
        // the quadratic model overshoots. The search is then replayed from the start to lme4's
        // tolerance, and its first points are not evaluated again.
        ToDoubleFunction<double[]> valley = t -> {
            double a = t[0] - 1, b = t[1] - 1 - (t[0] - 1) * (t[0] - 1) * 4;
            return 3 * a * a + 300 * b * b + 2 * (t[2] - 0.8) * (t[2] - 0.8);
        };
        java.util.Map<java.util.List<Double>, Integer> seen = new java.util.HashMap<>();
        int[] count = {0};
        VerifiedOptimum.Result r = VerifiedOptimum.find(t -> {
            count[0]++;
            seen.merge(java.util.Arrays.stream(t).boxed().toList(), 1, Integer::sum);
            return valley.applyAsDouble(t);
        }, new double[] {2.5, 0.2, 2.0}, new double[] {0, 0, 0}, FitOptions.defaults());
        assertTrue(r.converged(), r.summary().message());
        assertArrayEquals(new double[] {1, 1, 0.8}, r.summary().finalTheta(), 1e-5);
        assertEquals(count[0] - r.checkEvaluations(), r.summary().evaluations(), "optimiser evaluations, replayed points not counted");
        assertTrue(r.summary().message().contains("resumed in full"), r.summary().message());
        // no point the first search evaluated was evaluated again by its replay
        assertTrue(seen.values().stream().allMatch(v -> v == 1), "a point evaluated twice");
    }
}
