package lmm.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleUnaryOperator;
import lmm.fit.FitCancelled;
import lmm.fit.PenalisedSolution;
import lmm.fit.ProfiledDeviance;
import lmm.fit.FitException;
import lmm.fit.FitResult;
import lmm.model.RandomTerm;
import org.hipparchus.analysis.solvers.BrentSolver;

/**
 * Profile-likelihood intervals as lme4's confint(method = "profile") gives them: on the ML deviance
 * (a REML fit is refitted by ML first, as lme4's profile does), for the standard deviations and
 * correlations of each term, σ, and each β. The signed root ζ(x) = sign(x − x̂)·√(dev(x) − dev̂), with
 * the other parameters optimised at each x, is solved for ζ = ±z directly (lme4 interpolates a spline
 * through a path of ζ values; the roots agree to a small fraction of the interval's width). Where ζ
 * does not reach ±z before a parameter's bound (sd 0, correlation ±1) that bound is the limit, as
 * lme4 reports it; where an evaluation fails the bound is NaN with a note.
 */
final class ProfileIntervals {
    /**
     * Most penalised solutions one model's profiles may use (sleepstudy's six parameters use about
     * 4 000): past it the remaining bounds are NaN with a note, so a pathological surface cannot
     * keep a fit's results waiting. Counted, not timed, so the output is the same on every run.
     */
    static final int EVALUATION_BUDGET = 60_000;

    private int evaluations;
    private final ProfiledDeviance ml;
    private final double[] thetaHat;
    private final double sigmaHat;
    private final double[] betaHat;
    private final double[] seHat;
    private final double base;
    private final List<String> betaNames;
    private final int nt;

    private final BooleanSupplier cancelled;

    private ProfileIntervals(ProfiledDeviance ml, FitResult mlFit, List<String> betaNames, BooleanSupplier cancelled) {
        this.ml = ml;
        this.cancelled = cancelled;
        this.thetaHat = mlFit.theta();
        this.sigmaHat = mlFit.sigma();
        this.betaHat = mlFit.beta();
        this.seHat = mlFit.fixef().stdError();
        this.betaNames = betaNames;
        this.nt = thetaHat.length;
        this.base = mlFit.deviance().orElseThrow();
    }

    /**
     * @param mlFit     the model fitted by ML (the fit itself for ML fits)
     * @param cancelled polled before each evaluation; when it returns true this stops with {@link FitCancelled}
     */
    static List<Interval> of(ProfiledDeviance ml, FitResult mlFit, List<String> betaNames, double level, BooleanSupplier cancelled) {
        return new ProfileIntervals(ml, mlFit, betaNames, cancelled).all(Distributions.normalQuantile((1 + level) / 2));
    }

    private List<Interval> all(double z) {
        List<Interval> out = new ArrayList<>();
        if (!(sigmaHat > 0) || !Double.isFinite(base)) throw new IllegalStateException("the ML fit has no usable residual variance");
        double[] phat = toProfilePars(thetaHat, sigmaHat);
        String[] names = parameterNames();
        for (int w = 0; w <= nt; w++) {
            boolean cor = isCorrelation(w);
            double lo = w == nt ? 0 : cor ? -1 : 0, hi = cor ? 1 : Double.POSITIVE_INFINITY;
            final int which = w;
            double[] nuisance = without(phat, w);
            double[] scale = scales(w);
            double[] lower = new double[nt], upper = new double[nt];
            for (int i = 0, j = 0; i <= nt; i++) {
                if (i == w) continue;
                lower[j] = isCorrelation(i) ? -1 : 0;
                upper[j] = isCorrelation(i) ? 1 : Double.POSITIVE_INFINITY;
                nuisance[j] /= scale[j];
                j++;
            }
            double[] warm = nuisance.clone();
            // from the previous point's optimum and from the estimates' nuisance values, the better
            // of the two: one start alone can settle in a worse local optimum and break the bracket
            DoubleUnaryOperator dev = x -> {
                BoundedMinimizer.Result r = BoundedMinimizer.minimize(u -> deviance2(with(which, x, u, scale)), warm, lower, upper);
                BoundedMinimizer.Result r0 = BoundedMinimizer.minimize(u -> deviance2(with(which, x, u, scale)), nuisance, lower, upper);
                if (r0.value() < r.value()) r = r0;
                System.arraycopy(r.x(), 0, warm, 0, warm.length);
                return r.value();
            };
            double step = phat[w] == 0 ? 1e-3 * sigmaHat : 0.05 * Math.abs(phat[w]);
            out.add(interval(names[w], phat[w], lo, hi, step, dev, z, () -> System.arraycopy(nuisance, 0, warm, 0, warm.length)));
        }
        for (int j = 0; j < betaHat.length; j++) {
            final int jj = j;
            double[] warm = thetaHat.clone();
            double[] lower = ml.layout().lowerBounds(), upper = BoundedMinimizer.filled(nt, Double.POSITIVE_INFINITY);
            DoubleUnaryOperator dev = b -> {
                BoundedMinimizer.Result r = BoundedMinimizer.minimize(th -> fixedBetaDeviance(th, jj, b), warm, lower, upper);
                BoundedMinimizer.Result r0 = BoundedMinimizer.minimize(th -> fixedBetaDeviance(th, jj, b), thetaHat, lower, upper);
                if (r0.value() < r.value()) r = r0;
                System.arraycopy(r.x(), 0, warm, 0, warm.length);
                return r.value();
            };
            out.add(interval(betaNames.get(j), betaHat[j], Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, seHat[j] * z, dev, z,
                    () -> System.arraycopy(thetaHat, 0, warm, 0, nt)));
        }
        return out;
    }

