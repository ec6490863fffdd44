package lmm.fit;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.hipparchus.optim.univariate.UnivariatePointValuePair;

/**
 * Minimises the profiled objective over θ under lme4's bounds: BOBYQA for two or more parameters
 * (as lme4), Brent on [0, U] for one (Hipparchus' BOBYQA needs dimension ≥ 2).
 */
final class ThetaOptimizer {
    /** Returned to the optimiser where the objective cannot be computed, so that it steps away. */
    private static final double UNUSABLE = 1e100;

    private ThetaOptimizer() { }

    /** Thrown inside the objective when the evaluation budget is spent; caught here. */
    private static final class BudgetExhausted extends RuntimeException {
        BudgetExhausted() {
            super(null, null, false, false);
        }
    }

    /**
     * NLopt's ftol_abs as lme4 (nloptwrap) sets it: once past the initial interpolation points, an
     * evaluation that improves on the best so far by less than this ends the optimisation. Hipparchus'
     * BOBYQA only stops on its trust radius, which spends a tail of evaluations on changes of the
     * deviance far below anything reported.
     */
    static final double FTOL = 1e-8;

    /** Thrown inside the objective when an improvement is below FTOL; caught here. */
    private static final class Converged extends RuntimeException {
        Converged() {
            super(null, null, false, false);
        }
    }

    /** The objective as the optimiser sees it: counts, polls cancellation, reports progress, remembers the best. */
    private static final class Tracked {
        private final ToDoubleFunction<double[]> f;
        private final FitOptions options;
        private final double ftol;
        private double[] trace = new double[64];
        int evaluations;
        double bestValue = Double.POSITIVE_INFINITY;
        double[] bestTheta;
        int warmup = Integer.MAX_VALUE;

        Tracked(ToDoubleFunction<double[]> f, FitOptions options, double ftol) {
            this.f = f;
            this.options = options;
            this.ftol = ftol;
        }

        double value(double[] theta) {
            if (options.cancelled().getAsBoolean()) throw new FitCancelled(evaluations);
            if (evaluations >= options.maxEvaluations()) throw new BudgetExhausted();
            double v = f.applyAsDouble(theta);
            if (evaluations == trace.length) trace = Arrays.copyOf(trace, 2 * trace.length);
            trace[evaluations++] = v;
            if (!Double.isFinite(v)) v = UNUSABLE;
            // NLopt-style ftol_abs: past the initial points, an evaluation within FTOL of the best so far
            // (better or not) means the model has nothing left to find at this scale; the check and
            // restarts after the optimiser (VerifiedOptimum) make sure of the optimum.
            boolean smallStep = evaluations > warmup && Math.abs(bestValue - v) < ftol;
            if (v < bestValue) {
                bestValue = v;
                bestTheta = theta.clone();
            }
            options.progress().evaluated(evaluations, v);
            if (smallStep) {
                warmup = Integer.MAX_VALUE;
                throw new Converged();
            }
            return v;
        }

        double[] trace() {
            return Arrays.copyOf(trace, evaluations);
        }
    }

    static OptimizerSummary minimize(ToDoubleFunction<double[]> objective, double[] start, double[] lower, FitOptions options) {
        return minimize(objective, start, lower, options, 1.0, FTOL);
    }

    /**
     * @param radius the initial trust region as a fraction of the usual one (a restart looks nearer)
     * @param ftol   BOBYQA stops once an evaluation past the initial points is within this of the best
     *               (FTOL for a finished search; larger to hand a nearly finished one over to Newton steps)
     */
    static OptimizerSummary minimize(ToDoubleFunction<double[]> objective, double[] start, double[] lower, FitOptions options,
                                     double radius, double ftol) {
        long t0 = System.nanoTime();
        Tracked tracked = new Tracked(objective, options, ftol);
        int dim = start.length;
        String algorithm = dim == 1 ? "Brent" : "BOBYQA";
        boolean converged = true;
        String message;
        try {
            message = dim == 1 ? brent(tracked) : bobyqa(tracked, start, lower, radius);
        } catch (Converged e) {
            tracked.warmup = Integer.MAX_VALUE;
            message = "converged: the last improvement of the objective was below " + ftol;
        } catch (BudgetExhausted e) {
            converged = false;
            message = "stopped after the maximum of " + options.maxEvaluations() + " evaluations before converging";
        } catch (MathRuntimeException e) {
            converged = false;
            message = "the optimiser failed: " + e.getMessage();
        }
        tracked.warmup = Integer.MAX_VALUE;
        if (tracked.bestTheta == null || !(tracked.bestValue < UNUSABLE)) {
            throw new FitException("the objective could not be evaluated at any tried value of the covariance parameters");
        }
        double[] theta = tracked.bestTheta.clone();
        double value = tracked.bestValue;

        return new OptimizerSummary(algorithm, start, lower, theta, value, tracked.evaluations, converged, message,
                System.nanoTime() - t0, tracked.trace());
    }

    private static String bobyqa(Tracked tracked, double[] start, double[] lower, double radius) {
        int dim = start.length;
        double maxAbs = 0;
        for (double v : start) maxAbs = Math.max(maxAbs, Math.abs(v));
        // Between minqa's defaults (rhobeg = min(0.95, 0.2 max|θ|), rhoend = 1e-6 rhobeg) and NLopt's
        // as lme4 uses it (rhobeg 0.75 θ, rhoend 1e-4 rhobeg, plus the ftol stop above); measured on the
        // reference models, InstEval and crossed designs (docs/performance.md). Hipparchus' own default
        // radius (10) would throw the start far outside the region of interest.
        // With two or three parameters (VerifiedOptimum.HANDOVER_MAX_DIMENSION) the search hands its
        // tail over to Newton steps and needs only to get near: minqa's own first radius (0.2 max|θ|)
        // then spends fewer evaluations far from a start that is usually within 20 % (MovieLens-shaped:
        // 36 → 26 evaluations; the three-parameter InstEval-shaped hand-over after 14).
        double fraction = dim <= VerifiedOptimum.HANDOVER_MAX_DIMENSION ? 0.2 : 0.5;
        double rhoBeg = radius * (maxAbs > 0 ? Math.min(0.95, fraction * maxAbs) : 0.2);
        double rhoEnd = 1e-5 * rhoBeg;
        double[] upper = new double[dim];
        Arrays.fill(upper, Double.POSITIVE_INFINITY);
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * dim + 1, rhoBeg, rhoEnd);
        tracked.warmup = 2 * dim + 1;
        PointValuePair result = optimizer.optimize(new MaxEval(Integer.MAX_VALUE), new ObjectiveFunction(tracked::value),
                GoalType.MINIMIZE, new InitialGuess(start), new SimpleBounds(lower, upper));
        return "trust region radius reached " + rhoEnd + " (objective " + result.getValue() + ")";
    }

    private static String brent(Tracked tracked) {
        // The profiled objective of one scalar term over θ ∈ [0, U]; U grows while the minimum sits at it.
        double upper = 10;
        while (true) {
            BrentOptimizer brent = new BrentOptimizer(1e-10, 1e-12);
            UnivariatePointValuePair r = brent.optimize(new MaxEval(Integer.MAX_VALUE),
                    new UnivariateObjectiveFunction(t -> tracked.value(new double[] {t})), GoalType.MINIMIZE,
                    new SearchInterval(0, upper, Math.min(1, upper / 2)));
            if (r.getPoint() < 0.99 * upper || upper >= 1e8) {
                return "Brent interval [0, " + upper + "] converged (objective " + r.getValue() + ")";
            }
            upper *= 100;
        }
    }
}
