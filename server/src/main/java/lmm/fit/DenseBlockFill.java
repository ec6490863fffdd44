package lmm.fit;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The numeric fill of the dense part's lower triangle for one θ, tile by tile (see
 * {@link BlockPattern}): the Gram matrix G of [Z_rest, X, y], less the Schur update of a scalar first
 * term, and, when Λ_rest is diagonal, scaled by it with I added:
 * <pre>
 *   D (G − Σ_g w_g v_g v_g') D + [I 0; 0 0],   v_g = Z₁g'[Z_rest, X, y],  w_g = λ₁² / (λ₁² Z₁g'Z₁g + 1).
 * </pre>
 * The update is a sparse rank update whose work is Σ_g nnz_g (nnz_g + 1) / 2 multiply-adds; nothing
 * is O(n) and nothing is stored per contribution. In each tile the levels come in ascending order,
 * and each entry belongs to one tile, so the sums are the same on one thread or two.
 */
final class DenseBlockFill {
    private final CrossProducts cross;
    private final BlockPattern pattern;
    private final int s;

    DenseBlockFill(CrossProducts cross, BlockPattern pattern) {
        this.cross = cross;
        this.pattern = pattern;
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
        int tiles = pattern.tiles();
        if (twoThreads && split < tiles) {
            // Two halves of equal work: one in the common pool, one here.
            ForkJoinTask<?> other = ForkJoinPool.commonPool().submit(() -> fillTiles(m, split, tiles, levelWeight, colScale));
            fillTiles(m, 0, split, levelWeight, colScale);
            other.join();
        } else {
            fillTiles(m, 0, tiles, levelWeight, colScale);
        }
    }

    private void fillTiles(double[] m, int from, int to, double[] levelWeight, double[] colScale) {
        for (int t = from; t < to; t++) fillTile(m, t, levelWeight, colScale);
    }

    private void fillTile(double[] m, int t, double[] levelWeight, double[] colScale) {
        final int s = this.s;
        final int tile = BlockPattern.TILE;
        int bi = pattern.tileRow[t];
        int bj = pattern.tileCol[t];
        boolean diagonal = bi == bj;
        int r0 = bi * tile;
        int r1 = Math.min(s, r0 + tile);
        int c0 = bj * tile;
        int c1 = Math.min(s, c0 + tile);
        for (int r = r0; r < r1; r++) {
            int row = r * s;
            Arrays.fill(m, row + c0, row + (diagonal ? r + 1 : c1), 0.0);
        }
        int[] pos = pattern.gramPos;
        double[] val = pattern.gramVal;
        for (int e = pattern.gramStart[t], end = pattern.gramStart[t + 1]; e < end; e++) m[pos[e]] = val[e];
        if (levelWeight != null) subtractUpdate(m, bi, bj, levelWeight);
        if (colScale != null) {
            int qRest = cross.qRest;
            for (int r = r0; r < r1; r++) {
                int row = r * s;
                double sr = colScale[r];
                int end = diagonal ? r + 1 : c1;
                for (int c = c0; c < end; c++) m[row + c] *= sr * colScale[c];
                if (diagonal && r < qRest) m[row + r] += 1.0;
            }
        }
    }

    /** m[i, j] −= Σ_g w_g v_g[i] v_g[j] over the entries of tile (bi, bj), levels in ascending order. */
    private void subtractUpdate(double[] m, int bi, int bj, double[] levelWeight) {
        final int s = this.s;
        int stride = pattern.blocks + 1;
        int[] seg = pattern.segStart;
        int[][] allCols = cross.crossCols;
        double[][] allVals = cross.crossVals;
        for (int g = 0, levels = cross.levels1; g < levels; g++) {
            int base = g * stride;
            int a0 = seg[base + bi];
            int a1 = seg[base + bi + 1];
            if (a0 == a1) continue;
            int b0 = seg[base + bj];
            int b1 = seg[base + bj + 1];
            if (b0 == b1) continue;
            double w = levelWeight[g];
            int[] cols = allCols[g];
            double[] v = allVals[g];
            boolean diagonal = bi == bj;
            int a = a0;
            // Four rows at a time share the loads of a column's index and value (each entry still
            // gets exactly one term per level, so the order of the sums is unchanged).
            for (; a + 3 < a1; a += 4) {
                int rowA = cols[a] * s;
                int rowB = cols[a + 1] * s;
                int rowC = cols[a + 2] * s;
                int rowD = cols[a + 3] * s;
                double fA = w * v[a];
                double fB = w * v[a + 1];
                double fC = w * v[a + 2];
                double fD = w * v[a + 3];
                int end = diagonal ? a + 1 : b1;
                for (int c = b0; c < end; c++) {
                    int j = cols[c];
                    double vc = v[c];
                    m[rowA + j] -= fA * vc;
                    m[rowB + j] -= fB * vc;
                    m[rowC + j] -= fC * vc;
                    m[rowD + j] -= fD * vc;
                }
                if (diagonal) {
                    // The rest of the triangle: columns a+1 … a+3 of rows a+1 … a+3.
                    for (int c = a + 1; c <= a + 3; c++) {
                        int j = cols[c];
                        double vc = v[c];
                        m[rowD + j] -= fD * vc;
                        if (c <= a + 2) m[rowC + j] -= fC * vc;
                        if (c <= a + 1) m[rowB + j] -= fB * vc;
                    }
                }
            }
            for (; a < a1; a++) {
                int row = cols[a] * s;
                double f = w * v[a];
                int end = diagonal ? a + 1 : b1;
                for (int c = b0; c < end; c++) m[row + cols[c]] -= f * v[c];
            }
        }
    }
}
