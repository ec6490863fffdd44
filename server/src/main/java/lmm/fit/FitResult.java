package lmm.fit;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import lmm.model.Method;
import lmm.model.RandomTerm;

/**
 * The result of fitting one model (lme4's merMod, lm's lm), composed of its parts: everything lme4's
 * summary (or lm's) reports, with the meanings of the fields of the reference JSON (see
 * shared/reference/README.md). Immutable: array accessors return copies.
 *
 * @param method       REML, ML or OLS
 * @param fixef        the fixed-effects table
 * @param vcov         Var(β̂), p × p
 * @param varCorr      the variance components and σ
 * @param likelihood   logLik, the criterion, the parameter count
 * @param random       θ, Λ, b, u (empty for OLS)
 * @param fitted       Xβ̂ + Zb̂ per row used, in data order
 * @param residuals    y − Xβ̂ − Zb̂
 * @param convergence  the optimiser's record and the check of its optimum
 * @param linearAlgebra which dense kernel ran
 * @param fitTimeNanos wall time of the whole fit, set-up included
 */
public record FitResult(Method method, FixedEffects fixef, double[][] vcov, VarCorr varCorr, Likelihood likelihood,
                        RandomPart random, double[] fitted, double[] residuals, Convergence convergence,
                        String linearAlgebra, long fitTimeNanos) {
    public FitResult {
        vcov = RandomPart.deepCopy(vcov);
        fitted = fitted.clone();
        residuals = residuals.clone();
    }

    /**
     * The same instance only: the constructor copies the arrays, so no two results were equal by
     * the record's rule either. Said outright, because results key caches (inference, the check of
     * Y = Xβ + Zu + e) and the record's own hashCode walked every nested part (all level names) and
     * cost a method-handle bootstrap per record type on first use, a cold-start cost of each run.
     */
    @Override
    public boolean equals(Object o) { return this == o; }

    @Override
    public int hashCode() { return System.identityHashCode(this); }

    @Override
    public double[][] vcov() { return RandomPart.deepCopy(vcov); }

    @Override
    public double[] fitted() { return fitted.clone(); }

    @Override
    public double[] residuals() { return residuals.clone(); }

    /** Number of rows used. */
    public int nobs() { return likelihood.nobs(); }

    /** One row per random-effect covariate (lme4 order, same-group rows adjacent), then the Residual row. */
    public List<VarCorrRow> varcorr() { return varCorr.rows(); }

    /** Correlations within correlated vector-valued terms. */
    public List<CorrRow> corr() { return varCorr.corr(); }

    /** Residual standard deviation. */
    public double sigma() { return varCorr.sigma(); }

    /** Log-likelihood as R's logLik reports it: for REML fits the REML log-likelihood, −REMLcrit/2. */
    public double logLik() { return likelihood.logLik(); }

    /** Number of estimated parameters used by AIC and BIC. */
    public int degreesOfFreedom() { return likelihood.degreesOfFreedom(); }

    public double aic() { return likelihood.aic(); }

    public double bic() { return likelihood.bic(); }

    /** lme4's REML criterion (REML fits only). */
    public OptionalDouble remlCriterion() {
        return method == Method.REML ? OptionalDouble.of(likelihood.criterion()) : OptionalDouble.empty();
    }

    /** lme4's deviance, −2 logLik (ML fits only). */
    public OptionalDouble deviance() {
        return method == Method.ML ? OptionalDouble.of(likelihood.criterion()) : OptionalDouble.empty();
    }

    /** Conditional modes b per grouping factor (empty for OLS). */
    public List<RandomEffects> ranef() { return random.ranef(); }

    /** lme4's covariance parameters, in lme4's term order (empty for OLS). */
    public double[] theta() { return random.theta(); }

    /** True when a diagonal element of some factor is below 1e-4 (lme4's isSingular). */
    public boolean singular() { return random.singular(); }

    /** True when the optimum is verified (see Convergence; always true for OLS). */
    public boolean converged() { return convergence.converged(); }

    /** Number of objective evaluations of the optimiser (0 for OLS). */
    public int evaluations() { return convergence.evaluations(); }

    /** Objective evaluations of the checks after the optimiser (boundary tries and Newton steps included). */
    public int checkEvaluations() { return convergence.checkEvaluations(); }

    /** The optimiser's record (empty for OLS). */
    public Optional<OptimizerSummary> optimizer() { return convergence.optimizerSummary(); }

    /** β̂ (same as fixef().estimate()). */
    public double[] beta() { return fixef.estimate(); }

    /**
     * The conditional standard deviations of b (lme4's {@code ranef(condVar = TRUE)}), in the layout of
     * {@link #ranef()}; empty for OLS fits and for models too large to compute them cheaply (see
     * ConditionalVariance). Computed on each call.
     */
    public List<RandomEffects> ranefSd() {
        if (random.terms().isEmpty()) return List.of();
        double[][] sd = ConditionalVariance.sd(random.terms(), random.lambdas(), sigma());
        return sd == null ? List.of() : RandomEffects.tables(random.terms(), sd);
    }

    /** The random terms in lme4's order: the order of theta(), b() and u(). */
    public List<RandomTerm> termsInThetaOrder() { return random.terms(); }

    /**
     * Conditional modes b = Λu per term (lme4 order), each level-major: b()[t][level·k + j]. Row i's
     * random part is Σ_t Σ_j z_t[j][i] · b[t][refs_t[i]·k_t + j], so y = Xβ + Zb + residuals.
     */
    public double[][] b() { return random.b(); }

    /** Spherical random effects u (b = Λu), same layout as b(). */
    public double[][] u() { return random.u(); }
}
