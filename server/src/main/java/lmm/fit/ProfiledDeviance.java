package lmm.fit;

import java.lang.ref.SoftReference;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.BooleanSupplier;
import lmm.model.DesignMatrices;

/**
 * lme4's profiled deviance (ML) or REML criterion as a function of θ (lme4's {@code mkLmerDevfun}),
 * and the penalised solution at a θ. The stable entry points for everything built on a fit
 * (inference, profiles): {@link #objective(double[])}, {@link #parts(double[])} and
 * {@link #solution(double[])}, all in the model's own θ (lme4's order and meaning).
 *
 * <p>Built in steps, as MixedModels.jl builds {@code updateL!}, each its own class:
 * <ol>
 *   <li>{@link DesignScaling}: the exact reparametrisation the factorisation sees (y less its
 *       least-squares fit on X, X's columns centred and scaled, Z's columns scaled within a term);</li>
 *   <li>{@link CrossProducts}: the cross-products, once, from the level indices;</li>
 *   <li>{@link BlockPattern}: the symbolic pattern of the blocked factor, once;</li>
 *   <li>{@link BlockedFactor}: the numeric update for a θ (nothing O(n));</li>
 *   <li>{@link PenalisedSolution}: β, u, b, fitted values, Var(β) and the exact penalised residual
 *       sum of squares, mapped back to the model's coordinates.</li>
 * </ol>
 * Not thread-safe: one instance per fit (or per thread).
 */
public final class ProfiledDeviance {
    /**
     * The deviance function each mixed fit ran on, until its inference takes it: the set-up (pattern,
     * cross-products: seconds at 10⁶ rows) is not repeated, and the factor still holds θ̂. Soft, so
     * a fit whose inference never runs does not pin its factor in memory; weak in the fit.
     */
    private static final Map<FitResult, SoftReference<ProfiledDeviance>> OF_FIT = new WeakHashMap<>();

    private final DesignScaling scaling;
    private final CrossProducts cross;
    private final BlockPattern pattern;
    private final BlockedFactor factor;
    private final RecentEvaluations recent;
    /** The lowest objective evaluated so far (its factorisation is kept aside: BlockedFactor.keepAsBest). */
    private double bestObjective = Double.POSITIVE_INFINITY;
    private final boolean reml;
    private final int n;
    private final int p;

    /** For a model with at least one random term (the design as the binder validated it). */
    public ProfiledDeviance(DesignMatrices design, boolean reml) {
        this(design, reml, DenseCholesky.defaultImplementation(), FitOptions.defaults().threads());
    }

    ProfiledDeviance(DesignMatrices design, boolean reml, DenseCholesky cholesky) {
        this(design, reml, cholesky, FitOptions.defaults().threads());
    }

    /** @param threads 1, or 2 to build and fill large dense blocks on two threads (same numbers either way) */
    ProfiledDeviance(DesignMatrices design, boolean reml, DenseCholesky cholesky, int threads) {
        this(design, reml, cholesky, threads, () -> false);
    }

    /**
     * @param cancelled polled between the steps of the set-up (each a pass over the data or the
     *                  pattern: at 10⁶ rows a few tenths of a second), so that a fit cancelled before
     *                  its first evaluation stops soon; when it returns true this throws {@link FitCancelled}
     */
    ProfiledDeviance(DesignMatrices design, boolean reml, DenseCholesky cholesky, int threads, BooleanSupplier cancelled) {
        if (design.randomTerms().isEmpty()) throw new IllegalArgumentException("a mixed model needs at least one random term");
        this.scaling = new DesignScaling(design);
        this.reml = reml;
        this.n = design.n();
        this.p = design.p();
        DesignMatrices scaled = scaling.scaled();
        stopIf(cancelled);
        this.cross = new CrossProducts(scaling.scaledLayout().terms(), scaled.x(), scaled.y());
        stopIf(cancelled);
        this.pattern = new BlockPattern(cross, FirstTerm.of(cross), threads > 1);
        stopIf(cancelled);
        this.factor = new BlockedFactor(cross, pattern, scaling.scaledLayout(), cholesky, threads > 1);
        this.recent = new RecentEvaluations(scaling.layout().count());
    }

