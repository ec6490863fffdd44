package lmm.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * lme4's checkConv: the gradient and Hessian of the objective at the optimum by central finite
 * differences, over the parameters that are not on their bound. The optimum is accepted when the
 * scaled gradient is small (max over i of min(|H⁻¹ᐟ²g|ᵢ, |g|ᵢ) ≤ {@link #GRADIENT_TOLERANCE}, lme4's
 * rule and tolerance) and the Hessian is positive definite. A parameter on its bound passes when the
 * objective rises (or stays) as it leaves the bound.
 *
 * @param gradient             the finite-difference gradient, per parameter (0 for those on the bound)
 * @param curvature            the Hessian's diagonal, per parameter (NaN for those on the bound)
 * @param maxScaledGradient    lme4's max|scaled gradient| (NaN when the Hessian is not positive definite)
 * @param newtonGain           ½ g'H⁻¹g: the gain a Newton step would still make (∞ when H is not positive definite)
 * @param newtonStep           −H⁻¹g over the free parameters (0 elsewhere; all 0 when H is not positive definite)
 * @param hessianPositive      true when the Hessian over the free parameters is positive definite
 * @param boundaryOk           true when no parameter on its bound would lower the objective off it
 * @param evaluations          objective evaluations the check used
 * @param centre               the point checked (its value was given, not evaluated)
 * @param steps                per parameter, the step h of its differences (0 for those on the bound)
 * @param hessian              the Hessian, dim × dim row-major (0 in the rows and columns of parameters on
 *                             the bound)
 * @param fullStencil          true when the check evaluated centre ± hᵢeᵢ and centre + hᵢeᵢ + hⱼeⱼ
 *                             (i &gt; j, both free), which {@link CheckStencil} hands on to inference;
 *                             false for a check {@link #after} a Newton step, which evaluated
 *                             centre + hᵢeᵢ only and took the Hessian from the check before
 */
record ConvergenceCheck(double[] gradient, double[] curvature, double maxScaledGradient, double newtonGain,
                        double[] newtonStep, boolean hessianPositive, boolean boundaryOk, int evaluations,
                        double[] centre, double[] steps, double[] hessian, boolean fullStencil) {
    /** lme4's check.conv.grad tolerance. */
    static final double GRADIENT_TOLERANCE = 2e-3;
    /**
     * Finite-difference step (the parameters are of order one: the fitter checks the scaled θ̃), as
     * lme4's deriv12 (delta = 1e-4). The criterion is computed to about 1e-15 relative (its penalised
     * residual sum of squares comes from the exact solution), so rounding adds about 1e-15|f| / h to
     * a slope and 1e-15|f| / h² to a curvature: far below the tolerance even for a deviance of 10⁶.
     * A larger step would bias the gradient by h² f‴ / 6, which is what limits the Newton steps
     * (VerifiedOptimum) taken from it.
     */
    static final double STEP = 1e-4;
    /**
     * A check {@link #after} a Newton step reuses the Hessian of the check it stepped from (updated by
     * BFGS along the step) when the step moved no parameter by more than this (on the scaled θ̃, where
     * the parameters are of order one). The gradient's curvature correction (h/2 · Hᵢᵢ) is then off by
     * at most h/2 times the change of Hᵢᵢ over the step (5·10⁻⁵ of it): enough to aim the next Newton
     * step, and such a check never verifies an optimum (VerifiedOptimum asks a full one for that).
     */
    static final double REUSE_DISTANCE = 0.1;

    boolean passed() {
        return hessianPositive && boundaryOk && maxScaledGradient <= GRADIENT_TOLERANCE;
    }

    /** What failed, in plain words (empty when the check passed). */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        if (!hessianPositive) {
            out.add("the curvature of the criterion at the optimum is not positive in every direction (the Hessian is "
                    + "not positive definite): some variance parameters are not determined by the data");
        } else if (!(maxScaledGradient <= GRADIENT_TOLERANCE)) {
            out.add(String.format(java.util.Locale.ROOT, "the criterion is still sloped at the reported optimum "
                    + "(scaled gradient %.3g, lme4 accepts up to %.3g)", maxScaledGradient, GRADIENT_TOLERANCE));
        }
        if (!boundaryOk) out.add("a variance estimated as zero would be better slightly above zero");
        return out;
    }

    static ConvergenceCheck at(ToDoubleFunction<double[]> f, double[] theta, double f0, double[] lower) {
        int dim = theta.length;
        int[] evals = {0};
        ToDoubleFunction<double[]> counted = x -> {
            evals[0]++;
            return f.applyAsDouble(x);
        };
        boolean[] free = new boolean[dim];
        double[] h = new double[dim];
        double[] gradient = new double[dim];
        double[] plus = new double[dim];
        double[] minus = new double[dim];
        boolean boundaryOk = true;
        int m = 0;
        for (int i = 0; i < dim; i++) {
            double room = theta[i] - lower[i];
            if (room == 0) {
                // On the bound: one-sided, the objective must not fall as θᵢ leaves it.
                double up = counted.applyAsDouble(shift(theta, i, STEP, -1, 0));
                double slope = (up - f0) / STEP;
                gradient[i] = 0;
                if (Double.isFinite(up) && slope < -GRADIENT_TOLERANCE) boundaryOk = false;
                continue;
            }
            free[i] = true;
            m++;
            h[i] = Math.min(STEP, room / 2);
            plus[i] = counted.applyAsDouble(shift(theta, i, h[i], -1, 0));
            minus[i] = counted.applyAsDouble(shift(theta, i, -h[i], -1, 0));
            gradient[i] = (plus[i] - minus[i]) / (2 * h[i]);
        }
        int[] index = new int[m];
        for (int i = 0, j = 0; i < dim; i++) if (free[i]) index[j++] = i;
        double[] hess = new double[m * m];
        double[] curvature = new double[dim];
        java.util.Arrays.fill(curvature, Double.NaN);
        for (int a = 0; a < m; a++) {
            int i = index[a];
            hess[a * m + a] = (plus[i] - 2 * f0 + minus[i]) / (h[i] * h[i]);
            curvature[i] = hess[a * m + a];
            for (int b = 0; b < a; b++) {
                int j = index[b];
                // one more point per pair: f(θ + hᵢeᵢ + hⱼeⱼ) with the axis points already known
                double pp = counted.applyAsDouble(shift(theta, i, h[i], j, h[j]));
                double v = (pp - plus[i] - plus[j] + f0) / (h[i] * h[j]);
                hess[a * m + b] = v;
                hess[b * m + a] = v;
            }
        }
        return assess(gradient, curvature, hess, index, boundaryOk, evals[0], theta, h, true);
    }

    /**
     * The check at theta one Newton step after {@code previous}, with the Hessian of {@code previous}
     * and the gradient from one-sided differences corrected by its curvature,
     * gᵢ = (f(θ + h eᵢ) − f(θ)) / h − h Hᵢᵢ / 2, whose error is h² f‴ / 6 (as central differences)
     * plus h/2 times the error of the carried-over Hᵢᵢ: one evaluation per parameter instead of
     * (n + 1)(n + 2)/2 − 1. Null when it does not apply (the step was long, a parameter reached or
     * left its bound, or the previous Hessian was not positive definite): then the caller checks in full.
     */
    static ConvergenceCheck after(ConvergenceCheck previous, ToDoubleFunction<double[]> f, double[] theta, double f0, double[] lower) {
        int dim = theta.length;
        if (!previous.hessianPositive() || previous.centre().length != dim) return null;
        for (int i = 0; i < dim; i++) {
            double room = theta[i] - lower[i];
            boolean wasFree = previous.steps()[i] > 0;
            if (wasFree != (room > 0) || Math.abs(theta[i] - previous.centre()[i]) > REUSE_DISTANCE) return null;
            if (wasFree && Math.min(STEP, room / 2) != previous.steps()[i]) return null;
        }
        int[] evals = {0};
        double[] gradient = new double[dim];
        double[] plusValue = new double[dim];
        double[] h = previous.steps().clone();
        boolean boundaryOk = true;
        int m = 0;
        for (int i = 0; i < dim; i++) {
            if (h[i] == 0) {
                evals[0]++;
                double up = f.applyAsDouble(shift(theta, i, STEP, -1, 0));
                if (Double.isFinite(up) && (up - f0) / STEP < -GRADIENT_TOLERANCE) boundaryOk = false;
                continue;
            }
            m++;
            evals[0]++;
            plusValue[i] = f.applyAsDouble(shift(theta, i, h[i], -1, 0));
            gradient[i] = (plusValue[i] - f0) / h[i] - h[i] * previous.hessian()[i * dim + i] / 2;
        }
        int[] index = new int[m];
        for (int i = 0, j = 0; i < dim; i++) if (h[i] > 0) index[j++] = i;
        double[] hess = new double[m * m];
        for (int a = 0; a < m; a++) for (int b = 0; b < m; b++) hess[a * m + b] = previous.hessian()[index[a] * dim + index[b]];
        // BFGS: the Hessian corrected along the step by the change of the gradient over it (the secant
        // condition H s = y), so that Newton steps from checks like this one converge superlinearly.
        // Two rounds of update and slope correction: the carried-over Hᵢᵢ alone leaves h/2 times its
        // change over the step in the slope; after them the slopes are corrected by exactly the
        // diagonal of the Hessian this check reports.
        double[] carried = hess.clone();
        for (int pass = 0; pass < 2; pass++) {
            System.arraycopy(carried, 0, hess, 0, m * m);
            bfgs(hess, index, theta, previous, gradient);
            for (int a = 0; a < m; a++) {
                int i = index[a];
                gradient[i] = (plusValue[i] - f0) / h[i] - h[i] * hess[a * m + a] / 2;
            }
        }
        double[] curvature = previous.curvature().clone();
        for (int a = 0; a < m; a++) curvature[index[a]] = hess[a * m + a];
        return assess(gradient, curvature, hess, index, boundaryOk, evals[0], theta, h, false);
    }

    /** The BFGS update of hess (the free parameters', m × m) for the step from previous's centre to theta. */
    private static void bfgs(double[] hess, int[] index, double[] theta, ConvergenceCheck previous, double[] gradient) {
        int m = index.length;
        double[] sv = new double[m];
        double[] yv = new double[m];
        for (int a = 0; a < m; a++) {
            int i = index[a];
            sv[a] = theta[i] - previous.centre()[i];
            yv[a] = gradient[i] - previous.gradient()[i];
        }
        double[] hs = new double[m];
        double sHs = 0, ys = 0;
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) hs[a] += hess[a * m + b] * sv[b];
            sHs += sv[a] * hs[a];
            ys += yv[a] * sv[a];
        }
        // skipped unless the curvature along the step is positive (the update then stays positive definite)
        if (!(sHs > 0 && ys > 1e-3 * sHs)) return;
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) hess[a * m + b] += yv[a] * yv[b] / ys - hs[a] * hs[b] / sHs;
        }
    }

    /** lme4's scaled gradient, the Newton step and its gain from the gradient and the free parameters' Hessian. */
    private static ConvergenceCheck assess(double[] gradient, double[] curvature, double[] hess, int[] index, boolean boundaryOk,
                                           int evaluations, double[] theta, double[] h, boolean fullStencil) {
        int dim = theta.length;
        int m = index.length;
        double[] fullHessian = new double[dim * dim];
        for (int a = 0; a < m; a++) for (int b = 0; b < m; b++) fullHessian[index[a] * dim + index[b]] = hess[a * m + b];
        boolean finite = true;
        for (double v : hess) finite &= Double.isFinite(v);
        double[] chol = hess.clone();
        boolean positive = finite && (m == 0 || SmallMatrices.cholesky(chol, m));
        double maxScaled = Double.NaN;
        double newton = Double.POSITIVE_INFINITY;
        double[] step = new double[dim];
        if (positive) {
            // lme4: solve(chol(H), g) with chol upper triangular R (H = R'R): back substitution on R = L'.
            double[] g = new double[m];
            for (int a = 0; a < m; a++) g[a] = gradient[index[a]];
            double[] sg = new double[m];
            for (int a = m - 1; a >= 0; a--) {
                double sum = g[a];
                for (int b = a + 1; b < m; b++) sum -= chol[b * m + a] * sg[b];
                sg[a] = sum / chol[a * m + a];
            }
            maxScaled = 0;
            for (int a = 0; a < m; a++) maxScaled = Math.max(maxScaled, Math.min(Math.abs(sg[a]), Math.abs(g[a])));
            // ½ g'H⁻¹g = ½ ‖L⁻¹g‖² (forward substitution on L, H = LL')
            double[] w = new double[m];
            double sum2 = 0;
            for (int a = 0; a < m; a++) {
                double sum = g[a];
                for (int b = 0; b < a; b++) sum -= chol[a * m + b] * w[b];
                w[a] = sum / chol[a * m + a];
                sum2 += w[a] * w[a];
            }
            newton = 0.5 * sum2;
            // step = −L'⁻¹ w
            for (int a = m - 1; a >= 0; a--) {
                double sum = w[a];
                for (int b = a + 1; b < m; b++) sum -= chol[b * m + a] * step[index[b]];
                step[index[a]] = sum / chol[a * m + a];
            }
            for (int a = 0; a < m; a++) step[index[a]] = -step[index[a]];
        }
        return new ConvergenceCheck(gradient, curvature, maxScaled, newton, step, positive, boundaryOk, evaluations, theta.clone(), h,
                fullHessian, fullStencil);
    }

    private static double[] shift(double[] theta, int i, double di, int j, double dj) {
        double[] x = theta.clone();
        x[i] += di;
        if (j >= 0) x[j] += dj;
        return x;
    }
}
