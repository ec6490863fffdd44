package lmm.fit;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The symbolic pattern of the dense part of the blocked factor, fixed once: which entries of the
 * lower triangle of [Z_rest, X, y]'s block are nonzero, their Gram values, and (for a scalar first
 * term) the fixed products each class of first-term levels adds to them.
 *
 * <p>Entry e sits at (row, entryCol[e]) for entryRowStart[row] ≤ e < entryRowStart[row + 1]. Its
 * unscaled value is entryGram[e] − Σ_k weight[contribLevel[k]] · contribProduct[k] over
 * contribStart[e] ≤ k < contribStart[e + 1]: the Gram matrix of [Z_rest, X, y] minus the Schur update
 * from the levels of a scalar first term (empty lists when the first term is a vector).
 *
 * <p>Rows are independent, so two halves of equal work may be built on two threads: each entry's
 * value and order are the same whichever thread builds it (no result depends on timing).
 */
final class BlockPattern {
    /** Work below which one thread does it all (a task hand-off costs microseconds). */
    static final long PARALLEL_WORK = 200_000;

    final int s;
    final FirstTerm firstTerm;
    final int[] entryRowStart;
    final int[] entryCol;
    final double[] entryGram;
    final int[] contribStart;
    final int[] contribLevel;
    final double[] contribProduct;
    private final CrossProducts cross;

    BlockPattern(CrossProducts cross, FirstTerm firstTerm, boolean twoThreads) {
        this.cross = cross;
        this.firstTerm = firstTerm;
        int s = cross.s;
        this.s = s;
        int levels1 = cross.levels1;
        double[] restGram = cross.takeRestGram();
        boolean scalarFirst = firstTerm instanceof FirstTerm.Scalar;
        int[] classOf = scalarFirst ? ((FirstTerm.Scalar) firstTerm).classOf() : new int[0];
        int classes = scalarFirst ? ((FirstTerm.Scalar) firstTerm).classes() : 0;
        // For each column of the dense part, the levels whose columns include it (and where).
        int[] colStart = new int[s + 1];
        long[] rowWork = new long[s];
        long total = 0;
        if (scalarFirst) {
            for (int g = 0; g < levels1; g++) {
                int[] cols = cross.crossCols[g];
                for (int a = 0; a < cols.length; a++) {
                    colStart[cols[a] + 1]++;
                    rowWork[cols[a]] += a + 1;
                }
                total += (long) cols.length * (cols.length + 1) / 2;
            }
            if (total > Integer.MAX_VALUE - 16) {
                throw new FitException("the model is too large: the first grouping factor's levels touch too many columns of the others");
            }
        }
        for (int i = 0; i < s; i++) colStart[i + 1] += colStart[i];
        int[] colLevel = new int[colStart[s]];
        int[] colPos = new int[colStart[s]];
        if (scalarFirst) {
            int[] next = Arrays.copyOf(colStart, s);
            for (int g = 0; g < levels1; g++) {
                int[] cols = cross.crossCols[g];
                for (int a = 0; a < cols.length; a++) {
                    int at = next[cols[a]]++;
                    colLevel[at] = g;
                    colPos[at] = a;
                }
            }
        }
        // Rows in two blocks of equal work, built on two threads for large models (independent rows).
        long allWork = 0;
        for (long w : rowWork) allWork += w;
        int split = s;
        if (twoThreads && allWork > PARALLEL_WORK && Runtime.getRuntime().availableProcessors() > 1
                && ForkJoinPool.getCommonPoolParallelism() > 0) {
            long acc = 0;
            for (int i = 0; i < s; i++) {
                acc += rowWork[i];
                if (2 * acc >= allWork) {
                    split = i + 1;
                    break;
                }
            }
        }
        PatternRows lowRows = new PatternRows(0, Math.min(split, s), restGram, colStart, colLevel, colPos, classOf, classes, rowWork);
        PatternRows highRows = new PatternRows(Math.min(split, s), s, restGram, colStart, colLevel, colPos, classOf, classes, rowWork);
        if (split < s) {
            ForkJoinTask<?> other = ForkJoinPool.commonPool().submit(highRows::build);
            lowRows.build();
            other.join();
        } else {
            lowRows.build();
            highRows.build();
        }
        int entries = lowRows.entries + highRows.entries;
        int out = lowRows.out + highRows.out;
        entryRowStart = new int[s + 1];
        for (int i = 0; i < s; i++) {
            PatternRows block = i < lowRows.to ? lowRows : highRows;
            int offset = block == lowRows ? 0 : lowRows.entries;
            entryRowStart[i + 1] = offset + block.rowEnd[i - block.from];
        }
        entryCol = new int[entries];
        entryGram = new double[entries];
        contribStart = new int[entries + 1];
        contribLevel = new int[out];
        contribProduct = new double[out];
        int e0 = 0;
        int k0 = 0;
        for (PatternRows block : new PatternRows[] {lowRows, highRows}) {
            System.arraycopy(block.eCol, 0, entryCol, e0, block.entries);
            System.arraycopy(block.eGram, 0, entryGram, e0, block.entries);
            for (int e = 0; e < block.entries; e++) contribStart[e0 + e] = k0 + block.eStart[e];
            System.arraycopy(block.outLevel, 0, contribLevel, k0, block.out);
            System.arraycopy(block.outProduct, 0, contribProduct, k0, block.out);
            e0 += block.entries;
            k0 += block.out;
        }
        contribStart[entries] = out;
    }

