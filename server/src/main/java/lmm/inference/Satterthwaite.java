package lmm.inference;

import java.util.Arrays;
import lmm.fit.PenalisedSolution;
import lmm.fit.ProfiledDeviance;
import lmm.fit.FitException;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;

/**
 * Satterthwaite's denominator degrees of freedom as lmerTest computes them. The variance parameters
 * are varpar = (θ, σ); A = 2 H⁻¹ with H the Hessian of the deviance over varpar (β profiled out, σ
 * explicit: lmerTest's devfun_vp) and the Moore–Penrose inverse over eigenvalues above 1e-8; J_i =
 * ∂Var(β̂)/∂varpar_i. For a contrast l: df = 2 (l'Vl)² / (g'Ag) with g_i = l'J_i l. Both derivatives
 * by Richardson extrapolation as numDeriv does it (see {@link Richardson}).
 */
public final class Satterthwaite {
    /** lmerTest's tolerance on the Hessian's eigenvalues. */
    private static final double EIGEN_TOLERANCE = 1e-8;
    /** Relative first steps of the Richardson derivatives (lmerTest: 1e-4; see Richardson for why larger). */
    private static final double HESSIAN_STEP = 1e-2;
    private static final double JACOBIAN_STEP = HESSIAN_STEP;   // same points as the Hessian: all its solutions are reused

    private final double[][] vcov;
    private final double[][] vcovVarpar;
    private final double[][][] jacobian;
    private final int negativeOrZeroEigenvalues;

    private Satterthwaite(double[][] vcov, double[][] vcovVarpar, double[][][] jacobian, int negativeOrZero) {
        this.vcov = vcov;
        this.vcovVarpar = vcovVarpar;
        this.jacobian = jacobian;
        this.negativeOrZeroEigenvalues = negativeOrZero;
    }

    /**
     * @param deviance the model's deviance function (REML or ML as fitted)
     * @param theta    θ̂
     * @param sigma    σ̂
     * @param vcov     Var(β̂) of the fit
     */
    public static Satterthwaite of(ProfiledDeviance deviance, double[] theta, double sigma, double[][] vcov) {
        int nt = theta.length;
        double[] varpar = Arrays.copyOf(theta, nt + 1);
        varpar[nt] = sigma;
        Cached cache = new Cached(deviance);
        double[][] h = Richardson.hessian(vp -> cache.devianceVp(vp), varpar, HESSIAN_STEP);
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(h));
        double[] values = eig.getEigenvalues();
        int m = varpar.length;
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
        int p = vcov.length;
        double[][] jac = Richardson.jacobian(vp -> cache.covBeta(vp), varpar, JACOBIAN_STEP);
        double[][][] jl = new double[m][p][p];
        for (int i = 0; i < m; i++) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) jl[i][a][b] = jac[a * p + b][i];
            }
        }
        return new Satterthwaite(vcov, inv, jl, bad);
    }

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

    /**
     * devfun_vp and get_covbeta of lmerTest, over one penalised solution per distinct θ: steps in σ
     * alone, and the mixed (θ_i, σ) steps of the Hessian, reuse the solutions of the θ steps.
     */
    private static final class Cached {
        private record Parts(double pwrss, double logDetL2, double logDetRX2, double[] unscaledVcov) {}

        private final ProfiledDeviance deviance;
        private final java.util.Map<java.util.List<Double>, Parts> solutions = new java.util.HashMap<>();

        Cached(ProfiledDeviance deviance) {
            this.deviance = deviance;
        }

        private Parts at(double[] vp) {
            java.util.List<Double> key = new java.util.ArrayList<>(vp.length - 1);
            for (int i = 0; i < vp.length - 1; i++) key.add(vp[i]);
            return solutions.computeIfAbsent(key, k -> {
                PenalisedSolution s = deviance.solution(Arrays.copyOf(vp, vp.length - 1));
                return new Parts(s.pwrss(), s.logDetL2(), s.logDetRX2(), s.unscaledVcov());
            });
        }

        double devianceVp(double[] vp) {
            double sigma2 = vp[vp.length - 1] * vp[vp.length - 1];
            Parts s;
            try {
                s = at(vp);
            } catch (FitException e) {
                return Double.NaN;
            }
            double dev = s.logDetL2() + s.pwrss() / sigma2 + deviance.n() * Math.log(2 * Math.PI * sigma2);
            if (!deviance.reml()) return dev;
            return dev + s.logDetRX2() - deviance.p() * Math.log(2 * Math.PI * sigma2);
        }

        double[] covBeta(double[] vp) {
            double sigma2 = vp[vp.length - 1] * vp[vp.length - 1];
            double[] u = at(vp).unscaledVcov();
            double[] out = new double[u.length];
            for (int a = 0; a < u.length; a++) out[a] = sigma2 * u[a];
            return out;
        }
    }
}
