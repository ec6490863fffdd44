package lmm.inference;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
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
 * Minimisation of the profiled nuisance parameters under box bounds: Hipparchus' BOBYQA (as lme4's
 * profile uses bobyqa) for two or more parameters, Brent on a growing interval for one. Values
 * that cannot be computed count as very large, so the optimiser steps away from them.
 */
final class BoundedMinimizer {
    /**
     * What the optimiser sees where the deviance cannot be computed, and the cap of any value: finite
     * and moderate, since BOBYQA squares differences of values in its quadratic model (1e100 there
     * overflows to NaN and its trust-region loop never ends).
     */
    private static final double UNUSABLE = 1e12;

    private BoundedMinimizer() {}

    record Result(double[] x, double value) {}

    static Result minimize(ToDoubleFunction<double[]> f, double[] start, double[] lower, double[] upper) {
        int dim = start.length;
        ToDoubleFunction<double[]> safe = x -> {
            double v = f.applyAsDouble(x);
            return Double.isFinite(v) ? Math.min(v, UNUSABLE) : UNUSABLE;
        };
        double[] x0 = start.clone();
        for (int i = 0; i < dim; i++) x0[i] = Math.min(upper[i], Math.max(lower[i], x0[i]));
        if (dim == 0) return new Result(x0, safe.applyAsDouble(x0));
        if (dim == 1) return brent(safe, x0[0], lower[0], upper[0]);
        double maxAbs = 0;
        for (double v : x0) maxAbs = Math.max(maxAbs, Math.abs(v));
        double rhoBeg = Math.max(1e-3, Math.min(0.2, 0.2 * maxAbs));
        for (int i = 0; i < dim; i++) {
            if (upper[i] - lower[i] < 2.5 * rhoBeg) rhoBeg = (upper[i] - lower[i]) / 2.5;
        }
        // BOBYQA needs the start at least rhoBeg inside finite bounds or on them.
        BOBYQAOptimizer opt = new BOBYQAOptimizer(2 * dim + 1, rhoBeg, 1e-8 * Math.max(1, maxAbs));
        PointValuePair r = opt.optimize(new MaxEval(3000), new ObjectiveFunction(safe::applyAsDouble), GoalType.MINIMIZE,
                new InitialGuess(x0), new SimpleBounds(lower, upper));
        return new Result(r.getPoint(), r.getValue());
    }

    private static Result brent(ToDoubleFunction<double[]> f, double x0, double lo, double hi) {
        BrentOptimizer b = new BrentOptimizer(1e-10, 1e-12);
        double span = Math.max(1, Math.abs(x0));
        double a = Math.max(lo, x0 - 2 * span), c = Math.min(hi, x0 + 2 * span);
        UnivariatePointValuePair best = null;
        for (int grow = 0; grow < 12; grow++) {
            UnivariatePointValuePair r = b.optimize(new MaxEval(2000), new UnivariateObjectiveFunction(t -> f.applyAsDouble(new double[] {t})),
                    GoalType.MINIMIZE, new SearchInterval(a, c, Math.min(c, Math.max(a, x0))));
            if (best == null || r.getValue() <= best.getValue()) best = r;
            double width = c - a;
            boolean atLow = a > lo && r.getPoint() - a < 1e-3 * width;
            boolean atHigh = c < hi && c - r.getPoint() < 1e-3 * width;
            if (!atLow && !atHigh) break;
            if (atLow) a = Math.max(lo, a - 2 * width);
            if (atHigh) c = Math.min(hi, c + 2 * width);
            x0 = r.getPoint();
        }
        return new Result(new double[] {best.getPoint()}, best.getValue());
    }

    static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