    /**
     * Row where the numeric fill splits in two halves of equal work for two threads, or 0 (one
     * thread: small models, a vector term among the rest, or a single core).
     */
    int splitForTwoThreads(boolean restScalar) {
        if (!(firstTerm instanceof FirstTerm.Scalar) || !restScalar || ForkJoinPool.getCommonPoolParallelism() < 1
                || Runtime.getRuntime().availableProcessors() < 2) {
            return 0;
        }
        long total = (long) entryCol.length + contribLevel.length + (long) s * s / 4;
        if (total < PARALLEL_WORK) return 0;
        long acc = 0;
        for (int i = 0; i < s; i++) {
            int e0 = entryRowStart[i];
            int e1 = entryRowStart[i + 1];
            acc += (e1 - e0) + (contribStart[e1] - contribStart[e0]) + (i + 1) / 2;
            if (2 * acc >= total) return i + 1 < s ? i + 1 : 0;
        }
        return 0;
    }

    /**
     * Builds rows [from, to) of the dense part's pattern (see the fields entryRowStart … contribProduct):
     * per row, the Gram matrix's nonzeros and the contributions of the first term's levels, summed per
     * class of levels. Independent of other rows, so two blocks can be built on two threads.
     */
    private final class PatternRows {
        final int from;
        final int to;
        private final double[] restGram;
        private final int[] colStart;
        private final int[] colLevel;
        private final int[] colPos;
        private final int[] classOf;
        private final int classes;
        private final long[] rowWork;
        int[] rowEnd;
        int[] eCol;
        double[] eGram;
        int[] eStart;
        int[] outLevel;
        double[] outProduct;
        int entries;
        int out;

        PatternRows(int from, int to, double[] restGram, int[] colStart, int[] colLevel, int[] colPos, int[] classOf,
                    int classes, long[] rowWork) {
            this.from = from;
            this.to = to;
            this.restGram = restGram;
            this.colStart = colStart;
            this.colLevel = colLevel;
            this.colPos = colPos;
            this.classOf = classOf;
            this.classes = classes;
            this.rowWork = rowWork;
        }

