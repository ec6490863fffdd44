package lmm.fit;

import java.util.Arrays;
import java.util.List;
import lmm.model.RandomTerm;

/**
 * The penalised least-squares solution at one θ, in the model's own coordinates and lme4's term
 * order: what lme4's {@code mkMerMod} reads off the fitted deviance function.
 *
 * @param theta        the covariance parameters (lme4's θ)
 * @param reml         whether {@code objective} is the REML criterion (else the ML deviance)
 * @param objective    the REML criterion or deviance at θ, from the exact {@code pwrss}
 * @param pwrss        ‖y − Xβ − Zb‖² + ‖u‖², summed over the rows from the solution (not from a
 *                     difference of cross-products)
 * @param logDetL2     log|L_Z|², L_Z the Cholesky factor of Λ'Z'ZΛ + I
 * @param logDetRX2    log|R_X|²
 * @param beta         β̂
 * @param u            spherical random effects per term, level-major (k values per level)
 * @param b            conditional modes b = Λu per term, same layout (the seed document's "u")
 * @param fitted       Xβ̂ + Zb̂
 * @param residuals    y − Xβ̂ − Zb̂
 * @param unscaledVcov (R_X'R_X)⁻¹, p × p row-major: Var(β̂) = σ² times this
 * @param sigma        σ̂: √(pwrss / (n − p)) for REML, √(pwrss / n) for ML
 */
public record PenalisedSolution(double[] theta, boolean reml, double objective, double pwrss, double logDetL2,
                                double logDetRX2, double[] beta, double[][] u, double[][] b, double[] fitted,
                                double[] residuals, double[] unscaledVcov, double sigma) {

    /** Var(β̂) = σ̂² (R_X'R_X)⁻¹ as a p × p array. */
    public double[][] vcov() {
        int p = beta.length;
        double[][] v = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) v[i][j] = sigma * sigma * unscaledVcov[i * p + j];
        }
        return v;
    }

    /** The REML criterion or ML deviance from its parts. */
    static double objective(boolean reml, int n, int p, double logDetL2, double logDetRX2, double pwrss) {
        if (reml) {
            int dof = n - p;
            return logDetL2 + logDetRX2 + dof * (1 + Math.log(2 * Math.PI * pwrss / dof));
        }
        return logDetL2 + n * (1 + Math.log(2 * Math.PI * pwrss / n));
    }

    /**
     * Solves the blocked system just factored (with its first blocks) in the coordinates the factor
     * was built in; returns β, u, b, fitted values, residuals, (R_X'R_X)⁻¹ and the exact pwrss.
     */
    static Raw solve(BlockedFactor f, CrossProducts c) {
        int s = c.s;
        int p = c.p;
        int n = c.n;
        int qRest = c.qRest;
        int k1 = c.k1;
        double[] dense = f.dense;
        // The last row of the factor is (c₁, c₂, r); [u; β] solves L_ub' x = (c₁, c₂).
        int last = s - 1;
        double[] xs = new double[last];
        for (int i = 0; i < last; i++) xs[i] = dense[last * s + i];
        for (int i = last - 1; i >= 0; i--) {
            double sum = xs[i];
            for (int j = i + 1; j < last; j++) sum -= dense[j * s + i] * xs[j];
            xs[i] = sum / dense[i * s + i];
        }
        double[] u1 = new double[c.levels1 * k1];
        double[] rhs = new double[k1];
        for (int g = 0; g < c.levels1; g++) {
            int[] cols = c.crossCols[g];
            int nnz = cols.length;
            double[] b = f.l21[g];
            for (int r = 0; r < k1; r++) {
                double sum = b[r * nnz + nnz - 1];
                for (int j = 0; j < nnz - 1; j++) sum -= b[r * nnz + j] * xs[cols[j]];
                rhs[r] = sum;
            }
            double[] lg = f.l11[g];
            for (int r = k1 - 1; r >= 0; r--) {
                double sum = rhs[r];
                for (int a = r + 1; a < k1; a++) sum -= lg[a * k1 + r] * rhs[a];
                rhs[r] = sum / lg[r * k1 + r];
            }
            System.arraycopy(rhs, 0, u1, g * k1, k1);
        }
        List<RandomTerm> terms = c.terms;
        int m = terms.size();
        double[][] u = new double[m][];
        double[][] bvals = new double[m][];
        u[0] = u1;
        for (int t = 1; t < m; t++) {
            u[t] = Arrays.copyOfRange(xs, c.restOffset[t], c.restOffset[t] + terms.get(t).columnCount());
        }
        double uu = 0;
        for (int t = 0; t < m; t++) {
            int k = terms.get(t).k();
            double[] lam = f.lambdas[t];
            double[] bt = new double[u[t].length];
            for (int h = 0, levels = terms.get(t).levelCount(); h < levels; h++) {
                for (int r = 0; r < k; r++) {
                    double sum = 0;
                    for (int a = 0; a <= r; a++) sum += lam[r * k + a] * u[t][h * k + a];
                    bt[h * k + r] = sum;
                }
            }
            for (double v : u[t]) uu += v * v;
            bvals[t] = bt;
        }
        double[] beta = Arrays.copyOfRange(xs, qRest, qRest + p);

        double[] fitted = new double[n];
        double[] residuals = new double[n];
        double[] xd = c.x.data;
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double fi = 0;
            for (int j = 0; j < p; j++) fi += xd[i * p + j] * beta[j];
            for (int t = 0; t < m; t++) {
                RandomTerm term = terms.get(t);
                int k = term.k();
                int base = term.refs()[i] * k;
                double[][] z = term.z();
                for (int a = 0; a < k; a++) fi += z[a][i] * bvals[t][base + a];
            }
            fitted[i] = fi;
            residuals[i] = c.y[i] - fi;
            rss += residuals[i] * residuals[i];
        }

        double[] unscaledVcov = unscaledVcov(dense, s, qRest, p);
        return new Raw(beta, u, bvals, fitted, residuals, unscaledVcov, rss + uu);
    }

    /**
     * (R_X'R_X)⁻¹ = L_X'⁻¹ L_X⁻¹ in the factor's coordinates, L_X the X block (rows and columns
     * qRest … qRest + p − 1) of the dense factor of order s.
     */
    static double[] unscaledVcov(double[] dense, int s, int qRest, int p) {
        double[] linv = new double[p * p];
        for (int col = 0; col < p; col++) {
            linv[col * p + col] = 1.0 / dense[(qRest + col) * s + qRest + col];
            for (int r = col + 1; r < p; r++) {
                double sum = 0;
                for (int a = col; a < r; a++) sum -= dense[(qRest + r) * s + qRest + a] * linv[a * p + col];
                linv[r * p + col] = sum / dense[(qRest + r) * s + qRest + r];
            }
        }
        double[] unscaledVcov = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double sum = 0;
                for (int a = Math.max(i, j); a < p; a++) sum += linv[a * p + i] * linv[a * p + j];
                unscaledVcov[i * p + j] = sum;
            }
        }
        return unscaledVcov;
    }

    /** A solution in the factor's coordinates (see DesignScaling for the way back). */
    record Raw(double[] beta, double[][] u, double[][] b, double[] fitted, double[] residuals, double[] unscaledVcov,
               double pwrss) { }
}
