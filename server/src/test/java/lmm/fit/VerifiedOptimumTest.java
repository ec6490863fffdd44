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
}