        void build() {
            int maxRow = 0;
            long total = 0;
            for (int i = from; i < to; i++) {
                maxRow = (int) Math.max(maxRow, rowWork[i]);
                total += rowWork[i];
            }
            int[] tCol = new int[maxRow];
            int[] tClass = new int[maxRow];
            double[] tProd = new double[maxRow];
            int[] uClass = new int[maxRow];
            double[] uProd = new double[maxRow];
            outLevel = new int[(int) total];
            outProduct = new double[(int) total];
            int[] slot = new int[s];
            Arrays.fill(slot, -1);
            rowEnd = new int[to - from];
            eCol = new int[Math.max(16, 4 * (to - from))];
            eGram = new double[eCol.length];
            eStart = new int[eCol.length + 1];
            int[] eCount = new int[maxRow + s + 1];
            double[] classSum = new double[classes];
            int[] seen = new int[classes];
            Arrays.fill(seen, -1);
            int[] present = new int[classes];
            for (int i = from; i < to; i++) {
                // Gather row i's contributions.
                int cnt = 0;
                for (int q = colStart[i]; q < colStart[i + 1]; q++) {
                    int g = colLevel[q];
                    int a = colPos[q];
                    int[] cols = cross.crossCols[g];
                    double[] v = cross.crossVals[g];
                    double va = v[a];
                    int c = classOf[g];
                    for (int b = 0; b <= a; b++) {
                        tCol[cnt] = cols[b];
                        tClass[cnt] = c;
                        tProd[cnt++] = va * v[b];
                    }
                }
                // Entries of row i: the Gram matrix's nonzeros (and the diagonal), then new columns.
                int rowFirst = entries;
                int base = i * s;
                int needed = entries + i + 1 + cnt;
                if (needed > eCol.length) {
                    int cap = Math.max(needed, 2 * eCol.length);
                    eCol = Arrays.copyOf(eCol, cap);
                    eGram = Arrays.copyOf(eGram, cap);
                    eStart = Arrays.copyOf(eStart, cap + 1);
                }
                for (int j = 0; j <= i; j++) {
                    double gv = restGram[base + j];
                    if (gv == 0 && j != i) continue;
                    slot[j] = entries;
                    eCol[entries] = j;
                    eGram[entries++] = gv;
                }
                for (int k = 0; k < cnt; k++) {
                    int j = tCol[k];
                    if (slot[j] < 0) {
                        slot[j] = entries;
                        eCol[entries] = j;
                        eGram[entries++] = 0;
                    }
                }
                int rowEntries = entries - rowFirst;
                // Bucket the contributions by entry (counting sort), then sum them per class.
                Arrays.fill(eCount, 0, rowEntries + 1, 0);
                for (int k = 0; k < cnt; k++) eCount[slot[tCol[k]] - rowFirst + 1]++;
                for (int e = 0; e < rowEntries; e++) eCount[e + 1] += eCount[e];
                for (int k = 0; k < cnt; k++) {
                    int at = eCount[slot[tCol[k]] - rowFirst]++;
                    uClass[at] = tClass[k];
                    uProd[at] = tProd[k];
                }
                // eCount[e] is now the end of entry e's bucket; its start is the previous end.
                int bucketFrom = 0;
                for (int e = 0; e < rowEntries; e++) {
                    int bucketTo = eCount[e];
                    int global = rowFirst + e;
                    eStart[global] = out;
                    int count = 0;
                    for (int k = bucketFrom; k < bucketTo; k++) {
                        int c = uClass[k];
                        if (seen[c] != global) {
                            seen[c] = global;
                            classSum[c] = 0;
                            present[count++] = c;
                        }
                        classSum[c] += uProd[k];
                    }
                    for (int q = 0; q < count; q++) {
                        outLevel[out] = present[q];
                        outProduct[out++] = classSum[present[q]];
                    }
                    bucketFrom = bucketTo;
                }
                for (int e = rowFirst; e < entries; e++) slot[eCol[e]] = -1;
                rowEnd[i - from] = entries;
            }
            eStart[entries] = out;
        }
    }

}
