package lmm.fit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The optimum over θ, verified rather than assumed (lme4's {@code optimizeLmer} and
 * {@code checkConv}, with their known gaps closed):
 * <ol>
 *   <li>minimise (ThetaOptimizer: BOBYQA, or Brent for one parameter). With two or three parameters BOBYQA
 *       hands over once an evaluation comes within {@link #HANDOVER_FTOL} of its best: the tail of a trust-region search
 *       shrinks its radius step by step (about ten evaluations for the last 10⁻² of the objective even
 *       from a start at the optimum), where Newton steps on the check's quadratic model below finish
 *       in one or two;</li>
 *   <li>check the optimum by finite differences ({@link ConvergenceCheck}: gradient, Hessian);</li>
 *   <li>the boundary: each θᵢ with lower bound 0 is tried at 0 and kept there when the objective
 *       is no worse (lme4 tries only those within 1e-5 of 0). A component whose quadratic model
 *       predicts a rise of more than {@link #BOUNDARY_TRY_LIMIT} at 0 is not tried;</li>
 *   <li>one Newton step from the check's quadratic model, kept when it lowers the objective;</li>
 *   <li>while the check predicts a gain (½g'H⁻¹g) of at least {@link #RESTART_GAIN} and the Newton
 *       step delivered a gain, check again at the new point and step again (at most
 *       {@link #MAX_NEWTON_STEPS} times);</li>
 *   <li>otherwise, while the check fails or predicts that gain, restart the optimiser from the
 *       optimum with a fresh trust region and lme4's tolerance, while a restart gains at least that
 *       much.</li>
 * </ol>
 * Works on whatever parameters the objective takes (the fitter passes the scaled θ̃, where a unit
 * step means the same for every component).
 */
final class VerifiedOptimum {
    /** A restart that improves the objective by less than this ends the search. */
    static final double RESTART_GAIN = 1e-8;
    /**
     * ... or by less than this fraction of the objective, whichever is larger. The criterion is
     * computed to about 1e-15 relative (for a deviance of 2.7·10⁶ its rounding is about 4·10⁻⁹), so
     * below this a gain cannot be told from rounding.
     */
    static final double RELATIVE_GAIN = 1e-14;
    /** A restart's initial trust region, as a fraction of the first run's: it looks near the optimum. */
    static final double RESTART_RADIUS = 0.1;
    /**
     * The first BOBYQA run stops once an evaluation is within this of its best. The objective is a
     * deviance, so this is in the same units whatever the size of the data: within 10⁻² of its
     * minimum a smooth deviance is quadratic to a few digits over the distance left, which the
     * Newton steps cover.
     */
    static final double HANDOVER_FTOL = 1e-2;
    /**
     * Hand over only up to this many parameters: a full check costs (n + 1)(n + 2)/2 − 1 evaluations
     * (5 with two, 9 with three) and a reduced one after a short Newton step n, against BOBYQA's tail of
     * 10 or more (InstEval-shaped: 45 → 38 evaluations; the 68 corpus models 4 063 → 3 622).
     */
    static final int HANDOVER_MAX_DIMENSION = 3;
    /** Newton steps in a row (each after a new check) before the optimiser is restarted instead. */
    static final int MAX_NEWTON_STEPS = 4;
    /** ... and past that while each check predicts at most half the gain of the one before, up to this many. */
    static final int MAX_CONVERGING_NEWTON_STEPS = 10;
    /**
     * A check after a Newton step is reduced ({@link ConvergenceCheck#after}: one evaluation per
     * parameter, the Hessian carried over) when the check the step came from predicted at least this
     * gain, so that more steps are likely to follow; nearer the optimum it is full, because the check
     * that verifies the optimum is also the stencil inference reuses ({@link CheckStencil}).
     */
    static final double REDUCED_CHECK_MIN_GAIN = 1e-3;
    /** At most this many restarts. */
    static final int MAX_RESTARTS = 6;
    /** θᵢ = 0 is tried unless the local quadratic model predicts the objective rises by more than this there. */
    static final double BOUNDARY_TRY_LIMIT = 5.0;
    /** Relative slack on the objective when trying the bound (rounding noise near a flat bound). */
    private static final double SNAP_SLACK = 1e-10;

    private VerifiedOptimum() { }

    /**
     * @param summary      the optimiser's runs: the best θ of all and their evaluations (those of the
     *                     checks are counted in {@code checkEvaluations})
     * @param check        the finite-difference check at that θ
     * @param stencilCheck the last check that evaluated the full stencil (the last check itself unless
     *                     that one followed a Newton step, {@link ConvergenceCheck#after}): what
     *                     inference reuses ({@link CheckStencil})
     * @param restarts     how many restarts ran
     */
    record Result(OptimizerSummary summary, ConvergenceCheck check, ConvergenceCheck stencilCheck, int restarts, int checkEvaluations) {
        boolean converged() {
            return summary.converged() && check.passed();
        }
    }

    static Result find(ToDoubleFunction<double[]> objective, double[] start, double[] lower, FitOptions options) {
        long t0 = System.nanoTime();
        int[] used = {0};
        int checkEvaluations = 0;
        double firstFtol = start.length <= HANDOVER_MAX_DIMENSION ? HANDOVER_FTOL : ThetaOptimizer.FTOL;
        // A first run that hands over early keeps its values: should its Newton steps not finish the
        // search, it is replayed whole (below), and its first part then costs nothing.
        Map<List<Double>, Double> firstValues = firstFtol > ThetaOptimizer.FTOL ? new HashMap<>() : null;
        ToDoubleFunction<double[]> first = firstValues == null ? objective : th -> {
            double v = objective.applyAsDouble(th);
            firstValues.put(CheckStencil.key(th), v);
            return v;
        };
        OptimizerSummary run = run(first, start, lower, options, used, 1.0, firstFtol);
        List<Double> trace = new ArrayList<>();
        for (double v : run.objectiveTrace()) trace.add(v);
        boolean converged = run.converged();
        double[] theta = run.finalTheta();
        double value = run.finalObjective();
        String message = run.message();
        int restarts = 0;
        int newtonSteps = 0;
        boolean resumed = false;
        ConvergenceCheck check = null;
        ConvergenceCheck stencilCheck = null;
        boolean stepped = false;
        while (true) {
            // after a Newton step the check it stepped from lends its Hessian (one evaluation per
            // parameter instead of the full stencil) when the step was short
            double previousGain = check == null ? Double.POSITIVE_INFINITY : check.newtonGain();
            ConvergenceCheck reduced = stepped && previousGain >= REDUCED_CHECK_MIN_GAIN
                    ? ConvergenceCheck.after(check, objective, theta, value, lower) : null;
            check = reduced != null ? reduced : ConvergenceCheck.at(objective, theta, value, lower);
            checkEvaluations += check.evaluations();
            if (check.fullStencil()) stencilCheck = check;
            stepped = false;
            // the boundary, component by component
            boolean moved = false;
            for (int i = 0; i < theta.length; i++) {
                if (lower[i] != 0 || theta[i] == 0) continue;
                double g = check.gradient()[i], c = check.curvature()[i];
                double predicted = -g * theta[i] + 0.5 * c * theta[i] * theta[i];
                if (check.hessianPositive() && predicted > BOUNDARY_TRY_LIMIT) continue;
                double[] snapped = theta.clone();
                snapped[i] = 0;
                double v = objective.applyAsDouble(snapped);
                checkEvaluations++;
                if (v <= value + SNAP_SLACK * (1 + Math.abs(value))) {
                    theta = snapped;
                    value = Math.min(v, value);
                    moved = true;
                }
            }
            if (moved) {
                check = ConvergenceCheck.at(objective, theta, value, lower);
                checkEvaluations += check.evaluations();
                stencilCheck = check;
            }
            double polished = 0;
            if (check.hessianPositive() && check.newtonGain() > Math.max(1e-14, RELATIVE_GAIN * Math.abs(value))) {
                // one Newton step from the finite-difference model (kept inside the bounds): it
                // polishes a point the optimiser's ftol rule left a little short. Not when the gain
                // it predicts is below the criterion's rounding (an evaluation of a large model for
                // nothing it could show)
                double[] next = theta.clone();
                double[] step = check.newtonStep();
                for (int i = 0; i < next.length; i++) next[i] = Math.max(lower[i], next[i] + step[i]);
                double v = objective.applyAsDouble(next);
                checkEvaluations++;
                if (v < value) {
                    polished = value - v;
                    theta = next;
                    value = v;
                }
            }
            // Verified: the check passes and no gain of RESTART_GAIN is left, either by the model's
            // prediction or, when that prediction is within rounding of the finite differences, by
            // what the Newton step actually found.
            double small = gainTolerance(value);
            // Or when the model predicted at most 100 times that and its step, no longer than the
            // check's own step h, found what it predicted (to a factor of 2): the quadratic model is then
            // right at this scale, what is left after its step is of the order of the square of its
            // error, far below RESTART_GAIN, and the check's stencil is within h of the optimum (what
            // inference needs of it). Only a full check verifies: a reduced one's Hessian is carried over.
            double predicted = check.newtonGain();
            boolean shortStep = true;
            for (double d : check.newtonStep()) shortStep &= Math.abs(d) <= ConvergenceCheck.STEP;
            boolean verified = check.fullStencil() && check.passed() && (predicted < small
                    || (predicted < 100 * small && (polished < small
                            || (shortStep && polished >= 0.5 * predicted && polished <= 2 * predicted))));
            if (verified || !converged || restarts >= MAX_RESTARTS || theta.length == 1
                    || used[0] >= options.maxEvaluations()) {
                break;
            }
            if (!check.fullStencil() && polished == 0 && check.passed()) {
                // a reduced check that leaves nothing to step: confirm with the full stencil, here
                continue;
            }
            boolean converging = newtonSteps < MAX_CONVERGING_NEWTON_STEPS && check.newtonGain() <= 0.5 * previousGain;
            if (polished > 0 && (newtonSteps < MAX_NEWTON_STEPS || converging)) {
                // the quadratic model was right about the direction: check at the new point, step again
                newtonSteps++;
                stepped = true;
                continue;
            }
            OptimizerSummary next;
            int replayed = 0;
            if (firstValues != null && !resumed) {
                // The first run handed over early and its Newton steps did not finish: it may have
                // stopped on a plateau far from the optimum (a slow ridge towards a singular fit), where
                // a restart's small region would crawl. So it runs again whole, as it would have without
                // the hand-over: BOBYQA is deterministic, so it repeats the first run's points (their
                // values are taken from memory) and goes on from there.
                resumed = true;
                int[] hits = {0};
                ToDoubleFunction<double[]> replay = th -> {
                    Double v = firstValues.get(CheckStencil.key(th));
                    if (v == null) return objective.applyAsDouble(th);
                    hits[0]++;
                    return v;
                };
                next = run(replay, start, lower, options, used, 1.0, ThetaOptimizer.FTOL);
                used[0] -= hits[0];
                replayed = hits[0];
            } else {
                next = run(objective, theta, lower, options, used, RESTART_RADIUS, ThetaOptimizer.FTOL);
                restarts++;
            }
            double[] nextTrace = next.objectiveTrace();
            for (int i = replayed; i < nextTrace.length; i++) trace.add(nextTrace[i]);
            converged = next.converged();
            double gain = value - next.finalObjective();
            if (gain > 0) {
                theta = next.finalTheta();
                value = next.finalObjective();
                message = next.message();
            }
            if (!(gain >= gainTolerance(value))) {
                // nothing more to gain by restarting: check where we are and stop
                if (gain > 0) {
                    check = ConvergenceCheck.at(objective, theta, value, lower);
                    checkEvaluations += check.evaluations();
                    stencilCheck = check;
                }
                break;
            }
        }
        double[] all = new double[trace.size()];
        for (int i = 0; i < all.length; i++) all[i] = trace.get(i);
        if (newtonSteps > 0) message += "; " + newtonSteps + " more Newton step" + (newtonSteps == 1 ? "" : "s") + " after the first";
        if (resumed) message += "; the first search resumed in full after its Newton steps fell short";
        if (restarts > 0) message += "; " + restarts + " restart" + (restarts == 1 ? "" : "s") + " from the optimum";
        OptimizerSummary summary = new OptimizerSummary(run.algorithm(), start, lower, theta, value, used[0], converged, message,
                System.nanoTime() - t0, all);
        return new Result(summary, check, stencilCheck, restarts, checkEvaluations);
    }

    /** A gain below this is nothing left to find: RESTART_GAIN, or RELATIVE_GAIN of the objective. */
    static double gainTolerance(double value) {
        return Math.max(RESTART_GAIN, RELATIVE_GAIN * Math.abs(value));
    }

    /** One optimiser run on the budget that is left; progress counts evaluations across runs. */
    private static OptimizerSummary run(ToDoubleFunction<double[]> objective, double[] start, double[] lower,
                                        FitOptions options, int[] used, double radius, double ftol) {
        int offset = used[0];
        FitProgress progress = options.progress();
        FitOptions these = options.withMaxEvaluations(Math.max(1, options.maxEvaluations() - offset))
                .withProgress((evaluations, value) -> progress.evaluated(offset + evaluations, value));
        OptimizerSummary s = ThetaOptimizer.minimize(objective, start, lower, these, radius, ftol);
        used[0] += s.evaluations();
        return s;
    }
}
