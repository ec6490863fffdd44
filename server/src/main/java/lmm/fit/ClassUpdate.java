package lmm.fit;

import java.util.Arrays;

/**
 * A scalar first term's Schur update Σ_g w_g v_g v_g' (see {@link DenseBlockFill}) summed once,
 * before the fit, over the levels of each class: w_g depends on θ only through the class of g (the
 * levels with equal Z₁g'Z₁g, {@link FirstTerm.Scalar}), so entry (i, j) of the update is
 * <pre>
 *   Σ_c w_c K_c(i, j),   K_c(i, j) = Σ_{g in class c} v_g[i] v_g[j],
 * </pre>
 * and the K_c are fixed. An evaluation then reads one stored coefficient per (row, column, class)
 * in order, a stream, instead of visiting every level of every row (one cache miss per visit) and
 * multiplying its terms again: on the InstEval-shaped model 1.7 million stored coefficients replace
 * 2.6 million multiply-adds and 83 000 level visits. Built only when the coefficients number at most
 * {@link #MAX_ENTRIES_PER_ENTRY} per entry of the dense triangle (so its memory stays within a small
 * multiple of the dense block's); a design whose first-term levels are long (the MovieLens-shaped
 * one, whose users rate hundreds of movies each) keeps the scatter, which stores nothing per
 * contribution.
 *
 * <p>Layout: row i has the segments [rowStart[i], rowStart[i + 1]), one per class touching it, in
 * ascending order of class; segment t holds the columns col[e] and coefficients coef[e] for
 * segStart[t] ≤ e &lt; segStart[t + 1], and segLevel[t] is a level of its class (where the fill reads
 * the class's weight). Each coefficient is the sum over its class's levels in ascending order of
 * level, so the numbers are fixed by the data alone.
 */
final class ClassUpdate {
    /**
     * At most this many stored coefficients per entry of the dense lower triangle: 10 bytes each, so
     * at most 15 s² bytes, less than the 16 s² of the fit's two dense blocks (the factor and the one
     * kept at the best θ). The InstEval-shaped design stores 2.7.
     */
    static final double MAX_ENTRIES_PER_ENTRY = 3.0;

    final int[] rowStart;
    final int[] segStart;
    final int[] segLevel;
    /** Columns (the dense block's order is below 46 341, so a char holds one). */
    final char[] col;
    final double[] coef;

    private ClassUpdate(int[] rowStart, int[] segStart, int[] segLevel, char[] col, double[] coef) {
        this.rowStart = rowStart;
        this.segStart = segStart;
        this.segLevel = segLevel;
        this.col = col;
        this.coef = coef;
    }

    /** Stored coefficients (what an evaluation reads). */
    int entries() {
        return col.length;
    }

    /** Stored coefficients of row i. */
    int entriesOfRow(int i) {
        return segStart[rowStart[i + 1]] - segStart[rowStart[i]];
    }

    /**
     * Sums the update by class, or returns null when that would store more than
     * {@link #MAX_ENTRIES_PER_ENTRY} coefficients per entry of the triangle (then it stops as soon as
     * it knows). Levels with panelIndex ≥ 0 are left out (the BLAS panel subtracts them).
     */
    static ClassUpdate of(CrossProducts cross, FirstTerm.Scalar first, int[] panelIndex, long updateWork) {
        int s = cross.s;
        long triangle = (long) s * (s + 1) / 2;
        long cap = (long) Math.min(Integer.MAX_VALUE - 16, MAX_ENTRIES_PER_ENTRY * triangle);
        int levels = cross.levels1;
        int[] classOf = first.classOf();
        int classes = first.classes();
        int[][] allCols = cross.crossCols;
        double[][] allVals = cross.crossVals;

        // The levels ordered by class, ascending within a class (a counting sort), panel levels left out.
        int[] classStart = new int[classes + 1];
        for (int g = 0; g < levels; g++) if (panelIndex[g] < 0) classStart[classOf[g] + 1]++;
        for (int c = 0; c < classes; c++) classStart[c + 1] += classStart[c];
        int[] byClass = new int[classStart[classes]];
        int[] next = Arrays.copyOf(classStart, classes);
        for (int g = 0; g < levels; g++) if (panelIndex[g] < 0) byClass[next[classOf[g]]++] = g;

        // Each row's visits (level, position of the row in the level's columns) in that order.
        int[] visitStart = new int[s + 1];
        for (int g : byClass) for (int c : allCols[g]) visitStart[c + 1]++;
        for (int i = 0; i < s; i++) visitStart[i + 1] += visitStart[i];
        int[] visitLevel = new int[visitStart[s]];
        int[] visitPos = new int[visitStart[s]];
        int[] at = Arrays.copyOf(visitStart, s);
        for (int g : byClass) {
            int[] cols = allCols[g];
            for (int k = 0; k < cols.length; k++) {
                int e = at[cols[k]]++;
                visitLevel[e] = g;
                visitPos[e] = k;
            }
        }

        // At most one segment per visit and one coefficient per multiply-add of the scatter: sized
        // once (no copies while growing), trimmed at the end.
        int[] rowStart = new int[s + 1];
        int[] segStart = new int[visitStart[s] + 1];
        int[] segLevel = new int[visitStart[s]];
        int segments = 0;
        int size = (int) Math.min(cap, updateWork);
        char[] col = new char[size];
        double[] coef = new double[size];
        int n = 0;
        double[] acc = new double[s];
        int[] mark = new int[s];
        Arrays.fill(mark, -1);
        int[] touched = new int[s + 1];
        int stamp = 0;
        for (int i = 0; i < s; i++) {
            rowStart[i] = segments;
            int e = visitStart[i], end = visitStart[i + 1];
            while (e < end) {
                int cls = classOf[visitLevel[e]];
                int rep = visitLevel[e];
                int count = 0;
                for (; e < end && classOf[visitLevel[e]] == cls; e++) {
                    int g = visitLevel[e];
                    count = accumulate(allCols[g], allVals[g], visitPos[e], acc, mark, stamp, touched, count);
                }
                stamp++;
                if (n + count > size) return null;
                // in the order first touched (the row buffer they go to is in L1 whatever the order)
                segStart[segments] = n;
                segLevel[segments++] = rep;
                for (int t = 0; t < count; t++) {
                    int j = touched[t];
                    col[n] = (char) j;
                    coef[n++] = acc[j];
                    acc[j] = 0;
                }
            }
        }
        rowStart[s] = segments;
        segStart[segments] = n;
        return new ClassUpdate(rowStart, Arrays.copyOf(segStart, segments + 1), Arrays.copyOf(segLevel, segments),
                n == size ? col : Arrays.copyOf(col, n), n == size ? coef : Arrays.copyOf(coef, n));
    }

    /**
     * One visit: acc[cols[c]] += v[k] v[c] for c ≤ k, appending the columns new to the segment
     * (mark ≠ stamp) to touched; returns the new count. A method of its own so that the JIT compiles
     * it after a few hundred calls, where the loop inlined in the build ran for long as slow
     * on-stack-replaced code (the build runs once per fit).
     */
    private static int accumulate(int[] cols, double[] v, int k, double[] acc, int[] mark, int stamp, int[] touched, int count) {
        double f = v[k];
        for (int c = 0; c <= k; c++) {
            // without a branch (whether a column is new to the segment is a coin toss)
            int j = cols[c];
            touched[count] = j;
            count += mark[j] != stamp ? 1 : 0;
            mark[j] = stamp;
            acc[j] += f * v[c];
        }
        return count;
    }
}