    private static void stopIf(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) throw new FitCancelled(0);
    }

    /**
     * The deviance function of a fit of {@code design}: the one the fit ran on when it is still kept
     * (each is handed out once: an instance is not thread-safe), else a new one. Same numbers either way.
     */
    public static ProfiledDeviance of(DesignMatrices design, boolean reml, FitResult fit) {
        SoftReference<ProfiledDeviance> kept;
        synchronized (OF_FIT) {
            kept = OF_FIT.remove(fit);
        }
        ProfiledDeviance d = kept == null ? null : kept.get();
        if (d != null && d.reml == reml && d.scaling.original() == design) return d;
        return new ProfiledDeviance(design, reml);
    }

    /**
     * Keeps this deviance function for the inference of {@code fit} (see {@link #of}), and the points
     * of the fit's last convergence check with their parts ({@link CheckStencil#of}).
     *
     * @param optimumScaled the fit's θ̃
     */
    void keepFor(FitResult fit, ConvergenceCheck lastCheck, double[] optimumScaled) {
        CheckStencil.keep(fit, CheckStencil.from(lastCheck, optimumScaled, recent, this));
        synchronized (OF_FIT) {
            OF_FIT.put(fit, new SoftReference<>(this));
        }
    }

    /** θ's layout: terms in lme4's order, lower bounds, the factor Λ of a term. */
    public ThetaLayout layout() {
        return scaling.layout();
    }

    public boolean reml() {
        return reml;
    }

    /** Number of rows. */
    public int n() {
        return n;
    }

    /** Number of fixed-effect coefficients. */
    public int p() {
        return p;
    }

    /**
     * The objective at θ: the REML criterion or ML deviance. NaN when the system is not numerically
     * positive definite (X rank deficient or y fitted exactly).
     */
    public double objective(double[] theta) {
        return objectiveScaled(scaling.toScaled(theta));
    }

    /** The penalised least-squares solution at θ (its objective from the exact pwrss). */
    public PenalisedSolution solution(double[] theta) {
        return solution(scaling.toScaled(theta), theta);
    }

    /** {@link #solution} at θ̃ exactly as the optimiser evaluated it (its factorisation is then taken back, not repeated). */
    PenalisedSolution solutionScaled(double[] thetaScaled) {
        return solution(thetaScaled, scaling.fromScaled(thetaScaled));
    }

    private PenalisedSolution solution(double[] scaled, double[] theta) {
        factor.updateWithFirstBlocks(scaled);
        factor.releaseSpare();
        if (!factor.ok()) {
            throw new FitException("the model matrix is numerically singular at the optimum: the fixed effects may be "
                    + "collinear or the response fitted exactly");
        }
        PenalisedSolution.Raw raw = PenalisedSolution.solve(factor, cross);
        double logDetRX2 = factor.logDetRX2() + scaling.logDetRX2Offset();
        double objective = PenalisedSolution.objective(reml, n, p, factor.logDetL2(), logDetRX2, raw.pwrss());
        double sigma = Math.sqrt(raw.pwrss() / (reml ? n - p : n));
        double[] y = scaling.original().y();
        double[] fitted = new double[n];
        for (int i = 0; i < n; i++) fitted[i] = y[i] - raw.residuals()[i];
        return new PenalisedSolution(theta.clone(), reml, objective, raw.pwrss(), factor.logDetL2(), logDetRX2,
                scaling.beta(raw.beta()), raw.u(), scaling.b(raw.b()), fitted, raw.residuals(), scaling.vcov(raw.unscaledVcov()),
                sigma);
    }

    /**
     * The parts of the objective at θ and the unscaled Var(β̂), from the objective-only
     * factorisation: the cost of one evaluation, where {@link #solution(double[])} also forms the
     * first term's blocks and the O(n) fitted values (for numerical derivatives of the deviance).
     *
     * @throws FitException when the system is not numerically positive definite at θ
     */
    public DevianceParts parts(double[] theta) {
        return partsScaled(scaling.toScaled(theta));
    }

    /** {@link #parts} at θ̃ (the stencil of the fit's check is on θ̃: no rounding on the way back and forth). */
    DevianceParts partsScaled(double[] thetaScaled) {
        factor.update(thetaScaled);
        if (!factor.ok()) {
            throw new FitException("the penalised system is not numerically positive definite at θ = "
                    + java.util.Arrays.toString(scaling.fromScaled(thetaScaled)));
        }
        double[] unscaled = PenalisedSolution.unscaledVcov(factor.dense, cross.s, cross.qRest, p);
        return new DevianceParts(factor.pwrss(), factor.logDetL2(), factor.logDetRX2() + scaling.logDetRX2Offset(),
                scaling.vcov(unscaled));
    }

    /** The parts of a recorded evaluation, as {@link #partsScaled} gives them at its θ̃. */
    DevianceParts partsOf(RecentEvaluations.Point point) {
        double[] unscaled = PenalisedSolution.unscaledVcov(point.xBlock(), p, 0, p);
        return new DevianceParts(point.pwrss(), point.logDetL2(), point.logDetRX2(), scaling.vcov(unscaled));
    }

    /**
     * Multiply-adds of one factorisation (the first term's rank update, the Gram entries, the dense
     * Cholesky): what choosing a derivative scheme by the cost of a point goes by.
     */
    public double factorisationWork() {
        long[] sizes = patternSizes();
        double s = sizes[0];
        return sizes[2] + (double) sizes[1] + s * s * s / 3;
    }

    /** The objective at θ̃, the parameters the optimiser sees (see DesignScaling). */
    double objectiveScaled(double[] thetaScaled) {
        factor.update(thetaScaled);
        double value = objectiveFromFactor();
        if (factor.ok()) {
            recent.record(thetaScaled, value, factor.pwrss(), factor.logDetL2(), factor.logDetRX2() + scaling.logDetRX2Offset(),
                    factor.dense, cross.s, cross.qRest, p);
            if (value < bestObjective) {
                // the fit ends at its best point: its solution and its inference's centre take this
                // factorisation back instead of repeating it
                bestObjective = value;
                factor.keepAsBest();
            }
        }
        return value;
    }

    /** The objective by the level-by-level path (tests compare the fast path with it). */
    double objectiveLevelByLevel(double[] theta) {
        factor.factorLevelByLevel(scaling.toScaled(theta));
        return objectiveFromFactor();
    }

    private double objectiveFromFactor() {
        if (!factor.ok()) return Double.NaN;
        return PenalisedSolution.objective(reml, n, p, factor.logDetL2(), factor.logDetRX2() + scaling.logDetRX2Offset(),
                factor.pwrss());
    }

    double[] toScaled(double[] theta) {
        return scaling.toScaled(theta);
    }

    double[] fromScaled(double[] thetaScaled) {
        return scaling.fromScaled(thetaScaled);
    }

    /** The scaled design (the optimiser's starting values are computed on it). */
    DesignMatrices scaledDesign() {
        return scaling.scaled();
    }

    ThetaLayout scaledLayout() {
        return scaling.scaledLayout();
    }

    /** Name of the dense Cholesky implementation in use. */
    String choleskyName() {
        return factor.choleskyName();
    }

    /** True when the numeric fill runs on two threads. */
    boolean fillsOnTwoThreads() {
        return factor.fillsOnTwoThreads();
    }

    /** {order of the dense part, Gram nonzeros stored in its pattern, multiply-adds of the first term's rank update} (for benchmarks). */
    long[] patternSizes() {
        return new long[] {cross.s, pattern.gramNonzeros(), pattern.updateWork};
    }
}
