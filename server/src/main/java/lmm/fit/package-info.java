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
 *   <li>{@link lmm.fit.ProfiledDeviance}: the objective of θ and the penalised solution at θ (public
 *       entry points), built from DesignScaling (exact reparametrisation), CrossProducts (once, from
 *       level indices), BlockPattern (the dense block's cache-sized tiles, once), BlockedFactor
 *       (numeric update per θ; DenseBlockFill refills the tiles: Gram entries less the sparse rank
 *       update Σ_g w_g v_g v_g' of a scalar first term, on one or two threads) and
 *       {@link lmm.fit.PenalisedSolution}; see ARCHITECTURE.md.</li>
 *   <li>{@link lmm.fit.DenseCholesky}: native LAPACK dpotrf (dev.ludovic.netlib over the system's
 *       liblapack.so.3, loaded quietly on a background thread) when a tuned library is present, else
 *       EJML; {@code -Dlmm.linalg=java|native|auto}. docs/performance.md has the figures.</li>
 *   <li>{@code StartingValues}: moment estimates of θ for random intercepts (fewer evaluations).</li>
 *   <li>{@code VerifiedOptimum}: {@code ThetaOptimizer} (BOBYQA with NLopt's ftol_abs stop, or Brent)
 *       on the scaled θ̃, then {@code ConvergenceCheck} (lme4's checkConv), the boundary, a Newton
 *       polish and restarts; its record is an {@link lmm.fit.OptimizerSummary} in a
 *       {@link lmm.fit.Convergence}.</li>
 *   <li>{@link lmm.fit.ModelFitter}: OLS by QR or the mixed-model pipeline; {@code MerModAssembly}
 *       builds the immutable {@link lmm.fit.FitResult} from its parts.</li>
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
