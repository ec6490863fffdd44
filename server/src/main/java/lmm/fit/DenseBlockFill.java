package lmm.fit;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The numeric fill of the dense part's lower triangle for one θ, row by row (see
 * {@link BlockPattern}): the Gram matrix G of [Z_rest, X, y], less the Schur update of a scalar first
 * term, and, when Λ_rest is diagonal, scaled by it with I added:
 * <pre>
 *   D (G − Σ_g w_g v_g v_g') D + [I 0; 0 0],   v_g = Z₁g'[Z_rest, X, y],  w_g = λ₁² / (λ₁² Z₁g'Z₁g + 1).
 * </pre>
 * The update is a sparse rank update whose work is Σ_g nnz_g (nnz_g + 1) / 2 multiply-adds; nothing
 * is O(n) and nothing is stored per contribution, unless the levels' terms were summed by class
 * beforehand ({@link ClassUpdate}: one stored coefficient per row, column and class is read then).
 * Every entry starts from its Gram value and then receives the levels' terms in ascending order of
 * level (of class, when summed), on whichever thread owns its row, so the sums are the same on one
 * thread or two. The pattern's panel levels are not scattered: after the
 * rows, their terms are subtracted together by one dsyrk ({@link DensePanel}), whose sums do not
 * depend on how many threads filled the rows.
 */
final class DenseBlockFill {
    private final CrossProducts cross;
    private final BlockPattern pattern;
    private final DensePanel panel;
    private final int s;

    DenseBlockFill(CrossProducts cross, BlockPattern pattern, DensePanel panel) {
        this.cross = cross;
        this.pattern = pattern;
        this.panel = panel;
        this.s = cross.s;
    }

    /**
     * Fills the lower triangle of m.
     *
     * @param levelWeight per level of a scalar first term its w_g, or null for G alone
     * @param colScale    per column the diagonal of D (then I is added to the Z_rest block), or null
     *                    for no scaling and no I (the caller applies Λ_rest itself)
     */
    void fill(double[] m, double[] levelWeight, double[] colScale, boolean twoThreads) {
        int split = pattern.split;
        if (twoThreads && split < s) {
            // Two halves of equal work: one in the common pool, one here.
            ForkJoinTask<?> other = ForkJoinPool.commonPool().submit(() -> fillRows(m, split, s, levelWeight, colScale));
            fillRows(m, 0, split, levelWeight, colScale);
            other.join();
        } else {
            fillRows(m, 0, s, levelWeight, colScale);
        }
        if (levelWeight != null && !panel.isEmpty()) {
            panel.setScalarRows(cross, levelWeight, colScale);
            panel.subtractFrom(m);
        }
    }

    private void fillRows(double[] m, int from, int to, double[] levelWeight, double[] colScale) {
        final int s = this.s;
        final int qRest = cross.qRest;
        final int[] gramStart = pattern.gramStart;
        final int[] gramCol = pattern.gramCol;
        final double[] gramVal = pattern.gramVal;
        // Each row is formed in a buffer of its own (indices from 0, one add fewer per scattered
        // write) and copied into place.
        final double[] r = new double[s];
        for (int i = from; i < to; i++) {
            Arrays.fill(r, 0, i + 1, 0.0);
            for (int e = gramStart[i], end = gramStart[i + 1]; e < end; e++) r[gramCol[e]] = gramVal[e];
            if (levelWeight != null) {
                if (pattern.classUpdate != null) subtractSummed(r, i, levelWeight);
                else subtractUpdate(r, i, levelWeight);
            }
            if (colScale != null) {
                double si = colScale[i];
                for (int c = 0; c <= i; c++) r[c] *= si * colScale[c];
                if (i < qRest) r[i] += 1.0;
            }
            System.arraycopy(r, 0, m, i * s, i + 1);
        }
    }

    /**
     * The level-by-level downdate of one level (a vector first term's update, and the full path's):
     * the lower triangle of dense (order s) at cols × cols −= B'B, B = b the k₁ × nnz block of L21
     * (the dense block's kernels in one class).
     */
    static void subtractLevel(double[] dense, int s, int[] cols, double[] b, int k1) {
        int nnz = cols.length;
        for (int r = 0; r < k1; r++) {
            int br = r * nnz;
            for (int a = 0; a < nnz; a++) {
                double ba = b[br + a];
                if (ba == 0) continue;
                int row = cols[a] * s;
                for (int c = 0; c <= a; c++) dense[row + cols[c]] -= ba * b[br + c];
            }
        }
    }

    /**
     * Row i of Σ_c w_c K_c from the coefficients summed by class ({@link ClassUpdate}), subtracted
     * from r over columns ≤ i, classes in ascending order: one multiply-add per stored coefficient,
     * read in order.
     */
    private void subtractSummed(double[] r, int i, double[] levelWeight) {
        final ClassUpdate u = pattern.classUpdate;
        final int[] segStart = u.segStart;
        final int[] segLevel = u.segLevel;
        final char[] col = u.col;
        final double[] coef = u.coef;
        for (int t = u.rowStart[i], last = u.rowStart[i + 1]; t < last; t++) {
            double f = levelWeight[segLevel[t]];
            int e = segStart[t];
            int end = segStart[t + 1];
            // Unrolled by hand: the quick JIT (C1, what one-shot commands run) does not unroll.
            for (; e + 3 < end; e += 4) {
                r[col[e]] -= f * coef[e];
                r[col[e + 1]] -= f * coef[e + 1];
                r[col[e + 2]] -= f * coef[e + 2];
                r[col[e + 3]] -= f * coef[e + 3];
            }
            for (; e < end; e++) r[col[e]] -= f * coef[e];
        }
    }

    /** Row i of Σ_g w_g v_g v_g', subtracted from r (that row) over columns ≤ i, levels in ascending order. */
    private void subtractUpdate(double[] r, int i, double[] levelWeight) {
        final int[] level = pattern.updateLevel;
        final int[] pos = pattern.updatePos;
        final int[][] allCols = cross.crossCols;
        final double[][] allVals = cross.crossVals;
        final int[] unitPrefix = pattern.unitPrefix;
        for (int e = pattern.updateStart[i], end = pattern.updateStart[i + 1]; e < end; e++) {
            int g = level[e];
            int k = pos[e];
            int[] cols = allCols[g];
            if (k < unitPrefix[g]) {
                // v[c] = 1 on the whole prefix (a random intercept crossed with another): f · 1 is f,
                // and v is not read at all (one cache miss less per visit: v[k] is at a random place).
                double f = levelWeight[g];
                // Unrolled by hand: the quick JIT (C1, what one-shot commands run) does not unroll.
                int c = 0;
                for (; c + 3 <= k; c += 4) {
                    r[cols[c]] -= f;
                    r[cols[c + 1]] -= f;
                    r[cols[c + 2]] -= f;
                    r[cols[c + 3]] -= f;
                }
                for (; c <= k; c++) r[cols[c]] -= f;
            } else {
                double[] v = allVals[g];
                double f = levelWeight[g] * v[k];
                for (int c = 0; c <= k; c++) r[cols[c]] -= f * v[c];
            }
        }
    }
}
