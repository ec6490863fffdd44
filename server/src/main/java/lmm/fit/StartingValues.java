package lmm.fit;

import java.util.List;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;

/**
 * A moment-based start for θ: for each random-intercept term, the one-way analysis-of-variance
 * estimate of σ²_t / σ² from the residuals of the least-squares fit of the fixed effects alone
 * (Searle's n₀ for unbalanced groups). Crossed and nested factors are ignored in the estimate, so
 * it is rough, but it puts the optimiser within the right order of magnitude instead of at 1, which
 * saves most of the evaluations spent walking there. Vector-valued terms and terms with other
 * covariates keep lme4's start (1 on the diagonal, 0 off it).
 */
final class StartingValues {
    /** Starts within this factor of zero are raised to it: the optimiser needs room to move both ways. */
    private static final double FLOOR = 0.05;

    private StartingValues() { }

    static double[] moments(DesignMatrices d, ThetaLayout layout) {
        double[] theta = layout.start();
        double[] r = olsResiduals(d);
        if (r == null) return theta;
        int n = r.length;
        List<RandomTerm> terms = layout.terms();
        for (int t = 0; t < terms.size(); t++) {
            RandomTerm term = terms.get(t);
            if (term.k() != 1 || !allOnes(term.z()[0])) continue;
            int levels = term.levelCount();
            int[] refs = term.refs();
            double[] sum = new double[levels];
            int[] count = new int[levels];
            for (int i = 0; i < n; i++) {
                sum[refs[i]] += r[i];
                count[refs[i]]++;
            }
            double total = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                total += r[i];
                sumSq += r[i] * r[i];
            }
            double grand = total / n;
            double between = 0;
            double sumN2 = 0;
            int used = 0;
            for (int g = 0; g < levels; g++) {
                if (count[g] == 0) continue;
                used++;
                double mean = sum[g] / count[g];
                between += count[g] * (mean - grand) * (mean - grand);
                sumN2 += (double) count[g] * count[g];
            }
            double within = sumSq - n * grand * grand - between;
            if (used < 2 || n - used < 1) continue;
            double msb = between / (used - 1);
            double msw = within / (n - used);
            double n0 = (n - sumN2 / n) / (used - 1);
            if (!(msw > 0) || !(n0 > 0)) continue;
            double ratio = (msb - msw) / n0 / msw;
            double start = Math.sqrt(Math.max(ratio, 0));
            if (!Double.isFinite(start)) continue;
            theta[layout.offset(t)] = Math.max(start, FLOOR);
        }
        return theta;
    }

    private static boolean allOnes(double[] z) {
        for (double v : z) {
            if (v != 1.0) return false;
        }
        return true;
    }

    /** y − Xβ̂ by the normal equations (p is small); null if X'X is not numerically positive definite. */
    private static double[] olsResiduals(DesignMatrices d) {
        int n = d.n();
        int p = d.p();
        double[] x = d.x().data;
        double[] y = d.y();
        double[] a = new double[p * p];
        double[] b = new double[p];
        for (int i = 0; i < n; i++) {
            int row = i * p;
            for (int j = 0; j < p; j++) {
                double xj = x[row + j];
                if (xj == 0) continue;
                b[j] += xj * y[i];
                for (int c = 0; c <= j; c++) a[j * p + c] += xj * x[row + c];
            }
        }
        if (!SmallMatrices.cholesky(a, p)) return null;
        for (int j = 0; j < p; j++) {
            double s = b[j];
            for (int c = 0; c < j; c++) s -= a[j * p + c] * b[c];
            b[j] = s / a[j * p + j];
        }
        for (int j = p - 1; j >= 0; j--) {
            double s = b[j];
            for (int c = j + 1; c < p; c++) s -= a[c * p + j] * b[c];
            b[j] = s / a[j * p + j];
        }
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double f = 0;
            for (int j = 0; j < p; j++) f += x[i * p + j] * b[j];
            r[i] = y[i] - f;
        }
        return r;
    }
}
