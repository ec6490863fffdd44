package lmm.fit;

import java.util.concurrent.ForkJoinPool;

/**
 * The symbolic layout of the dense part of the blocked factor (the lower triangle of the block over
 * [Z_rest, X, y], order s), fixed once, row by row: the Gram matrix's nonzeros of each row, and for a
 * scalar first term which of its levels touch each row.
 *
 * <p>The first term's rank update Σ_g w_g v_g v_g' (see {@link DenseBlockFill}) is organised by rows
 * of the result rather than by levels: row i receives, from each level g whose columns include i,
 * w_g v_g[i] times the part of v_g at columns ≤ i, which is a prefix of g's ascending column list.
 * The writes of one level's contribution then all land in one row (at most s doubles, within a
 * core's L1 or L2 cache) and read g's columns in order, so the update runs at the speed of its
 * multiply-adds instead of the cache misses of writes scattered over the whole s × s block. Each
 * entry is written by the one thread that owns its row, levels in ascending order, so one thread and
 * two give the same sums. Levels dense enough to be cheaper as BLAS level 3 ({@link DensePanel})
 * are left out of these lists.
 *
 * <p>Besides the Gram nonzeros (O(s) for crossed scalar terms) the pattern holds two integers per
 * nonzero of the first term's cross-products (what {@link CrossProducts} holds one of already).
 */
final class BlockPattern {
    /** Work (multiply-adds and zeroed entries) below which one thread does it all (a hand-off costs microseconds). */
    static final long PARALLEL_WORK = 200_000;
    /**
     * Cost of one level's visit to a row (fetching its column list and weight, mostly cache misses),
     * in multiply-adds: ≈ 20 ns against ≈ 1.1 ns per multiply-add (C2), measured at 10⁶ rows. Counting
     * the visits balances the two threads' halves (counting multiply-adds alone left the first half,
     * whose rows see many levels with short prefixes, ≈ 20 % longer on the MovieLens-shaped model).
     */
    static final int VISIT_WORK = 24;
    /** Cost of one class segment of a row summed by class ({@link ClassUpdate}): a weight read and a loop, in multiply-adds. */
    static final int SEGMENT_WORK = 4;

    final int s;
    final FirstTerm firstTerm;
    /** Gram nonzeros (and every diagonal entry) of row i: gramStart[i] ≤ e < gramStart[i + 1], at column gramCol[e] ≤ i, value gramVal[e]. */
    final int[] gramStart;
    final int[] gramCol;
    final double[] gramVal;
    /**
     * For a scalar first term, the levels touching row i: updateStart[i] ≤ e < updateStart[i + 1],
     * level updateLevel[e] (ascending within a row), where i is crossCols[level][updatePos[e]];
     * empty for a vector first term.
     */
    final int[] updateStart;
    final int[] updateLevel;
    final int[] updatePos;
    /** For a scalar first term, per level g not in the panel: how many leading entries of crossVals[g] are exactly 1 (the fill skips those products). */
    final int[] unitPrefix;
    /** Rows [0, split) for one thread and [split, s) for the other, of about equal work; split = s for one thread. */
    final int split;
    /** Multiply-adds of the first term's scattered rank update per evaluation: Σ_g nnz_g (nnz_g + 1) / 2 over the levels not in the panel. */
    final long updateWork;

    /**
     * The first term's levels whose update goes through the BLAS panel ({@link DensePanel}) instead
     * of the scatter, ascending; they are left out of updateStart/updateLevel/updatePos.
     */
    final int[] panelLevels;
    /** Per level of the first term its index in panelLevels, or −1. */
    final int[] panelIndex;

    /**
     * For a scalar first term whose update is summed by class ({@link ClassUpdate}), its
     * coefficients (the fill then reads these rather than the per-row level lists); else null.
     */
    final ClassUpdate classUpdate;

    BlockPattern(CrossProducts cross, FirstTerm firstTerm, boolean twoThreads) {
        this(cross, firstTerm, twoThreads, DensePanel.chooseLevels(cross), true);
    }

