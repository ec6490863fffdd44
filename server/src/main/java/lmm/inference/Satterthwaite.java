package lmm.inference;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import lmm.fit.DevianceParts;
import lmm.fit.FitCancelled;
import lmm.fit.FitException;
import lmm.fit.ProfiledDeviance;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;

/**
 * Satterthwaite's denominator degrees of freedom as lmerTest computes them. The variance parameters
 * are varpar = (θ, σ); A = 2 H⁻¹ with H the Hessian of the deviance over varpar (β profiled out, σ
 * explicit: lmerTest's devfun_vp) and the Moore–Penrose inverse over eigenvalues above 1e-8; J_i =
 * ∂Var(β̂)/∂varpar_i. For a contrast l: df = 2 (l'Vl)² / (g'Ag) with g_i = l'J_i l.
 *
 * <p>σ enters both analytically: devfun_vp = g(θ) + r(θ)/σ² + (n − p_REML) log 2πσ², g = log|L|²
 * (+ log|R_X|² for REML), r the pwrss, and Var(β̂) = σ² U(θ). So ∂²/∂σ² = 6r/σ⁴ − 2(n − p_REML)/σ²,
 * ∂²/∂θ_i∂σ = −2 r_i/σ³, ∂Var/∂σ = 2σU, and only the θ directions are differenced (lmerTest
 * differences σ too; the exact value is what its extrapolation approaches): the Hessian of
 * g + r/σ̂² and the Jacobian of (r, U) over θ, on the same points, each point one objective-only
 * factorisation ({@link ProfiledDeviance#parts}). The differences are numDeriv's Richardson
 * extrapolation (see {@link Richardson}) with its 4 step sizes when the model is cheap, and plain
 * central differences (one step size, df within 4e-5 of lmerTest's on every R case, against the
 * 2e-3 asked) when it is not: 1 + nθ + nθ² points instead of 1 + 4nθ(nθ + 1).
 */
public final class Satterthwaite {
    /** lmerTest's tolerance on the Hessian's eigenvalues. */
    private static final double EIGEN_TOLERANCE = 1e-8;
    /** Relative first steps of the Richardson derivatives (lmerTest: 1e-4; see Richardson for why larger). */
    private static final double STEP = 1e-2;
    /**
     * Relative step of the central differences. Their error is O(h²): on the R cases the worst df
     * (orthodont's) was 3.5e-3 off lmerTest's with 1e-2 and 3.6e-5 with 1e-3, while at 1e-4 the
     * rounding of the objective shows (3e-5 on penicillin's plates, against 2.5e-7 at 1e-3).
     */
    private static final double CENTRAL_STEP = 1e-3;
    /**
     * Multiply-adds (one factorisation's times the 1 + 4nθ(nθ + 1) points of numDeriv's 4 step sizes)
     * up to which the Richardson scheme is used: about 0.1 s here. Past it, central differences
     * (1 + nθ + nθ² points), a quarter of the points or fewer.
     */
    static final double RICHARDSON_MAX_WORK = 2e8;

    private final double[][] vcov;
    private final double[][] vcovVarpar;
    private final double[][][] jacobian;
    private final int negativeOrZeroEigenvalues;
    private final int points;

    private Satterthwaite(double[][] vcov, double[][] vcovVarpar, double[][][] jacobian, int negativeOrZero, int points) {
        this.vcov = vcov;
        this.vcovVarpar = vcovVarpar;
        this.jacobian = jacobian;
        this.negativeOrZeroEigenvalues = negativeOrZero;
        this.points = points;
    }

    /**
     * @param deviance  the model's deviance function (REML or ML as fitted)
     * @param theta     θ̂
     * @param sigma     σ̂
     * @param vcov      Var(β̂) of the fit
     * @param cancelled polled before each point; when it returns true this stops with {@link FitCancelled}
     */
    public static Satterthwaite of(ProfiledDeviance deviance, double[] theta, double sigma, double[][] vcov, BooleanSupplier cancelled) {
        int nt = theta.length;
        double richardsonWork = deviance.factorisationWork() * (1 + 4.0 * nt * (nt + 1));
        int levels = richardsonWork <= RICHARDSON_MAX_WORK ? Richardson.NUMDERIV_LEVELS : 1;
        return of(deviance, theta, sigma, vcov, levels, cancelled);
    }

