package lmm.fit;

import java.util.List;
import lmm.model.RandomTerm;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Conditional standard deviations of the random effects b given the data, as lme4's
 * {@code ranef(condVar = TRUE)} reports them: the diagonal blocks of σ² Λ (Λ'Z'ZΛ + I)⁻¹ Λ'
 * (β treated as known). They put intervals on the caterpillar plot.
 *
 * <p>Cheap cases only: one random term (the matrix is block diagonal, one k × k block per level) or
 * few random effects in all ({@link #MAX_DENSE} or fewer: a dense inverse). Otherwise there is no
 * answer: the full inverse of a large crossed design costs far more than the fit.
 */
final class ConditionalVariance {
    static final int MAX_DENSE = 1200;

    private ConditionalVariance() {}

    /**
     * @param terms   the random terms in θ's order
     * @param lambdas each term's k × k factor Λ, row-major
     * @return per term, per level and covariate (the layout of {@link FitResult#b()}), or null when too large
     */
    static double[][] sd(List<RandomTerm> terms, List<double[]> lambdas, double sigma) {
        int m = terms.size();
        int[] offset = new int[m + 1];
        for (int t = 0; t < m; t++) offset[t + 1] = offset[t] + terms.get(t).columnCount();
        int q = offset[m];
        if (m != 1 && q > MAX_DENSE) return null;
        double[][] out = new double[m][];
        if (m == 1) {
            RandomTerm term = terms.get(0);
            int k = term.k();
            double[] lam = lambdas.get(0);
            // per level: Λ'(Σ z z')Λ + I
            double[][] blocks = new double[term.levelCount()][k * k];
            double[] w = new double[k];
            for (int i = 0; i < term.refs().length; i++) {
                rowOfZLambda(term, lam, i, w);
                double[] blk = blocks[term.refs()[i]];
                for (int a = 0; a < k; a++) for (int c = 0; c < k; c++) blk[a * k + c] += w[a] * w[c];
            }
            out[0] = new double[term.columnCount()];
            for (int l = 0; l < term.levelCount(); l++) {
                DMatrixRMaj a = new DMatrixRMaj(k, k, true, blocks[l]);
                for (int d = 0; d < k; d++) a.add(d, d, 1.0);
                DMatrixRMaj inv = new DMatrixRMaj(k, k);
                if (!CommonOps_DDRM.invertSPD(a, inv)) return null;
                fill(out[0], l * k, k, lam, inv, sigma);
            }
            return out;
        }
        DMatrixRMaj a = new DMatrixRMaj(q, q);
        int maxK = terms.stream().mapToInt(RandomTerm::k).max().orElse(1);
        int n = terms.get(0).refs().length;
        int[] col = new int[m * maxK];
        double[] val = new double[m * maxK];
        double[] w = new double[maxK];
        for (int i = 0; i < n; i++) {
            int nnz = 0;
            for (int t = 0; t < m; t++) {
                RandomTerm term = terms.get(t);
                rowOfZLambda(term, lambdas.get(t), i, w);
                for (int j = 0; j < term.k(); j++) {
                    col[nnz] = offset[t] + term.refs()[i] * term.k() + j;
                    val[nnz++] = w[j];
                }
            }
            for (int x = 0; x < nnz; x++) for (int y = 0; y < nnz; y++) a.add(col[x], col[y], val[x] * val[y]);
        }
        for (int d = 0; d < q; d++) a.add(d, d, 1.0);
        DMatrixRMaj inv = new DMatrixRMaj(q, q);
        if (!CommonOps_DDRM.invertSPD(a, inv)) return null;
        for (int t = 0; t < m; t++) {
            RandomTerm term = terms.get(t);
            int k = term.k();
            out[t] = new double[term.columnCount()];
            for (int l = 0; l < term.levelCount(); l++) {
                int start = offset[t] + l * k;
                DMatrixRMaj block = new DMatrixRMaj(k, k);
                CommonOps_DDRM.extract(inv, start, start + k, start, start + k, block, 0, 0);
                fill(out[t], l * k, k, lambdas.get(t), block, sigma);
            }
        }
        return out;
    }

    /** Row i of this term's block of ZΛ, on its level's k columns: z(:, i)' Λ. */
    private static void rowOfZLambda(RandomTerm term, double[] lam, int i, double[] w) {
        int k = term.k();
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int r = 0; r < k; r++) s += term.z()[r][i] * lam[r * k + c];
            w[c] = s;
        }
    }

    /** sd of Λ B Λ' σ² on its diagonal, into out[from .. from + k). */
    private static void fill(double[] out, int from, int k, double[] lam, DMatrixRMaj b, double sigma) {
        for (int j = 0; j < k; j++) {
            double v = 0;
            for (int a = 0; a < k; a++) for (int c = 0; c < k; c++) v += lam[j * k + a] * b.get(a, c) * lam[j * k + c];
            out[from + j] = sigma * Math.sqrt(Math.max(v, 0));
        }
    }
}
