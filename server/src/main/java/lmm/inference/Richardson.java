package lmm.inference;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Numerical derivatives by Richardson extrapolation, as R's numDeriv computes them ({@code hessian}
 * through {@code genD}, and {@code jacobian}) with their defaults: four step sizes halving from
 * h = |d·x| + eps·[|x| &lt; zero.tol], eps = 1e-4, d given. lmerTest takes its Satterthwaite
 * ingredients from these with d = 1e-4. Richardson's error terms vanish to O(h⁸), so a larger d
 * loses nothing in truncation while it keeps rounding noise of the objective (≈ 1e-16 relative,
 * divided by h² for a second difference) far below the 2e-3 agreement asked of the df: with
 * d = 1e-4 and θ = 0.015 (sleepstudy's correlation term) the smallest step is 2e-7 and a diagonal
 * element of the Hessian came out 5 % off; with d = 1e-2 it agrees with R's to 1e-5.
 *
 * <p>{@code levels} is the number of step sizes: numDeriv's 4, or 1 for plain central differences
 * (error O(h²), a quarter of the points: for models where one evaluation is expensive).
 */
final class Richardson {
    private static final double EPS = 1e-4;
    private static final double ZERO_TOL = Math.sqrt(Math.ulp(1.0) / 7e-7);
    /** numDeriv's number of step sizes. */
    static final int NUMDERIV_LEVELS = 4;

    private Richardson() {}

    private static double[] steps(double[] x, double d) {
        double[] h = new double[x.length];
        for (int i = 0; i < x.length; i++) h[i] = Math.abs(d * x[i]) + (Math.abs(x[i]) < ZERO_TOL ? EPS : 0);
        return h;
    }

    /** Extrapolates a[0..levels-1] (steps h, h/2, ...) in place; the result is a[0]. */
    private static double extrapolate(double[] a) {
        int levels = a.length;
        for (int m = 1; m < levels; m++) {
            double f = Math.pow(4, m);
            for (int k = 0; k < levels - m; k++) a[k] = (a[k + 1] * f - a[k]) / (f - 1);
        }
        return a[0];
    }

    private static double[] shifted(double[] x, int i, double hi, int j, double hj) {
        double[] y = x.clone();
        y[i] += hi;
        if (j >= 0) y[j] += hj;
        return y;
    }

    /** numDeriv::hessian(f, x) with {@code levels} step sizes: the matrix of second derivatives. */
    static double[][] hessian(ToDoubleFunction<double[]> f, double[] x, double d, int levels) {
        int n = x.length;
        double f0 = f.applyAsDouble(x);
        double[] h0 = steps(x, d);
        double[] diag = new double[n];
        double[] a = new double[levels];
        for (int i = 0; i < n; i++) {
            double h = h0[i];
            for (int k = 0; k < levels; k++) {
                double f1 = f.applyAsDouble(shifted(x, i, h, -1, 0));
                double f2 = f.applyAsDouble(shifted(x, i, -h, -1, 0));
                a[k] = (f1 - 2 * f0 + f2) / (h * h);
                h /= 2;
            }
            diag[i] = extrapolate(a);
        }
        double[][] hess = new double[n][n];
        for (int i = 0; i < n; i++) {
            hess[i][i] = diag[i];
            for (int j = 0; j < i; j++) {
                double hi = h0[i], hj = h0[j];
                for (int k = 0; k < levels; k++) {
                    double f1 = f.applyAsDouble(shifted(x, i, hi, j, hj));
                    double f2 = f.applyAsDouble(shifted(x, i, -hi, j, -hj));
                    a[k] = (f1 - 2 * f0 + f2 - diag[i] * hi * hi - diag[j] * hj * hj) / (2 * hi * hj);
                    hi /= 2;
                    hj /= 2;
                }
                hess[i][j] = hess[j][i] = extrapolate(a);
            }
        }
        return hess;
    }

    /** numDeriv::jacobian(f, x) with {@code levels} step sizes: column i holds the derivative of every output with respect to x[i]. */
    static double[][] jacobian(Function<double[], double[]> f, double[] x, double d, int levels) {
        int n = x.length;
        double[] h = steps(x, d);
        double[][][] a = new double[n][levels][];
        for (int k = 0; k < levels; k++) {
            for (int i = 0; i < n; i++) {
                double[] f1 = f.apply(shifted(x, i, h[i], -1, 0));
                double[] f2 = f.apply(shifted(x, i, -h[i], -1, 0));
                double[] diff = new double[f1.length];
                for (int o = 0; o < diff.length; o++) diff[o] = (f1[o] - f2[o]) / (2 * h[i]);
                a[i][k] = diff;
            }
            for (int i = 0; i < n; i++) h[i] /= 2;
        }
        int m = a[0][0].length;
        double[][] jac = new double[m][n];
        double[] col = new double[levels];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < m; o++) {
                for (int k = 0; k < levels; k++) col[k] = a[i][k][o];
                jac[o][i] = extrapolate(col);
            }
        }
        return jac;
    }
}
