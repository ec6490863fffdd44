package lmm.fit;

import java.util.List;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;

/**
 * The narrow entry point of the fit layer for inference (lme4's {@code devfun} and its {@code pp}
 * environment): the objective at any θ, and the penalised least-squares solution there. Inference
 * differentiates and profiles these; it never reaches into the factorisation.
 *
 * <p>Not thread-safe: one instance per caller. θ may lie outside lme4's bounds (negative diagonal
 * elements), as numerical derivatives at a boundary need.
 */
public final class DevianceFunction {
    private final ProfiledDeviance deviance;
    private final ThetaLayout layout;
    private final boolean reml;
    private final int n;
    private final int p;

    private DevianceFunction(DesignMatrices d, boolean reml) {
        ModelFitter.validateForProfile(d);
        if (d.randomTerms().isEmpty()) throw new IllegalArgumentException("a deviance function needs random terms");
        this.layout = new ThetaLayout(d);
        this.deviance = new ProfiledDeviance(d, layout, reml, FitOptions.defaults().cholesky());
        this.reml = reml;
        this.n = d.n();
        this.p = d.p();
    }

    /** The REML criterion (reml) or the ML deviance of a mixed model's design. */
    public static DevianceFunction of(DesignMatrices d, boolean reml) {
        return new DevianceFunction(d, reml);
    }

    public boolean reml() { return reml; }

    public int n() { return n; }

    public int p() { return p; }

    /** The random terms in lme4's order: the order of θ. */
    public List<RandomTerm> terms() { return layout.terms(); }

    public int thetaCount() { return layout.count(); }

    /** Index in θ of the first parameter of term {@code t} (lme4 order). */
    public int thetaOffset(int t) { return layout.offset(t); }

    /** lme4's lower bounds: 0 for diagonal elements of a factor, −∞ off it. */
    public double[] lowerBounds() { return layout.lowerBounds(); }

    /** Term {@code t}'s relative factor Λ_t (k × k, row-major, lower triangular). */
    public double[] lambda(int t, double[] theta) { return layout.lambda(t, theta); }

    /** lme4's devfun(θ): the REML criterion or −2 log-likelihood profiled over β and σ; NaN where it cannot be computed. */
    public double objective(double[] theta) {
        return deviance.evaluate(theta);
    }

    /**
     * The penalised solution at θ.
     *
     * @throws FitException where the system is not numerically positive definite
     */
    public PenalisedSolution solve(double[] theta) {
        ProfiledDeviance.Solution s = deviance.solve(theta);
        double[] uv = s.unscaledVcov();
        double[][] unscaled = new double[p][p];
        for (int i = 0; i < p; i++) System.arraycopy(uv, i * p, unscaled[i], 0, p);
        // lme4's wrss() + sqrL(1), summed from the residuals and u: smoother in θ than the factor's last
        // pivot (a difference of large numbers), which numerical second derivatives need.
        double pwrss = 0;
        for (double e : s.residuals()) pwrss += e * e;
        for (double[] ut : s.u()) for (double v : ut) pwrss += v * v;
        return new PenalisedSolution(s.objective(), pwrss, s.logDetL2(), s.logDetRX2(), s.beta(), unscaled);
    }

    /**
     * lme4's {@code pp} after {@code devfun(θ)}.
     *
     * @param objective    devfun(θ)
     * @param pwrss        penalised weighted residual sum of squares, ‖y − Xβ̂ − ZΛû‖² + ‖û‖²
     * @param logDetL2     log det(Λ'Z'ZΛ + I) (lme4's ldL2)
     * @param logDetRX2    log det(R_X'R_X) (lme4's ldRX2)
     * @param unscaledVcov (R_X'R_X)⁻¹: Var(β̂) = σ² times this
     */
    public record PenalisedSolution(double objective, double pwrss, double logDetL2, double logDetRX2, double[] beta,
                                    double[][] unscaledVcov) { }
}
