package lmm.fit;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.Arrays;

/**
 * The first term's densest levels taken out of the scattered update of the dense block and done as
 * one BLAS level-3 call instead. A level g whose column list covers a good part of the s columns of
 * [Z_rest, X, y] contributes k₁ rows p to the update Σ p p' (for a scalar first term the one row
 * √w_g D v_g, see {@link DenseBlockFill}; for a vector one the k₁ rows of its block of L21). Those
 * rows are laid out once at their columns in a dense panel (rows × s, zeros elsewhere, the
 * positions fixed by the pattern, so each θ overwrites the same entries), and the panel's Gram
 * matrix is subtracted by one dsyrk. A row-major panel is a column-major s × rows matrix A and the
 * row-major lower triangle of the block is the column-major upper one, so the call is
 * dsyrk("U", "N", s, rows, −1, A, s, 1, C, s).
 *
 * <p>Which levels: the scatter costs a level about {@link #SCATTER_NS} per multiply-add, k₁ nnz²/2
 * of them; a panel row costs {@link #SYRK_NS} per multiply-add of the s(s+1)/2 of a rank-one update
 * of the whole triangle, however few columns the level has, plus one pass over the triangle per call
 * ({@link #SYRK_PASS_NS} per entry). So a level goes to the panel when nnz/s exceeds about
 * √(SYRK_NS / SCATTER_NS), and the panel is used at all only when what its levels save pays for the
 * pass. The choice depends only on the model's sizes and these constants (never on a timing taken at
 * run time), so the same input takes the same path and gives the same bytes on every run. Only with
 * an optimised native BLAS: in pure Java a dense syrk is no faster than the scatter.
 */
final class DensePanel {
    /**
     * Time per multiply-add of the row-wise scatter on one thread: 1.0 ns measured by FillBench on
     * the MovieLens-shaped 10⁶-row model under C2 (1.5 ns under C1, what one-shot commands run; one
     * constant for both, so that the language server and the command line choose the same levels and
     * give the same bytes); two threads halve it.
     */
    static final double SCATTER_NS = 1.0;
    /** Wall time per multiply-add of OpenBLAS dsyrk into a 3 706² block on two cores (≈ 55 GFLOPS). */
    static final double SYRK_NS = 0.036;
    /** Wall time per entry of the triangle of one dsyrk call of small rank (reading and writing the block: ≈ 5 ms at s = 3 706). */
    static final double SYRK_PASS_NS = 0.75;
    /** Below this order the whole block is small (its update a few milliseconds at most) and stays in the scatter. */
    static final int MIN_ORDER = 512;

    private final int s;
    private final int k1;
    /** The panel's levels of the first term, ascending. */
    final int[] levels;
    private final int rows;
    private final BLAS blas;
    /** rows × s row-major; allocated on first use. */
    private double[] panel;

    DensePanel(int s, int k1, int[] levels) {
        this.s = s;
        this.k1 = k1;
        this.levels = levels.clone();
        this.rows = levels.length * k1;
        this.blas = levels.length == 0 ? null : blas();
    }

    boolean isEmpty() {
        return rows == 0;
    }

    /** Rows of the panel (k₁ per level). */
    int rows() {
        return rows;
    }

    /** For a scalar first term: row j is √w_g · D v_g at g's columns (D = colScale, or I when null), g = levels[j]. */
    void setScalarRows(CrossProducts cross, double[] levelWeight, double[] colScale) {
        double[] p = panel();
        for (int j = 0; j < levels.length; j++) {
            int g = levels[j];
            int[] cols = cross.crossCols[g];
            double[] v = cross.crossVals[g];
            double f = Math.sqrt(levelWeight[g]);
            int base = j * s;
            if (colScale == null) {
                for (int c = 0; c < cols.length; c++) p[base + cols[c]] = f * v[c];
            } else {
                for (int c = 0; c < cols.length; c++) p[base + cols[c]] = f * v[c] * colScale[cols[c]];
            }
        }
    }

    /** Rows index·k₁ … of the panel: the k₁ × nnz block b (row-major) at the columns cols, for levels[index]. */
    void setRows(int index, int[] cols, double[] b) {
        double[] p = panel();
        int nnz = cols.length;
        for (int r = 0; r < k1; r++) {
            int base = (index * k1 + r) * s;
            int br = r * nnz;
            for (int c = 0; c < nnz; c++) p[base + cols[c]] = b[br + c];
        }
    }

    /** m (row-major lower triangle, order s) −= the Gram matrix of the panel's rows. */
    void subtractFrom(double[] m) {
        if (rows == 0) return;
        blas.dsyrk("U", "N", s, rows, -1.0, panel(), 0, s, 1.0, m, 0, s);
    }

    private double[] panel() {
        if (panel == null) panel = new double[rows * s];
        return panel;
    }

    /**
     * The levels the fill of this model sends to the panel (none without an optimised native BLAS).
     * Costed for the scatter on two threads whatever the fill runs on, so that one thread and two
     * take the same levels and give the same bytes.
     */
    static int[] chooseLevels(CrossProducts cross) {
        if (cross.s < MIN_ORDER || !nativeBlasInUse()) return new int[0];
        return byCost(cross.crossCols, cross.k1, cross.s, SCATTER_NS / 2);
    }

    /**
     * The levels whose scatter (scatterNs per multiply-add) costs more than their panel rows, densest
     * first up to a panel of s rows (never larger than the block itself); none when their saving does
     * not pay for the dsyrk's pass over the triangle. Ascending.
     */
    static int[] byCost(int[][] crossCols, int k1, int s, double scatterNs) {
        double triangle = (double) s * (s + 1) / 2;
        double rowCost = SYRK_NS * triangle;
        Integer[] order = new Integer[crossCols.length];
        for (int g = 0; g < order.length; g++) order[g] = g;
        Arrays.sort(order, (a, b) -> crossCols[a].length != crossCols[b].length
                ? Integer.compare(crossCols[b].length, crossCols[a].length) : Integer.compare(a, b));
        int count = 0;
        double saving = 0;
        for (int g : order) {
            long nnz = crossCols[g].length;
            double gain = scatterNs * nnz * (nnz + 1) / 2 - rowCost;
            if (gain <= 0 || (long) (count + 1) * k1 > s) break;
            saving += k1 * gain;
            count++;
        }
        if (saving <= SYRK_PASS_NS * triangle) return new int[0];
        int[] chosen = new int[count];
        for (int i = 0; i < count; i++) chosen[i] = order[i];
        Arrays.sort(chosen);
        return chosen;
    }

    /** The levels with at least density · s columns, ascending (tests and benchmarks force the panel with it). */
    static int[] atLeast(int[][] crossCols, int s, double density) {
        return java.util.stream.IntStream.range(0, crossCols.length)
                .filter(g -> crossCols[g].length >= density * s).toArray();
    }

    /** True when the process uses the native library (the choice of {@link CholeskySelection}) and its BLAS loaded. */
    static boolean nativeBlasInUse() {
        // resolved() waits for the loader thread: the native libraries are loaded there only.
        return CholeskySelection.resolved().large() == LapackDenseCholesky.INSTANCE && NativeLapack.nativeBlas().isPresent();
    }

    private static BLAS blas() {
        return nativeBlasInUse() ? NativeLapack.nativeBlas().get() : JavaBLAS.getInstance();
    }
}
