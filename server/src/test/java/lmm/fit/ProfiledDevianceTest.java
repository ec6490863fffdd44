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
}
