package lmm.fit;

import java.util.ArrayList;
import java.util.List;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * An exact reparametrisation of the model that the optimiser and the factorisation see, so that
 * neither the magnitude of y nor the scale of a covariate costs digits:
 * <ul>
 *   <li>y' = y − Xβ₀ with β₀ the least-squares fit of y on X (by QR): Xβ₀ lies in the column space of
 *       X, so every fit is the same with β shifted by β₀, and y'y no longer holds ‖Xβ₀‖², which would
 *       otherwise cancel in the penalised residual sum of squares (a response of 2·10⁴ with σ ≈ 1);</li>
 *   <li>X̃ = X T: each column other than the intercept centred (when X has one) and divided by its
 *       root mean square; β = β₀ + Tβ̃, Var(β) = T Var(β̃) T', and log|R_X|² = log|R_X̃|² − 2 log|det T|
 *       (the REML criterion is corrected by that constant);</li>
 *   <li>Z̃ = Z C within each term, C the diagonal of the reciprocal root mean squares of its
 *       covariates: Λ absorbs the scale (ZΛ = Z̃Λ̃ with Λ̃ = C⁻¹Λ, still lower triangular with the
 *       same bounds), so the profiled objective is the same function, but θ̃ is of order one where
 *       a covariate of scale 10⁵ would make θ of order 10⁻⁵ and BOBYQA's trust region meaningless.
 *       b = C b̃; u is the same in both.</li>
 * </ul>
 */
final class DesignScaling {
    private final DesignMatrices original;
    private final DesignMatrices scaled;
    private final ThetaLayout layout;
    private final ThetaLayout scaledLayout;
    private final double[] beta0;
    /** X = X̃ T⁻¹: p × p row-major. */
    private final double[] t;
    /** Per θ index: the RMS of its row's covariate (θ̃ = θ · RMS). */
    private final double[] thetaScale;
    /** Per term (lme4 order), per covariate: its RMS (b = b̃ / RMS). */
    private final double[][] zScale;
    private final double logDetT2;

