package lmm.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The optimum over θ, verified rather than assumed (lme4's {@code optimizeLmer} and
 * {@code checkConv}, with its known gaps closed):
 * <ol>
 *   <li>minimise (ThetaOptimizer: BOBYQA or Brent, then the boundary check: each θᵢ with lower bound
 *       0 is tried at 0 and kept there when the objective is no worse);</li>
 *   <li>restart the optimiser from that optimum with a fresh trust region, again and again while a
 *       restart gains at least {@link #RESTART_GAIN} (a flat optimum stops BOBYQA's ftol rule
 *       early);</li>
 *   <li>check the optimum by finite differences ({@link ConvergenceCheck}).</li>
 * </ol>
 * Works on whatever parameters the objective takes (the fitter passes the scaled θ̃, where a unit
 * step means the same for every component).
 */
final class VerifiedOptimum {
    /** A restart that improves the objective by less than this ends the search. */
    static final double RESTART_GAIN = 1e-8;
    /** At most this many restarts (each costs at least 2·dim + 1 evaluations). */
    static final int MAX_RESTARTS = 8;

    private VerifiedOptimum() { }

    /**
     * @param summary  the optimiser's runs: the best θ of all, their evaluations (those of the check
     *                 are counted in the check)
     * @param check    the finite-difference check at that θ
     * @param restarts how many restarts ran
     */
    record Result(OptimizerSummary summary, ConvergenceCheck check, int restarts) {
        boolean converged() {
            return summary.converged() && check.passed();
        }
    }

    static Result find(ToDoubleFunction<double[]> objective, double[] start, double[] lower, FitOptions options) {
        long t0 = System.nanoTime();
        int[] used = {0};
        OptimizerSummary best = run(objective, start, lower, options, used);
        List<Double> trace = new ArrayList<>();
        for (double v : best.objectiveTrace()) trace.add(v);
        boolean converged = best.converged();
        int restarts = 0;
        if (start.length > 1) {
            while (restarts < MAX_RESTARTS && converged && used[0] < options.maxEvaluations()) {
                OptimizerSummary next = run(objective, best.finalTheta(), lower, options, used);
                restarts++;
                for (double v : next.objectiveTrace()) trace.add(v);
                converged = next.converged();
                double gain = best.finalObjective() - next.finalObjective();
                if (gain > 0) best = next;
                if (!(gain >= RESTART_GAIN)) break;
            }
        }
        ConvergenceCheck check = ConvergenceCheck.at(objective, best.finalTheta(), best.finalObjective(), lower);
        double[] all = new double[trace.size()];
        for (int i = 0; i < all.length; i++) all[i] = trace.get(i);
        String message = best.message() + (restarts > 0 ? "; " + restarts + " restart" + (restarts == 1 ? "" : "s") : "");
        OptimizerSummary summary = new OptimizerSummary(best.algorithm(), start, lower, best.finalTheta(), best.finalObjective(),
                used[0], converged, message, System.nanoTime() - t0, all);
        return new Result(summary, check, restarts);
    }

    /** One optimiser run on the budget that is left; progress counts evaluations across runs. */
    private static OptimizerSummary run(ToDoubleFunction<double[]> objective, double[] start, double[] lower,
                                        FitOptions options, int[] used) {
        int offset = used[0];
        FitProgress progress = options.progress();
        FitOptions these = options.withMaxEvaluations(Math.max(1, options.maxEvaluations() - offset))
                .withProgress((evaluations, value) -> progress.evaluated(offset + evaluations, value));
        OptimizerSummary s = ThetaOptimizer.minimize(objective, start, lower, these);
        used[0] += s.evaluations();
        return s;
    }
}
