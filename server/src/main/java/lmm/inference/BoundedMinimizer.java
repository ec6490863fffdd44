package lmm.inference;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.hipparchus.optim.univariate.UnivariatePointValuePair;

/**
 * Minimisation of the profiled nuisance parameters under box bounds: Nelder–Mead on transformed
 * coordinates for two or more parameters, Brent on a growing interval for one. Values
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
        for (int i = 0; i < dim; i++) {
            // a NaN start would send BOBYQA's trust-region loop round for ever
            if (!Double.isFinite(x0[i])) throw new IllegalStateException("a starting value of the profile is not a number");
            x0[i] = Math.min(upper[i], Math.max(lower[i], x0[i]));
        }
        if (dim == 0) return new Result(x0, safe.applyAsDouble(x0));
        if (dim == 1) return brent(safe, x0[0], lower[0], upper[0]);
        return simplex(safe, x0, lower, upper);
    }

    /**
     * Nelder–Mead over unbounded coordinates v mapped into the box (x = lo + v² on a half line,
     * lo + (hi − lo)(1 + sin v)/2 on an interval), restarted from its own optimum until a restart
     * gains nothing. Hipparchus' BOBYQA was tried first: on some degenerate fuzzed models its
     * trust-region loop never ended without calling the objective, which no budget can stop; this
     * one evaluates at every step, so its evaluation limit always holds.
     */
    private static Result simplex(ToDoubleFunction<double[]> f, double[] x0, double[] lower, double[] upper) {
        int dim = x0.length;
        double[] v = new double[dim];
        for (int i = 0; i < dim; i++) v[i] = toFree(x0[i], lower[i], upper[i]);
        ToDoubleFunction<double[]> g = w -> f.applyAsDouble(fromFree(w, lower, upper));
        double best = g.applyAsDouble(v);
        double[] step = new double[dim];
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < dim; i++) step[i] = round == 0 ? 0.1 * Math.max(0.1, Math.abs(v[i])) : 0.02 * Math.max(0.1, Math.abs(v[i]));
            SimplexOptimizer opt = new SimplexOptimizer(new SimpleValueChecker(1e-13, 1e-11));
            PointValuePair r = opt.optimize(new MaxEval(4000), new ObjectiveFunction(g::applyAsDouble), GoalType.MINIMIZE,
                    new InitialGuess(v), new NelderMeadSimplex(step));
            boolean gained = r.getValue() < best - 1e-10 * Math.max(1, Math.abs(best));
            if (r.getValue() < best) {
                best = r.getValue();
                v = r.getPoint();
            }
            if (!gained && round > 0) break;
        }
        return new Result(fromFree(v, lower, upper), best);
    }

    private static double toFree(double x, double lo, double hi) {
        if (Double.isInfinite(lo) && Double.isInfinite(hi)) return x;
        if (Double.isInfinite(hi)) return Math.sqrt(Math.max(0, x - lo));
        double t = 2 * (x - lo) / (hi - lo) - 1;
        return Math.asin(Math.max(-1, Math.min(1, t)));
    }

    private static double[] fromFree(double[] v, double[] lower, double[] upper) {
        double[] x = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double lo = lower[i], hi = upper[i];
            if (Double.isInfinite(lo) && Double.isInfinite(hi)) x[i] = v[i];
            else if (Double.isInfinite(hi)) x[i] = lo + v[i] * v[i];
            else x[i] = lo + (hi - lo) * (1 + Math.sin(v[i])) / 2;
        }
        return x;
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