    DesignScaling(DesignMatrices d) {
        this.original = d;
        this.layout = new ThetaLayout(d);
        int n = d.n();
        int p = d.p();
        double[] xd = d.x().data;
        beta0 = leastSquares(d);
        double[] y0 = d.y();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double f = 0;
            for (int j = 0; j < p; j++) f += xd[i * p + j] * beta0[j];
            y[i] = y0[i] - f;
        }
        int intercept = -1;
        for (int j = 0; j < p && intercept < 0; j++) {
            boolean ones = true;
            for (int i = 0; i < n && ones; i++) ones = xd[i * p + j] == 1.0;
            if (ones) intercept = j;
        }
        t = new double[p * p];
        DMatrixRMaj xs = new DMatrixRMaj(n, p);
        double logDet = 0;
        for (int j = 0; j < p; j++) {
            if (j == intercept) {
                t[j * p + j] = 1;
                for (int i = 0; i < n; i++) xs.data[i * p + j] = 1;
                continue;
            }
            double mean = 0;
            if (intercept >= 0) {
                for (int i = 0; i < n; i++) mean += xd[i * p + j];
                mean /= n;
            }
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double v = xd[i * p + j] - mean;
                ss += v * v;
            }
            double rms = Math.sqrt(ss / n);
            double c = rms > 0 && Double.isFinite(rms) ? 1 / rms : 1;
            for (int i = 0; i < n; i++) xs.data[i * p + j] = (xd[i * p + j] - mean) * c;
            // x̃_j = c (x_j − mean · 1): column j of T is c e_j − c·mean e_intercept.
            t[j * p + j] = c;
            if (intercept >= 0) t[intercept * p + j] = -c * mean;
            logDet += 2 * Math.log(c);
        }
        logDetT2 = logDet;

        List<RandomTerm> terms = layout.terms();
        zScale = new double[terms.size()][];
        thetaScale = new double[layout.count()];
        List<RandomTerm> scaledTerms = new ArrayList<>(terms.size());
        for (int ti = 0; ti < terms.size(); ti++) {
            RandomTerm term = terms.get(ti);
            int k = term.k();
            double[][] z = term.z();
            double[][] zs = new double[k][];
            double[] rmsOf = new double[k];
            for (int a = 0; a < k; a++) {
                double ss = 0;
                for (double v : z[a]) ss += v * v;
                double rms = Math.sqrt(ss / n);
                rmsOf[a] = rms > 0 && Double.isFinite(rms) ? rms : 1;
                zs[a] = new double[n];
                for (int i = 0; i < n; i++) zs[a][i] = z[a][i] / rmsOf[a];
            }
            zScale[ti] = rmsOf;
            for (int c = 0, idx = layout.offset(ti); c < k; c++) {
                for (int r = c; r < k; r++, idx++) thetaScale[idx] = rmsOf[r];
            }
            scaledTerms.add(new RandomTerm(term.group(), term.levels(), term.refs(), term.columnNames(), zs));
        }
        scaled = new DesignMatrices(d.response(), y, xs, d.xNames(), scaledTerms);
        scaledLayout = new ThetaLayout(scaled);
    }

    DesignMatrices original() { return original; }

    DesignMatrices scaled() { return scaled; }

    /** θ's layout in the original model (lme4's order). */
    ThetaLayout layout() { return layout; }

    /** The same layout over the scaled terms. */
    ThetaLayout scaledLayout() { return scaledLayout; }

    /** log|R_X|² of the original model = that of the scaled one + this. */
    double logDetRX2Offset() { return -logDetT2; }

    /** θ̃ from θ: Λ̃ = C⁻¹Λ, i.e. row r of each term's factor times the RMS of covariate r. */
    double[] toScaled(double[] theta) {
        double[] out = new double[theta.length];
        for (int i = 0; i < theta.length; i++) out[i] = theta[i] * thetaScale[i];
        return out;
    }

    double[] fromScaled(double[] thetaScaled) {
        double[] out = new double[thetaScaled.length];
        for (int i = 0; i < out.length; i++) out[i] = thetaScaled[i] / thetaScale[i];
        return out;
    }

    /** β = β₀ + T β̃. */
    double[] beta(double[] betaScaled) {
        int p = beta0.length;
        double[] out = beta0.clone();
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) out[i] += t[i * p + j] * betaScaled[j];
        }
        return out;
    }

    /** T V T' for a p × p row-major V. */
    double[] vcov(double[] v) {
        int p = beta0.length;
        double[] tv = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double sum = 0;
                for (int a = 0; a < p; a++) sum += t[i * p + a] * v[a * p + j];
                tv[i * p + j] = sum;
            }
        }
        double[] out = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double sum = 0;
                for (int a = 0; a < p; a++) sum += tv[i * p + a] * t[j * p + a];
                out[i * p + j] = sum;
            }
        }
        return out;
    }

    /** b = C b̃ (b̃ divided by the covariate's RMS) per term, level-major, k values per level. */
    double[][] b(double[][] bScaled) {
        double[][] out = new double[bScaled.length][];
        for (int ti = 0; ti < bScaled.length; ti++) {
            double[] rms = zScale[ti];
            int k = rms.length;
            out[ti] = new double[bScaled[ti].length];
            for (int i = 0; i < out[ti].length; i++) out[ti][i] = bScaled[ti][i] / rms[i % k];
        }
        return out;
    }

    private static double[] leastSquares(DesignMatrices d) {
        int n = d.n();
        int p = d.p();
        if (p == 0) return new double[0];
        LinearSolverDense<DMatrixRMaj> qr = LinearSolverFactory_DDRM.leastSquares(n, p);
        if (!qr.setA(d.x().copy())) return new double[p];
        DMatrixRMaj b = new DMatrixRMaj(p, 1);
        qr.solve(new DMatrixRMaj(n, 1, true, d.y()), b);
        for (double v : b.data) {
            if (!Double.isFinite(v)) return new double[p];
        }
        return b.data;
    }
}
