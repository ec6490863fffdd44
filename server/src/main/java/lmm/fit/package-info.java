/**
 * The fitting engine: linear mixed models as lme4's {@code lmer} fits them (REML or ML), and ordinary
 * least squares as R's {@code lm} when a model has no random terms.
 *
 * <h2>Use</h2>
 * {@code FitResult r = ModelFitter.fit(designMatrices, FitOptions.defaults().withReml(false));}
 * {@link lmm.fit.FitOptions} also carries the cancellation check (polled before each evaluation,
 * ending the fit with {@link lmm.fit.FitCancelled}), the progress callback, the evaluation budget and
 * the dense Cholesky kernel ({@link lmm.fit.DenseCholesky}). Degenerate input fails with
 * {@link lmm.fit.FitException}, whose message is meant for the user as is.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link lmm.fit.ThetaLayout}: lme4's term order (decreasing levels, ties reversed as
 *       {@code rev(order(nl))} does) and the layout of θ.</li>
 *   <li>{@code ProfiledDeviance}: the objective of θ, by a blocked Cholesky factor (MixedModels.jl's
 *       design); cross-products are accumulated once from level indices, Z is never formed.</li>
 *   <li>{@code ThetaOptimizer}: BOBYQA (≥ 2 parameters) or Brent (1), lme4's bounds, start and
 *       boundary snapping; its record is an {@link lmm.fit.OptimizerSummary}.</li>
 *   <li>{@link lmm.fit.ModelFitter}: validation, then OLS by QR or the mixed-model pipeline, and the
 *       assembly of the immutable {@link lmm.fit.FitResult}.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Per evaluation, work is independent of n and never quadratic in the number of levels of the
 *       first (largest) term; only the Schur complement over the other terms is dense.</li>
 *   <li>Log-determinants are sums of logs of diagonals (never products).</li>
 *   <li>θ, b and u are reported in lme4's term order; varcorr and ranef list the terms of one grouping
 *       factor together, in that order.</li>
 * </ul>
 */
package lmm.fit;