    /** Both limits of one parameter; {@code reset} restores the warm start before the second side. */
    private Interval interval(String name, double xhat, double lo, double hi, double step, DoubleUnaryOperator dev, double z, Runnable reset) {
        String note = null;
        double lower, upper;
        try {
            lower = side(xhat, lo, -step, dev, z);
        } catch (FitCancelled e) {
            throw e;
        } catch (RuntimeException e) {
            lower = Double.NaN;
            note = "the profile below the estimate could not be completed (" + e.getMessage() + ")";
        }
        reset.run();
        try {
            upper = side(xhat, hi, step, dev, z);
        } catch (FitCancelled e) {
            throw e;
        } catch (RuntimeException e) {
            upper = Double.NaN;
            note = (note == null ? "" : note + "; ") + "the profile above the estimate could not be completed (" + e.getMessage() + ")";
        }
        return new Interval(name, lower, upper, note);
    }

    /** The x beyond x̂ in the direction of step where |ζ| = z, or the bound when ζ stays below z. */
    private double side(double xhat, double bound, double step, DoubleUnaryOperator dev, double z) {
        if (xhat == bound) return bound;
        double sign = Math.signum(step);
        DoubleUnaryOperator zeta = x -> {
            double d = dev.applyAsDouble(x) - base;
            if (!Double.isFinite(d)) throw new IllegalStateException("the deviance could not be computed at " + x);
            return Math.sqrt(Math.max(d, 0));
        };
        double prevX = xhat, prevZ = 0;
        double x = clamp(xhat + step, bound, sign);
        for (int iter = 0; iter < 60; iter++) {
            double zx = zeta.applyAsDouble(x);
            if (zx >= z) {
                final double target = z;
                BrentSolver solver = new BrentSolver(1e-12, 1e-9 * Math.max(Math.abs(x - prevX), 1e-12) + 1e-12 * Math.abs(x), 1e-10);
                double a = Math.min(prevX, x), b = Math.max(prevX, x);
                double za = prevX < x ? prevZ - target : zx - target, zb = prevX < x ? zx - target : prevZ - target;
                if (za * zb > 0) return x;
                return solver.solve(200, t -> zeta.applyAsDouble(t) - target, a, b, prevX + (x - prevX) * (target - prevZ) / (zx - prevZ));
            }
            if (x == bound) return bound;
            double next;
            double dz = zx - prevZ;
            if (dz > 1e-12) {
                double jump = (z - zx) * (x - prevX) / dz * 1.1;
                double maxJump = 10 * Math.abs(x - prevX);
                next = x + Math.copySign(Math.min(Math.abs(jump), maxJump), sign) + 0.01 * (x - prevX);
            } else {
                next = x + 2 * (x - prevX);
            }
            prevX = x;
            prevZ = zx;
            x = clamp(next, bound, sign);
        }
        throw new IllegalStateException("ζ did not reach " + z + " within 60 steps");
    }

    private static double clamp(double x, double bound, double sign) {
        return sign > 0 ? Math.min(x, bound) : Math.max(x, bound);
    }

    // --- the deviance over (sd, cor, σ) and over θ with one β fixed --------------------------------

    /** lme4's devfun2: ML deviance with β profiled out and σ explicit, parameters on the sd/cor scale. */
    private void spend() {
        if (cancelled.getAsBoolean()) throw new FitCancelled(evaluations);
        if (++evaluations > EVALUATION_BUDGET) {
            throw new IllegalStateException("stopped after " + EVALUATION_BUDGET + " evaluations of the deviance");
        }
    }

    private double deviance2(double[] pars) {
        spend();
        double sigma = pars[nt];
        double[] theta = toTheta(pars);
        if (theta == null || !(sigma > 0)) return Double.NaN;
        try {
            PenalisedSolution s = ml.solution(theta);
            double s2 = sigma * sigma;
            return s.logDetL2() + s.pwrss() / s2 + ml.n() * Math.log(2 * Math.PI * s2);
        } catch (FitException e) {
            return Double.NaN;
        }
    }

    /** The ML deviance at θ with β_j fixed at b, σ and the other β profiled out. */
    private double fixedBetaDeviance(double[] theta, int j, double b) {
        spend();
        try {
            PenalisedSolution s = ml.solution(theta);
            double d = b - s.beta()[j];
            double pwrss = s.pwrss() + d * d / s.unscaledVcov()[j * s.beta().length + j];
            int n = ml.n();
            return s.logDetL2() + n * (1 + Math.log(2 * Math.PI * pwrss / n));
        } catch (FitException e) {
            return Double.NaN;
        }
    }

