package lmm.fit;

import lmm.model.Method;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import lmm.model.RandomTerm;

/**
 * The result of fitting one model: everything lme4's summary (or lm's) reports, with the same meanings
 * as the fields of the reference JSON (see shared/reference/README.md). Immutable: array accessors
 * return copies.
 */
public final class FitResult {
    private final Method method;
    private final int nobs;
    private final FixedEffects fixef;
    private final double[][] vcov;
    private final List<VarCorrRow> varcorr;
    private final List<CorrRow> corr;
    private final double sigma;
    private final double logLik;
    private final int degreesOfFreedom;
    private final double aic;
    private final double bic;
    private final double criterion;
    private final List<RandomEffects> ranef;
    private final double[] fitted;
    private final double[] residuals;
    private final double[] theta;
    private final boolean singular;
    private final OptimizerSummary optimizer;
    private final String linearAlgebra;
    private final long fitTimeNanos;
    private final double[] beta;
    private final List<RandomTerm> termsInThetaOrder;
    private final List<double[]> lambdas;
    private List<RandomEffects> ranefSd;
    private final double[][] b;
    private final double[][] u;

    FitResult(Method method, int nobs, FixedEffects fixef, double[][] vcov, List<VarCorrRow> varcorr, List<CorrRow> corr,
              double sigma, double logLik, int degreesOfFreedom, double criterion, List<RandomEffects> ranef,
              double[] fitted, double[] residuals, double[] theta, boolean singular, OptimizerSummary optimizer,
              String linearAlgebra, long fitTimeNanos, double[] beta, List<RandomTerm> termsInThetaOrder, List<double[]> lambdas,
              double[][] b, double[][] u) {
        this.method = method;
        this.nobs = nobs;
        this.fixef = fixef;
        this.vcov = deepCopy(vcov);
        this.varcorr = List.copyOf(varcorr);
        this.corr = List.copyOf(corr);
        this.sigma = sigma;
        this.logLik = logLik;
        this.degreesOfFreedom = degreesOfFreedom;
        this.aic = -2 * logLik + 2 * degreesOfFreedom;
        this.bic = -2 * logLik + Math.log(nobs) * degreesOfFreedom;
        this.criterion = criterion;
        this.ranef = List.copyOf(ranef);
        this.fitted = fitted.clone();
        this.residuals = residuals.clone();
        this.theta = theta.clone();
        this.singular = singular;
        this.optimizer = optimizer;
        this.linearAlgebra = linearAlgebra;
        this.fitTimeNanos = fitTimeNanos;
        this.beta = beta.clone();
        this.termsInThetaOrder = List.copyOf(termsInThetaOrder);
        this.lambdas = List.copyOf(lambdas);
        this.b = deepCopy(b);
        this.u = deepCopy(u);
    }

    /** REML, ML or OLS. */
    public Method method() { return method; }

    /** Number of rows used. */
    public int nobs() { return nobs; }

    public FixedEffects fixef() { return fixef; }

    /** Var(β̂), p × p (lme4's vcov, lm's vcov). */
    public double[][] vcov() { return deepCopy(vcov); }

    /** One row per random-effect covariate (lme4 order, same-group rows adjacent), then the Residual row. */
    public List<VarCorrRow> varcorr() { return varcorr; }

    /** Correlations within correlated vector-valued terms. */
    public List<CorrRow> corr() { return corr; }

    /** Residual standard deviation. */
    public double sigma() { return sigma; }

    /** Log-likelihood as R's logLik reports it: for REML fits the REML log-likelihood, −REMLcrit/2. */
    public double logLik() { return logLik; }

    /** Number of estimated parameters used by AIC and BIC: p + #θ + 1 (mixed) or p + 1 (OLS). */
    public int degreesOfFreedom() { return degreesOfFreedom; }

    public double aic() { return aic; }

    public double bic() { return bic; }

    /** lme4's REML criterion (REML fits only). */
    public OptionalDouble remlCriterion() {
        return method == Method.REML ? OptionalDouble.of(criterion) : OptionalDouble.empty();
    }

    /** lme4's deviance, −2 logLik (ML fits only). */
    public OptionalDouble deviance() {
        return method == Method.ML ? OptionalDouble.of(criterion) : OptionalDouble.empty();
    }

    /** Conditional modes b per grouping factor (empty for OLS). */
    public List<RandomEffects> ranef() { return ranef; }

    /** Xβ̂ + Zb̂, one per row used, in data order. */
    public double[] fitted() { return fitted.clone(); }

    /** y − Xβ̂ − Zb̂. */
    public double[] residuals() { return residuals.clone(); }

    /** lme4's covariance parameters, in lme4's term order (empty for OLS). */
    public double[] theta() { return theta.clone(); }

    /** True when a diagonal element of some factor is below 1e-4 (lme4's isSingular). */
    public boolean singular() { return singular; }

    /** True when the optimiser stopped on its tolerance (always true for OLS). */
    public boolean converged() { return optimizer == null || optimizer.converged(); }

    /** Number of objective evaluations (0 for OLS). */
    public int evaluations() { return optimizer == null ? 0 : optimizer.evaluations(); }

    /** The optimiser's record (empty for OLS). */
    public Optional<OptimizerSummary> optimizer() { return Optional.ofNullable(optimizer); }

    /** Which dense kernel ran: the Cholesky implementation's name, or "QR (EJML Householder)" for OLS. */
    public String linearAlgebra() { return linearAlgebra; }

    /** Wall time of the whole fit, set-up included. */
    public long fitTimeNanos() { return fitTimeNanos; }

    /** β̂ (same as fixef().estimate()). */
    public double[] beta() { return beta.clone(); }

    /**
     * The conditional standard deviations of b (lme4's {@code ranef(condVar = TRUE)}), in the layout of
     * {@link #ranef()}; empty for OLS fits and for models too large to compute them cheaply (see
     * ConditionalVariance). Computed on first use.
     */
    public synchronized List<RandomEffects> ranefSd() {
        if (ranefSd == null) {
            double[][] sd = termsInThetaOrder.isEmpty() ? null : ConditionalVariance.sd(termsInThetaOrder, lambdas, sigma);
            ranefSd = sd == null ? List.of() : RandomEffects.tables(termsInThetaOrder, sd);
        }
        return ranefSd;
    }

    /** The random terms in lme4's order: the order of theta(), b() and u(). */
    public List<RandomTerm> termsInThetaOrder() { return termsInThetaOrder; }

    /**
     * Conditional modes b = Λu per term (lme4 order), each level-major: b()[t][level·k + j]. Row i's
     * random part is Σ_t Σ_j z_t[j][i] · b[t][refs_t[i]·k_t + j], so y = Xβ + Zb + residuals.
     */
    public double[][] b() { return deepCopy(b); }

    /** Spherical random effects u (b = Λu), same layout as b(). */
    public double[][] u() { return deepCopy(u); }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
