package lmm.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * InstEval's three-factor model by ML at InstEval's size against lme4 1.1-31 on the same data
 * ({@link InstEvalShape}, seed 20240611, written with its main and fitted by
 * {@code lmer(y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept), REML = FALSE)}, 71 evaluations).
 * About 1 s with native LAPACK, 4-5 s in pure Java; the timed comparison is bench/run.sh.
 */
class InstEvalShapeTest {
    static final double LME4_LOGLIK = -113231.3095629715;
    static final double[] LME4_THETA = {0.2571787621, 0.4138605810, 0.0285353862};
    static final double[] LME4_BETA = {3.1286762777, -0.0521573914};
    static final double LME4_SIGMA = 1.0946165993;

    @Test
    void threeFactorModelMatchesLme4() {
        var d = InstEvalShape.design(20240611L);
        long t0 = System.nanoTime();
        FitResult r = ModelFitter.fit(d, FitOptions.defaults().withReml(false));
        System.out.printf("InstEval shape: %.2f s, %d evaluations, %s, theta %s%n", (System.nanoTime() - t0) / 1e9,
                r.evaluations(), r.linearAlgebra(), Arrays.toString(r.theta()));
        assertTrue(r.converged());
        assertEquals(LME4_LOGLIK, r.logLik(), 1e-6 * Math.abs(LME4_LOGLIK), "same log-likelihood to 1e-6 relative");
        assertTrue(r.logLik() >= LME4_LOGLIK - 1e-6, "no worse than lme4's optimum");
        assertEquals(3, r.theta().length);
        for (int i = 0; i < 3; i++) assertEquals(LME4_THETA[i], r.theta()[i], 1e-3 * LME4_THETA[i], "theta " + i);
        for (int j = 0; j < 2; j++) assertEquals(LME4_BETA[j], r.beta()[j], 1e-3 * r.fixef().stdError()[j], "beta " + j);
        assertEquals(LME4_SIGMA, r.sigma(), 1e-5 * LME4_SIGMA);
    }
}