    private double[] with(int w, double x, double[] scaledNuisance, double[] scale) {
        double[] pars = new double[nt + 1];
        for (int i = 0, j = 0; i <= nt; i++) pars[i] = i == w ? x : scaledNuisance[j] * scale[j++];
        return pars;
    }

    private static double[] without(double[] a, int w) {
        double[] out = new double[a.length - 1];
        for (int i = 0, j = 0; i < a.length; i++) if (i != w) out[j++] = a[i];
        return out;
    }

    /** Nuisance scales for the optimiser: standard deviations in units of σ̂, correlations as they are. */
    private double[] scales(int w) {
        double[] s = new double[nt];
        for (int i = 0, j = 0; i <= nt; i++) {
            if (i == w) continue;
            s[j++] = isCorrelation(i) ? 1 : sigmaHat;
        }
        return s;
    }

    /** Whether profile parameter i (in θ's layout) is an off-diagonal element: a correlation. */
    private boolean isCorrelation(int i) {
        if (i >= nt) return false;
        int[] rc = rowCol(i);
        return rc[1] != rc[2];
    }

    /** {term, row, column} of θ index i. */
    private int[] rowCol(int i) {
        List<RandomTerm> terms = ml.layout().terms();
        for (int t = 0; t < terms.size(); t++) {
            int k = terms.get(t).k(), idx = ml.layout().offset(t);
            for (int c = 0; c < k; c++) {
                for (int r = c; r < k; r++, idx++) if (idx == i) return new int[] {t, r, c};
            }
        }
        throw new IllegalArgumentException("no θ index " + i);
    }

    private String[] parameterNames() {
        String[] names = new String[nt + 1];
        for (int i = 0; i < nt; i++) {
            int[] trc = rowCol(i);
            RandomTerm term = ml.layout().terms().get(trc[0]);
            List<String> cols = term.columnNames();
            names[i] = trc[1] == trc[2] ? "sd_" + cols.get(trc[1]) + "|" + term.group()
                    : "cor_" + cols.get(trc[1]) + "." + cols.get(trc[2]) + "|" + term.group();
        }
        names[nt] = "sigma";
        return names;
    }

    /** θ, σ → (sd, cor per θ position, σ). */
    private double[] toProfilePars(double[] theta, double sigma) {
        double[] out = new double[nt + 1];
        List<RandomTerm> terms = ml.layout().terms();
        for (int t = 0; t < terms.size(); t++) {
            int k = terms.get(t).k();
            double[] lam = ml.layout().lambda(t, theta);
            double[][] cov = new double[k][k];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    double s = 0;
                    for (int j = 0; j < k; j++) s += lam[a * k + j] * lam[b * k + j];
                    cov[a][b] = sigma * sigma * s;
                }
            }
            for (int c = 0, idx = ml.layout().offset(t); c < k; c++) {
                for (int r = c; r < k; r++, idx++) {
                    double den = Math.sqrt(cov[r][r] * cov[c][c]);
                    out[idx] = r == c ? Math.sqrt(cov[r][r]) : den > 0 ? cov[r][c] / den : 0;
                }
            }
        }
        out[nt] = sigma;
        return out;
    }

    /** (sd, cor, σ) → θ: per term the Cholesky factor of its covariance over σ² (semidefinite allowed); null if not PSD. */
    private double[] toTheta(double[] pars) {
        double sigma = pars[nt];
        double[] theta = new double[nt];
        List<RandomTerm> terms = ml.layout().terms();
        for (int t = 0; t < terms.size(); t++) {
            int k = terms.get(t).k(), off = ml.layout().offset(t);
            double[] sd = new double[k];
            double[][] cov = new double[k][k];
            for (int c = 0, idx = off; c < k; c++) {
                for (int r = c; r < k; r++, idx++) if (r == c) sd[r] = pars[idx];
            }
            for (int c = 0, idx = off; c < k; c++) {
                for (int r = c; r < k; r++, idx++) {
                    double v = r == c ? sd[r] * sd[r] : pars[idx] * sd[r] * sd[c];
                    cov[r][c] = cov[c][r] = v / (sigma * sigma);
                }
            }
            double[][] l = new double[k][k];
            for (int j = 0; j < k; j++) {
                double d = cov[j][j];
                for (int a = 0; a < j; a++) d -= l[j][a] * l[j][a];
                if (d < -1e-10 * Math.max(1, cov[j][j])) return null;
                l[j][j] = Math.sqrt(Math.max(d, 0));
                for (int i = j + 1; i < k; i++) {
                    double v = cov[i][j];
                    for (int a = 0; a < j; a++) v -= l[i][a] * l[j][a];
                    l[i][j] = l[j][j] > 0 ? v / l[j][j] : 0;
                }
            }
            for (int c = 0, idx = off; c < k; c++) {
                for (int r = c; r < k; r++, idx++) theta[idx] = l[r][c];
            }
        }
        return theta;
    }
}
