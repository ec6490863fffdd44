package lmm.inference;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import lmm.fit.CheckStencil;
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
 * extrapolation (see {@link Richardson}) with its 4 step sizes when the model is cheap. When it is
 * not, central differences on the points the fit's last convergence check already factored
 * ({@link CheckStencil}: step 1e-4 on the scaled θ̃, completed by c − h(eᵢ + eⱼ) for an O(h²) cross
 * term, so nθ(nθ − 1)/2 new points; df within 2e-4 of lmerTest's on every R case, against the 2e-3
 * asked: rounding of the deviance shows at that step), or, when the fit's optimum is more than a
 * step from that check's centre or no stencil was kept, plain central differences of their own (one
 * step size, relative 1e-3, df within 4e-5): 1 + nθ + nθ² points instead of 1 + 4nθ(nθ + 1).
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
    /**
     * The fit's check stencil is used when the fit's optimum is at most this many of its steps from the
     * check's centre (a last Newton step polished it): the derivatives are then those at a point that
     * close to θ̂.
     */
    static final double STENCIL_MAX_OFFSET = 1.0;

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

    /** How the θ derivatives are taken (see the class comment). */
    enum Scheme {
        /** numDeriv's Richardson extrapolation, 4 step sizes: cheap models. */
        RICHARDSON,
        /** Central differences, relative step {@link #CENTRAL_STEP}, all points factored here. */
        CENTRAL,
        /** Central differences on the stencil of the fit's last convergence check ({@link CheckStencil}). */
        CHECK_STENCIL
    }

    /**
     * @param deviance  the model's deviance function (REML or ML as fitted)
     * @param stencil   the points of the fit's last convergence check ({@link CheckStencil#of}), or null
     * @param theta     θ̂
     * @param sigma     σ̂
     * @param vcov      Var(β̂) of the fit
     * @param cancelled polled before each point factored; when it returns true this stops with {@link FitCancelled}
     */
    public static Satterthwaite of(ProfiledDeviance deviance, CheckStencil stencil, double[] theta, double sigma, double[][] vcov,
                                   BooleanSupplier cancelled) {
        return of(deviance, stencil, theta, sigma, vcov, scheme(deviance, stencil, theta.length), cancelled);
    }

    /** The scheme {@link #of} uses for this model. */
    static Scheme scheme(ProfiledDeviance deviance, CheckStencil stencil, int nt) {
        double richardsonWork = deviance.factorisationWork() * (1 + 4.0 * nt * (nt + 1));
        if (richardsonWork <= RICHARDSON_MAX_WORK) return Scheme.RICHARDSON;
        return usable(stencil, nt) ? Scheme.CHECK_STENCIL : Scheme.CENTRAL;
    }

    /**
     * The fit's check is used when the fit's optimum is within {@link #STENCIL_MAX_OFFSET} steps of its
     * centre (the derivatives are taken at the centre).
     */
    static boolean usable(CheckStencil stencil, int nt) {
        return stencil != null && stencil.dimension() == nt && stencil.offsetInSteps() <= STENCIL_MAX_OFFSET;
    }

    /** With the scheme given (tests force each scheme on every R case). */
    static Satterthwaite of(ProfiledDeviance deviance, CheckStencil stencil, double[] theta, double sigma, double[][] vcov,
                            Scheme scheme, BooleanSupplier cancelled) {
        int nt = theta.length;
        int m = nt + 1;
        int p = vcov.length;
        double sigma2 = sigma * sigma;
        // θ directions by differences, σ analytically (see the class comment).
        Derivatives d = scheme == Scheme.CHECK_STENCIL
                ? onStencil(deviance, stencil, theta, sigma2, cancelled)
                : byRichardson(deviance, theta, sigma2, scheme == Scheme.RICHARDSON ? Richardson.NUMDERIV_LEVELS : 1, cancelled);
        double[][] ht = d.hessian();
        double[][] jt = d.jacobian();
        double[] pwrssGradient = jt[0];
        DevianceParts at = d.atOptimum();
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
        return new Satterthwaite(vcov, inv, jl, bad, d.points());
    }

    /**
     * The θ derivatives: the Hessian of g + r/σ̂², the Jacobian of (r, U) (rows: r, then U row-major;
     * columns: θ), the parts at θ̂, and how many points were factored for them.
     */
    private record Derivatives(double[][] hessian, double[][] jacobian, DevianceParts atOptimum, int points) { }

    private static Derivatives byRichardson(ProfiledDeviance deviance, double[] theta, double sigma2, int levels,
                                            BooleanSupplier cancelled) {
        Cached cache = new Cached(deviance, cancelled);
        double step = levels == 1 ? CENTRAL_STEP : STEP;
        double[][] ht = Richardson.hessian(th -> cache.thetaPart(th, sigma2), theta, step, levels);
        double[][] jt = Richardson.jacobian(cache::pwrssAndUnscaledVcov, theta, step, levels);
        DevianceParts at = cache.at(theta);
        return new Derivatives(ht, jt, at, cache.points());
    }

    /**
     * Central differences on the fit's check stencil c, c ± kᵢeᵢ, c ± (kᵢeᵢ + kⱼeⱼ), kᵢ its step in θ
     * (h on θ̃ over the scale of θᵢ: the chain rule): f_ii ≈ (f₊ᵢ − 2f₀ + f₋ᵢ)/kᵢ², f_ij ≈ (f₊₊ + f₋₋ − f₊ᵢ
     * − f₋ᵢ − f₊ⱼ − f₋ⱼ + 2f₀)/(2kᵢkⱼ), ∂X/∂θᵢ ≈ (X₊ᵢ − X₋ᵢ)/(2kᵢ), all O(h²). The fit recorded every point
     * but the c − (kᵢeᵢ + kⱼeⱼ) (and those of a parameter near its bound); only those are factored.
     */
    private static Derivatives onStencil(ProfiledDeviance deviance, CheckStencil stencil, double[] theta, double sigma2,
                                         BooleanSupplier cancelled) {
        int nt = stencil.dimension();
        int[] factored = {0};
        StencilPoint at = (i, a, j, b) -> {
            DevianceParts known = stencil.recorded(i, a, j, b);
            if (known != null) return known;
            if (cancelled.getAsBoolean()) throw new FitCancelled(factored[0]);
            factored[0]++;
            return stencil.factor(deviance, i, a, j, b);
        };
        boolean reml = deviance.reml();
        double f0 = thetaPart(at.parts(-1, 0, -1, 0), reml, sigma2);
        double[] fp = new double[nt], fm = new double[nt], k = new double[nt];
        double[][] hess = new double[nt][nt];
        double[][] jac = null;
        for (int i = 0; i < nt; i++) {
            k[i] = stencil.step(i);
            DevianceParts plus = at.parts(i, 1, -1, 0), minus = at.parts(i, -1, -1, 0);
            fp[i] = thetaPart(plus, reml, sigma2);
            fm[i] = thetaPart(minus, reml, sigma2);
            hess[i][i] = (fp[i] - 2 * f0 + fm[i]) / (k[i] * k[i]);
            double[] xp = pwrssAndUnscaledVcov(plus), xm = pwrssAndUnscaledVcov(minus);
            if (jac == null) jac = new double[xp.length][nt];
            for (int o = 0; o < xp.length; o++) jac[o][i] = (xp[o] - xm[o]) / (2 * k[i]);
        }
        for (int i = 0; i < nt; i++) {
            for (int j = 0; j < i; j++) {
                double pp = thetaPart(at.parts(i, 1, j, 1), reml, sigma2);
                double mm = thetaPart(at.parts(i, -1, j, -1), reml, sigma2);
                hess[i][j] = hess[j][i] = (pp + mm - fp[i] - fm[i] - fp[j] - fm[j] + 2 * f0) / (2 * k[i] * k[j]);
            }
        }
        DevianceParts optimum = stencil.recordedAtOptimum();
        if (optimum == null) {
            if (cancelled.getAsBoolean()) throw new FitCancelled(factored[0]);
            factored[0]++;
            optimum = deviance.parts(theta.clone());
        }
        return new Derivatives(hess, jac, optimum, factored[0]);
    }

    /** The parts at c + a·kᵢeᵢ + b·kⱼeⱼ of the stencil, recorded or factored. */
    @FunctionalInterface
    private interface StencilPoint {
        DevianceParts parts(int i, int a, int j, int b);
    }

    /** devfun_vp at (θ, σ̂) less its σ-only term: g(θ) + r(θ)/σ̂². */
    private static double thetaPart(DevianceParts s, boolean reml, double sigma2) {
        double g = s.logDetL2() + (reml ? s.logDetRX2() : 0);
        return g + s.pwrss() / sigma2;
    }

    /** (r, U): the pwrss, then (R_X'R_X)⁻¹ row-major. */
    private static double[] pwrssAndUnscaledVcov(DevianceParts s) {
        double[] u = s.unscaledVcov();
        double[] out = new double[1 + u.length];
        out[0] = s.pwrss();
        System.arraycopy(u, 0, out, 1, u.length);
        return out;
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
            return Satterthwaite.thetaPart(s, deviance.reml(), sigma2);
        }

        /** (r, U) at θ: the pwrss, then (R_X'R_X)⁻¹ row-major. */
        double[] pwrssAndUnscaledVcov(double[] theta) {
            return Satterthwaite.pwrssAndUnscaledVcov(at(theta));
        }
    }
}