    /**
     * With the panel's levels given, and whether a scalar first term's update may be summed by class
     * when small enough (tests and benchmarks force each path with these).
     */
    BlockPattern(CrossProducts cross, FirstTerm firstTerm, boolean twoThreads, int[] panelLevels, boolean byClass) {
        this.firstTerm = firstTerm;
        this.panelLevels = panelLevels.clone();
        panelIndex = new int[cross.levels1];
        java.util.Arrays.fill(panelIndex, -1);
        for (int j = 0; j < panelLevels.length; j++) panelIndex[panelLevels[j]] = j;
        int s = cross.s;
        this.s = s;
        if ((long) s * s > Integer.MAX_VALUE - 16) {
            throw new FitException("the model is too large: the dense block over the grouping factors after the first has "
                    + s + " columns (at most 46 340)");
        }

        // The Gram nonzeros (and every diagonal entry), row by row.
        double[] restGram = cross.takeRestGram();
        gramStart = new int[s + 1];
        for (int i = 0; i < s; i++) {
            int base = i * s;
            int count = 0;
            for (int j = 0; j <= i; j++) if (restGram[base + j] != 0 || j == i) count++;
            gramStart[i + 1] = gramStart[i] + count;
        }
        gramCol = new int[gramStart[s]];
        gramVal = new double[gramStart[s]];
        for (int i = 0, at = 0; i < s; i++) {
            int base = i * s;
            for (int j = 0; j <= i; j++) {
                double v = restGram[base + j];
                if (v != 0 || j == i) {
                    gramCol[at] = j;
                    gramVal[at++] = v;
                }
            }
        }

        // Work per row: the zeroed entries and the Gram values, plus a scalar first term's level visits and multiply-adds.
        long[] work = new long[s];
        for (int i = 0; i < s; i++) work[i] = i + 1 + (gramStart[i + 1] - gramStart[i]);
        long update = 0;
        if (firstTerm instanceof FirstTerm.Scalar) {
            int levels = cross.levels1;
            updateStart = new int[s + 1];
            for (int g = 0; g < levels; g++) {
                if (panelIndex[g] >= 0) continue;
                for (int c : cross.crossCols[g]) updateStart[c + 1]++;
            }
            for (int i = 0; i < s; i++) updateStart[i + 1] += updateStart[i];
            updateLevel = new int[updateStart[s]];
            updatePos = new int[updateStart[s]];
            int[] next = java.util.Arrays.copyOf(updateStart, s);
            unitPrefix = new int[levels];
            for (int g = 0; g < levels; g++) {
                if (panelIndex[g] >= 0) continue;
                int[] cols = cross.crossCols[g];
                for (int k = 0; k < cols.length; k++) {
                    int at = next[cols[k]]++;
                    updateLevel[at] = g;
                    updatePos[at] = k;
                    work[cols[k]] += VISIT_WORK + k + 1;
                }
                update += (long) cols.length * (cols.length + 1) / 2;
                double[] vals = cross.crossVals[g];
                int ones = 0;
                while (ones < vals.length && vals[ones] == 1.0) ones++;
                unitPrefix[g] = ones;
            }
        } else {
            updateStart = new int[0];
            updateLevel = new int[0];
            updatePos = new int[0];
            unitPrefix = new int[0];
        }
        updateWork = update;

        // Summed by class when that stores little (its build costs about one scatter, so it is not
        // tried when the scatter's work alone is far beyond what it may store).
        ClassUpdate summed = null;
        if (byClass && firstTerm instanceof FirstTerm.Scalar scalar
                && update <= 2 * ClassUpdate.MAX_ENTRIES_PER_ENTRY * ((double) s * (s + 1) / 2)) {
            summed = ClassUpdate.of(cross, scalar, panelIndex, update);
        }
        classUpdate = summed;
        if (summed != null) {
            // an evaluation's work per row: its zeroed entries, Gram values and stored coefficients
            for (int i = 0; i < s; i++) {
                work[i] = i + 1 + (gramStart[i + 1] - gramStart[i]) + summed.entriesOfRow(i)
                        + (long) SEGMENT_WORK * (summed.rowStart[i + 1] - summed.rowStart[i]);
            }
        }

        long total = 0;
        for (long w : work) total += w;
        int cut = s;
        if (twoThreads && total > PARALLEL_WORK && s > 1 && Runtime.getRuntime().availableProcessors() > 1
                && ForkJoinPool.getCommonPoolParallelism() > 0) {
            long acc = 0;
            for (int i = 0; i < s; i++) {
                acc += work[i];
                if (2 * acc >= total) {
                    cut = i + 1;
                    break;
                }
            }
        }
        split = cut;
    }

    /** Nonzeros stored for the Gram matrix (for benchmarks). */
    int gramNonzeros() {
        return gramCol.length;
    }
}