    /** With the number of Richardson step sizes given (tests force the cheap scheme on small models). */
    static Satterthwaite of(ProfiledDeviance deviance, double[] theta, double sigma, double[][] vcov, int levels,
                            BooleanSupplier cancelled) {
        int nt = theta.length;
        int m = nt + 1;
        int p = vcov.length;
        double sigma2 = sigma * sigma;
        Cached cache = new Cached(deviance, cancelled);
        // θ directions by differences, σ analytically (see the class comment).
        double step = levels == 1 ? CENTRAL_STEP : STEP;
        double[][] ht = Richardson.hessian(th -> cache.thetaPart(th, sigma2), theta, step, levels);
        double[][] jt = Richardson.jacobian(cache::pwrssAndUnscaledVcov, theta, step, levels);
        double[] pwrssGradient = jt[0];
        DevianceParts at = cache.at(theta);
        double r = at.pwrss();
        double nEff = deviance.n() - (deviance.reml() ? deviance.p() : 0);
        double[][] h = new double[m][m];
        for (int i = 0; i < nt; i++) {
            System.arraycopy(ht[i], 0, h[i], 0, nt);
            h[i][nt] = h[nt][i] = -2 * pwrssGradient[i] / (sigma2 * sigma);
        }
        h[nt][nt] = 6 * r / (sigma2 * sigma2) - 2 * nEff / sigma2;

        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(h));
        double[] values = eig.getEigenvalues();
        double[][] inv = new double[m][m];
        int bad = 0;
        for (int e = 0; e < m; e++) {
            if (!(values[e] > EIGEN_TOLERANCE)) {
                bad++;
                continue;
            }
            double[] v = eig.getEigenvector(e).toArray();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) inv[i][j] += 2 * v[i] * v[j] / values[e];
            }
        }
        double[][][] jl = new double[m][p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                for (int i = 0; i < nt; i++) jl[i][a][b] = sigma2 * jt[1 + a * p + b][i];
                jl[nt][a][b] = 2 * sigma * at.unscaledVcov()[a * p + b];
            }
        }
        return new Satterthwaite(vcov, inv, jl, bad, cache.points());
    }

    /** How many distinct θ points were factored (for benchmarks and the tests of the scheme). */
    int points() { return points; }

    /** How many eigenvalues of the Hessian were not clearly positive (lmerTest warns about these). */
    public int negativeOrZeroEigenvalues() { return negativeOrZeroEigenvalues; }

    /** Var(varpar) = 2H⁺, varpar = (θ, σ). */
    public double[][] vcovVarpar() { return Matrices.copy(vcovVarpar); }

    /** Satterthwaite's df of the contrast l'β. */
    public double df(double[] l) {
        double var = Matrices.quadraticForm(l, vcov);
        return 2 * var * var / denominator(l);
    }

    private double denominator(double[] l) {
        int m = jacobian.length;
        double[] g = new double[m];
        for (int i = 0; i < m; i++) g[i] = Matrices.quadraticForm(l, jacobian[i]);
        return Matrices.quadraticForm(g, vcovVarpar);
    }

    /**
     * lmerTest's contestMD: the F test of Lβ = 0 with Satterthwaite's df, L's rows rotated onto the
     * eigenvectors of L V L' (rank = eigenvalues above √ε of the largest).
     */
    public FTest test(double[][] l, double[] beta) {
        if (l.length == 0) return null;
        if (l.length == 1) {
            double var = Matrices.quadraticForm(l[0], vcov);
            double est = Matrices.dot(l[0], beta);
            return FTest.of(est * est / var, 1, df(l[0]));
        }
        Matrices.Rotated r = Matrices.rotate(l, vcov);
        if (r.rank() == 0) return null;
        if (r.rank() == 1) {
            double est = Matrices.dot(r.rows()[0], beta);
            return FTest.of(est * est / r.values()[0], 1, df(r.rows()[0]));
        }
        int q = r.rank();
        double f = 0;
        double[] nu = new double[q];
        for (int k = 0; k < q; k++) {
            double est = Matrices.dot(r.rows()[k], beta);
            f += est * est / r.values()[k];
            nu[k] = 2 * r.values()[k] * r.values()[k] / denominator(r.rows()[k]);
        }
        return FTest.of(f / q, q, fStatisticDf(nu));
    }

    /** lmerTest's get_Fstat_ddf: the df of a mean of q squared t statistics with df ν_m. */
    static double fStatisticDf(double[] nu) {
        if (nu.length == 1) return nu[0];
        boolean equal = true;
        for (int i = 1; i < nu.length; i++) equal &= Math.abs(nu[i] - nu[i - 1]) < 1e-8;
        if (equal) return Arrays.stream(nu).average().orElse(Double.NaN);
        double e = 0;
        for (double v : nu) {
            if (v <= 2) return 2;
            e += v / (v - 2);
        }
        return 2 * e / (e - nu.length);
    }

    /** The objective-only parts at each distinct θ the derivatives visit, each factored once. */
    private static final class Cached {
        private final ProfiledDeviance deviance;
        private final BooleanSupplier cancelled;
        private final Map<List<Double>, DevianceParts> parts = new HashMap<>();

        Cached(ProfiledDeviance deviance, BooleanSupplier cancelled) {
            this.deviance = deviance;
            this.cancelled = cancelled;
        }

        int points() { return parts.size(); }

        DevianceParts at(double[] theta) {
            List<Double> key = Arrays.stream(theta).boxed().toList();
            DevianceParts known = parts.get(key);
            if (known != null) return known;
            if (cancelled.getAsBoolean()) throw new FitCancelled(parts.size());
            DevianceParts computed = deviance.parts(theta.clone());
            parts.put(key, computed);
            return computed;
        }

        /** devfun_vp at (θ, σ̂) less its σ-only term: g(θ) + r(θ)/σ̂²; NaN where θ cannot be factored. */
        double thetaPart(double[] theta, double sigma2) {
            DevianceParts s;
            try {
                s = at(theta);
            } catch (FitException e) {
                return Double.NaN;
            }
            double g = s.logDetL2() + (deviance.reml() ? s.logDetRX2() : 0);
            return g + s.pwrss() / sigma2;
        }

        /** (r, U) at θ: the pwrss, then (R_X'R_X)⁻¹ row-major. */
        double[] pwrssAndUnscaledVcov(double[] theta) {
            DevianceParts s = at(theta);
            double[] u = s.unscaledVcov();
            double[] out = new double[1 + u.length];
            out[0] = s.pwrss();
            System.arraycopy(u, 0, out, 1, u.length);
            return out;
        }
    }
}
