package lmm.fit;

/**
 * The pieces of the profiled deviance at one θ, without the solution itself: what lmerTest's
 * devfun_vp and get_covbeta need at each point of their numerical derivatives. From the
 * objective-only factorisation (nothing O(n), no first-term blocks); see
 * {@link ProfiledDeviance#parts(double[])}.
 *
 * @param pwrss        the penalised residual sum of squares, as the factor's last diagonal entry squared
 *                     (the objective's value; {@link PenalisedSolution#pwrss()} sums it over the rows instead)
 * @param logDetL2     log|L_Z|²
 * @param logDetRX2    log|R_X|² in the model's coordinates
 * @param unscaledVcov (R_X'R_X)⁻¹ in the model's coordinates, p × p row-major: Var(β̂) = σ² times this
 */
public record DevianceParts(double pwrss, double logDetL2, double logDetRX2, double[] unscaledVcov) {}
