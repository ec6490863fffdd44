package lmm.fit;

import java.util.concurrent.ForkJoinPool;

/**
 * The symbolic layout of the dense part of the blocked factor (the lower triangle of the block over
 * [Z_rest, X, y], order s), fixed once: its tiles, the Gram matrix's nonzeros in each tile, and for
 * a scalar first term where each of its levels' columns fall among the tiles.
 *
 * <p>The lower triangle is cut into square tiles of {@link #TILE} × {@link #TILE} entries (128 KB,
 * within a core's L2 cache), listed by row block and then column block. The numeric fill
 * ({@link DenseBlockFill}) works tile by tile: the scattered writes of the first term's rank update
 * then hit cache, and each entry belongs to exactly one tile, so a split of the tiles between two
 * threads sums every entry in the same order as one thread does.
 *
 * <p>Nothing here grows with the first term's contributions: besides the Gram nonzeros (O(s) for
 * crossed scalar terms) the pattern holds {@link #segStart}, levels₁ × (blocks + 1) integers.
 */
final class BlockPattern {
    /** Edge of a tile (entries). */
    static final int TILE = 128;
    /** Work (multiply-adds and zeroed entries) below which one thread does it all (a hand-off costs microseconds). */
    static final long PARALLEL_WORK = 200_000;

    final int s;
    final FirstTerm firstTerm;
    /** Number of row (and column) blocks: ⌈s / TILE⌉. */
    final int blocks;
    /** Tile t covers rows of block tileRow[t] and columns of block tileCol[t] ≤ tileRow[t]. */
    final int[] tileRow;
    final int[] tileCol;
    /** Gram nonzeros of tile t: gramStart[t] ≤ e < gramStart[t + 1], at dense index gramPos[e] (i·s + j), value gramVal[e]. */
    final int[] gramStart;
    final int[] gramPos;
    final double[] gramVal;
    /**
     * For a scalar first term, per level g: segStart[g·(blocks + 1) + b] is the first index into
     * crossCols[g] of a column in block b or later (crossCols[g] is ascending); empty otherwise.
     */
    final int[] segStart;
    /** Tiles [0, split) for one thread and [split, tiles) for the other, of about equal work; split = tiles for one thread. */
    final int split;
    /** Multiply-adds of the first term's rank update per evaluation: Σ_g nnz_g (nnz_g + 1) / 2. */
    final long updateWork;

    BlockPattern(CrossProducts cross, FirstTerm firstTerm, boolean twoThreads) {
        this.firstTerm = firstTerm;
        int s = cross.s;
        this.s = s;
        if ((long) s * s > Integer.MAX_VALUE - 16) {
            throw new FitException("the model is too large: the dense block over the grouping factors after the first has "
                    + s + " columns (at most 46 340)");
        }
        int blocks = (s + TILE - 1) / TILE;
        this.blocks = blocks;
        int tiles = blocks * (blocks + 1) / 2;
        tileRow = new int[tiles];
        tileCol = new int[tiles];
        int[] tileOf = new int[blocks * blocks];
        for (int bi = 0, t = 0; bi < blocks; bi++) {
            for (int bj = 0; bj <= bi; bj++, t++) {
                tileRow[t] = bi;
                tileCol[t] = bj;
                tileOf[bi * blocks + bj] = t;
            }
        }

        // The Gram nonzeros (and every diagonal entry), bucketed by tile (counting sort; row order within a tile).
        double[] restGram = cross.takeRestGram();
        gramStart = new int[tiles + 1];
        int nonzeros = 0;
        for (int i = 0; i < s; i++) {
            int base = i * s;
            int bi = i / TILE;
            for (int j = 0; j <= i; j++) {
                if (restGram[base + j] != 0 || j == i) {
                    gramStart[tileOf[bi * blocks + j / TILE] + 1]++;
                    nonzeros++;
                }
            }
        }
        for (int t = 0; t < tiles; t++) gramStart[t + 1] += gramStart[t];
        gramPos = new int[nonzeros];
        gramVal = new double[nonzeros];
        int[] next = java.util.Arrays.copyOf(gramStart, tiles);
        for (int i = 0; i < s; i++) {
            int base = i * s;
            int bi = i / TILE;
            for (int j = 0; j <= i; j++) {
                double v = restGram[base + j];
                if (v != 0 || j == i) {
                    int at = next[tileOf[bi * blocks + j / TILE]]++;
                    gramPos[at] = base + j;
                    gramVal[at] = v;
                }
            }
        }

        // Work per tile: the zeroed entries, plus the rank update's multiply-adds of a scalar first term.
        long[] work = new long[tiles];
        for (int t = 0; t < tiles; t++) {
            long rows = Math.min(s, (tileRow[t] + 1) * TILE) - (long) tileRow[t] * TILE;
            work[t] = tileRow[t] == tileCol[t] ? rows * (rows + 1) / 2 : rows * TILE;
        }
        long update = 0;
        if (firstTerm instanceof FirstTerm.Scalar) {
            int levels = cross.levels1;
            segStart = new int[levels * (blocks + 1)];
            int[] count = new int[blocks];
            for (int g = 0; g < levels; g++) {
                int[] cols = cross.crossCols[g];
                int base = g * (blocks + 1);
                int a = 0;
                for (int b = 0; b <= blocks; b++) {
                    int from = b * TILE;
                    while (a < cols.length && cols[a] < from) a++;
                    segStart[base + b] = a;
                }
                for (int b = 0; b < blocks; b++) count[b] = segStart[base + b + 1] - segStart[base + b];
                for (int bi = 0; bi < blocks; bi++) {
                    if (count[bi] == 0) continue;
                    for (int bj = 0; bj < bi; bj++) work[tileOf[bi * blocks + bj]] += (long) count[bi] * count[bj];
                    work[tileOf[bi * blocks + bi]] += (long) count[bi] * (count[bi] + 1) / 2;
                }
                update += (long) cols.length * (cols.length + 1) / 2;
            }
        } else {
            segStart = new int[0];
        }
        updateWork = update;

        long total = 0;
        for (long w : work) total += w;
        int cut = tiles;
        if (twoThreads && total > PARALLEL_WORK && tiles > 1 && Runtime.getRuntime().availableProcessors() > 1
                && ForkJoinPool.getCommonPoolParallelism() > 0) {
            long acc = 0;
            for (int t = 0; t < tiles; t++) {
                acc += work[t];
                if (2 * acc >= total) {
                    cut = t + 1 < tiles ? t + 1 : tiles;
                    break;
                }
            }
        }
        split = cut;
    }

    int tiles() {
        return tileRow.length;
    }
}
