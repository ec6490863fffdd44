package lmm.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import lmm.model.DesignMatrices;
import org.junit.jupiter.api.Test;

/** The objective at fixed θ against lme4's own deviance function, and internal identities of the solution. */
class ProfiledDevianceTest {
    /**
     * <pre>
     * df <- lmer(Reaction ~ Days + (Days | Subject), ss, devFunOnly = TRUE)            # REML
     * df(c(1, 0, 1)) = 1773.680330616; df(c(0.5, -0.2, 0.3)) = 1761.30305535102
     * dfml <- lmer(Reaction ~ Days + (Days | Subject), ss, REML = FALSE, devFunOnly = TRUE)
     * dfml(c(1, 0, 1)) = 1784.64229619245; dfml(c(0.5, -0.2, 0.3)) = 1769.61185122733
     * </pre>
     */
    @Test
    void matchesLme4DevianceFunction() {
        DesignMatrices d = TestData.sleepstudy();
        ThetaLayout layout = new ThetaLayout(d);
        ProfiledDeviance reml = new ProfiledDeviance(d, true, DenseCholesky.defaultImplementation());
        ProfiledDeviance ml = new ProfiledDeviance(d, false, DenseCholesky.defaultImplementation());
        assertEquals(1773.680330616, reml.objective(new double[] {1, 0, 1}), 1e-8);
        assertEquals(1761.30305535102, reml.objective(new double[] {0.5, -0.2, 0.3}), 1e-8);
        assertEquals(1784.64229619245, ml.objective(new double[] {1, 0, 1}), 1e-8);
        assertEquals(1769.61185122733, ml.objective(new double[] {0.5, -0.2, 0.3}), 1e-8);
    }

    /** The penalised RSS from the factor equals ‖y − Xβ − Zb‖² + ‖u‖² computed from the solution. */
    @Test
    void penalisedResidualSumOfSquaresIsConsistent() {
        DesignMatrices d = TestData.sleepstudy();
        ThetaLayout layout = new ThetaLayout(d);
        ProfiledDeviance dev = new ProfiledDeviance(d, true, DenseCholesky.defaultImplementation());
        PenalisedSolution s = dev.solution(new double[] {0.8, 0.1, 0.3});
        double sum = 0;
        for (double r : s.residuals()) sum += r * r;
        for (double[] u : s.u()) for (double v : u) sum += v * v;
        assertEquals(s.pwrss(), sum, 1e-9 * s.pwrss());
    }

    /**
     * The parts at θ from the objective-only factorisation against lme4's deviance function's
     * environment after df(θ):
     * <pre>
     * df <- lmer(Reaction ~ Days + (Days | Subject), sleepstudy, devFunOnly = TRUE); df(c(0.5, -0.2, 0.3))
     * e <- environment(df); e$resp$wrss() + e$pp$sqrL(1); e$pp$ldL2(); e$pp$ldRX2(); e$pp$unsc()
     * # 132565.174692807  70.4568686034353  8.58185642415839
     * # unsc: 0.03308080808080803 -0.00858585858585853 -0.00858585858585853 0.00789562289562285
     * </pre>
     */
    @Test
    void partsMatchLme4AndAreTheSameFromTheFitsOwnFactor() {
        DesignMatrices d = TestData.sleepstudy();
        ProfiledDeviance dev = new ProfiledDeviance(d, true, DenseCholesky.defaultImplementation());
        double[] theta = {0.5, -0.2, 0.3};
        DevianceParts parts = dev.parts(theta);
        assertEquals(132565.174692807, parts.pwrss(), 1e-9 * 132565.174692807);
        assertEquals(70.4568686034353, parts.logDetL2(), 1e-9);
        assertEquals(8.58185642415839, parts.logDetRX2(), 1e-9);
        double[] unsc = {0.03308080808080803, -0.00858585858585853, -0.00858585858585853, 0.00789562289562285};
        for (int i = 0; i < 4; i++) assertEquals(unsc[i], parts.unscaledVcov()[i], 1e-12, "unsc " + i);

        // A fit hands its own deviance function (still factored at θ̂) to its inference once; the
        // next caller gets a new one; both give the same numbers.
        FitResult fit = ModelFitter.fit(d, FitOptions.defaults());
        ProfiledDeviance kept = ProfiledDeviance.of(d, true, fit);
        ProfiledDeviance fresh = ProfiledDeviance.of(d, true, fit);
        org.junit.jupiter.api.Assertions.assertNotSame(kept, fresh);
        DevianceParts a = kept.parts(fit.theta()), b = fresh.parts(fit.theta());
        assertEquals(b.pwrss(), a.pwrss(), 0.0);
        assertEquals(b.logDetL2(), a.logDetL2(), 0.0);
        assertEquals(b.logDetRX2(), a.logDetRX2(), 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(b.unscaledVcov(), a.unscaledVcov(), 0.0);
    }
}
