package lmm.fit;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;
import org.ejml.data.DMatrixRMaj;

/**
 * lme4's profiled deviance (ML) or REML criterion as a function of θ, evaluated with a blocked
 * Cholesky factor in the style of MixedModels.jl.
 *
 * <p>Columns are ordered [Z₁, Z_rest, X, y] where Z₁ is the term with most levels (lme4's first) and
 * Z_rest the other terms. The factor of the augmented system
 * <pre>
 *   [ Λ'Z'ZΛ + I   Λ'Z'X   Λ'Z'y ]
 *   [              X'X     X'y   ]
 *   [                      y'y   ]
 * </pre>
 * is kept in three pieces:
 * <ul>
 *   <li>L11: block diagonal, one k₁ × k₁ factor per level of term 1 (Z₁'Z₁ is block diagonal);</li>
 *   <li>L21: for each level of term 1, the few columns of [Z_rest Λ_rest, X, y] its rows touch
 *       (sparse by level, dense within);</li>
 *   <li>a dense factor of the Schur complement over [Z_rest, X, y], which fills in for crossed
 *       designs and is therefore stored dense (its order is q_rest + p + 1, never q₁).</li>
 * </ul>
 * The cross-products are accumulated once, from the level indices, in the constructor; an
 * evaluation only rescales them by Λ. Nothing is O(n) per evaluation and nothing is O(q₁²).
 *
 * <p>Not thread-safe: one instance per fit.
 */
final class ProfiledDeviance {
    private final ThetaLayout layout;
    private final List<RandomTerm> terms;
    private final boolean reml;
    private final int n;
    private final int p;
    private final DMatrixRMaj x;
    private final double[] y;
    private final DenseCholesky cholesky;

    // Term 1 (most levels).
    private final int k1;
    private final int levels1;
    /** Per level g of term 1: Z₁g'Z₁g, k₁ × k₁ row-major. */
    private final double[][] firstGram;
    /** Per level g of term 1: the columns of [Z_rest, X, y] its rows touch, ascending; always ends with X's and y's. */
    private final int[][] crossCols;
    /** Per level g of term 1: Z₁g'[Z_rest, X, y] on crossCols, k₁ × nnz row-major. */
    private final double[][] crossVals;

    // Terms 2..m, X and y.
    /** Per term t ≥ 1: first column of its block in [Z_rest, X, y]. */
    private final int[] restOffset;
    /** For each Z_rest column, the term it belongs to. */
    private final int[] restTermOf;
    private final int qRest;
    /** Order of the dense part: q_rest + p + 1. */
    private final int s;
    /** True when every term after the first is scalar: Λ_rest is then diagonal and applied entry by entry. */
    private final boolean restScalar;
    /** Per column of [Z_rest, X, y]: its term's λ for scalar terms (set per evaluation), 1 for X and y. */
    private final double[] colScale;

    // The lower triangle of the dense part before scaling, as a sparse pattern fixed once ("symbolic"):
    // entry e sits at (row, entryCol[e]) for entryRowStart[row] ≤ e < entryRowStart[row + 1]. Its
    // unscaled value is entryGram[e] − Σ_k weight[contribLevel[k]] · contribProduct[k] over
    // contribStart[e] ≤ k < contribStart[e + 1]: the Gram matrix of [Z_rest, X, y] minus the
    // Schur update from the levels of a scalar first term (empty lists when the first term is a vector).
    private final int[] entryRowStart;
    private final int[] entryCol;
    private final double[] entryGram;
    private final int[] contribStart;
    private final int[] contribLevel;
    private final double[] contribProduct;
    /**
     * Per class of levels of a scalar first term (levels with equal Z₁g'Z₁g): that value, and the
     * number of levels in the class. contribLevel holds class ids.
     */
    private final double[] firstGramScalar;
    private final int[] firstClassSize;
    /**
     * Row where the fast fill splits in two halves of equal work for two threads (0: one thread, for
     * small models or a single core).
     */
    private final int fillSplit;
    /** Per class, set per evaluation: λ₁² / (λ₁² Z₁g'Z₁g + 1). */
    private final double[] weight;

    // State of the last evaluation.
    private final double[][] l11;
    private final double[][] l21;
    private final double[] dense;
    private final double[][] lambdas;
    private final double[] diagonalScale;
    private final double[] blockWork;
    private double[] lastTheta;
    /** True when the last factorisation also filled l11 and l21 (needed by solve). */
    private boolean lastFull;
    private boolean lastOk;
    /** Time spent forming the dense part (fast path) and in the dense Cholesky, and how many factorisations. */
    long fillNanos;
    long choleskyNanos;
    int factorizations;
    private double logDetL2;
    private double logDetRX2;
    private double pwrss;

    ProfiledDeviance(DesignMatrices d, ThetaLayout layout, boolean reml, DenseCholesky cholesky) {
        this.layout = layout;
        this.terms = layout.terms();
        this.reml = reml;
        this.n = d.n();
        this.p = d.p();
        this.x = d.x();
        this.y = d.y();
        this.cholesky = cholesky;
        int m = terms.size();
        if (m == 0) throw new IllegalArgumentException("a mixed model needs at least one random term");
        RandomTerm first = terms.get(0);
        k1 = first.k();
        levels1 = first.levelCount();

        restOffset = new int[m];
        int off = 0;
        for (int t = 1; t < m; t++) {
            restOffset[t] = off;
            off += terms.get(t).columnCount();
        }
        qRest = off;
        s = qRest + p + 1;
        restTermOf = new int[qRest];
        for (int t = 1; t < m; t++) {
            Arrays.fill(restTermOf, restOffset[t], restOffset[t] + terms.get(t).columnCount(), t);
        }

        // The nonzeros of one row of [Z_rest, X, y], in ascending column order.
        int width = p + 1;
        for (int t = 1; t < m; t++) width += terms.get(t).k();
        int[] rowIdx = new int[width];
        double[] rowVal = new double[width];

        double[] restGram = new double[s * s];
        for (int i = 0; i < n; i++) {
            rowNonzeros(i, rowIdx, rowVal);
            for (int a = 0; a < width; a++) {
                double va = rowVal[a];
                if (va == 0) continue;
                int base = rowIdx[a] * s;
                for (int b = 0; b <= a; b++) restGram[base + rowIdx[b]] += va * rowVal[b];
            }
        }

        // Rows of each level of term 1 (counting sort).
        int[] refs1 = first.refs();
        int[] start = new int[levels1 + 1];
        for (int i = 0; i < n; i++) start[refs1[i] + 1]++;
        for (int g = 0; g < levels1; g++) start[g + 1] += start[g];
        int[] rows = new int[n];
        int[] fill = Arrays.copyOf(start, levels1);
        for (int i = 0; i < n; i++) rows[fill[refs1[i]]++] = i;

        double[][] z1 = first.z();
        firstGram = new double[levels1][];
        crossCols = new int[levels1][];
        crossVals = new double[levels1][];
        int[] pos = new int[s];
        Arrays.fill(pos, -1);
        int[] touched = new int[Math.max(qRest, 1)];
        for (int g = 0; g < levels1; g++) {
            int count = 0;
            for (int r = start[g]; r < start[g + 1]; r++) {
                rowNonzeros(rows[r], rowIdx, rowVal);
                for (int a = 0; a < width - p - 1; a++) {
                    int col = rowIdx[a];
                    if (pos[col] < 0) {
                        pos[col] = 0;
                        touched[count++] = col;
                    }
                }
            }
            int[] cols = new int[count + p + 1];
            System.arraycopy(touched, 0, cols, 0, count);
            Arrays.sort(cols, 0, count);
            for (int j = 0; j <= p; j++) cols[count + j] = qRest + j;
            int nnz = cols.length;
            for (int j = 0; j < nnz; j++) pos[cols[j]] = j;

            double[] gram = new double[k1 * k1];
            double[] vals = new double[k1 * nnz];
            for (int r = start[g]; r < start[g + 1]; r++) {
                int i = rows[r];
                rowNonzeros(i, rowIdx, rowVal);
                for (int a = 0; a < k1; a++) {
                    double za = z1[a][i];
                    if (za == 0) continue;
                    for (int b = 0; b < k1; b++) gram[a * k1 + b] += za * z1[b][i];
                    int base = a * nnz;
                    for (int j = 0; j < width; j++) vals[base + pos[rowIdx[j]]] += za * rowVal[j];
                }
            }
            for (int j = 0; j < nnz; j++) pos[cols[j]] = -1;
            firstGram[g] = gram;
            crossCols[g] = cols;
            crossVals[g] = vals;
        }

        boolean scalarRest = true;
        for (int t = 1; t < m; t++) scalarRest &= terms.get(t).k() == 1;
        restScalar = scalarRest;
        colScale = new double[s];
        Arrays.fill(colScale, 1.0);

        // The sparse pattern of the dense part, with the contributions of each level of a scalar first
        // term, built row by row. Level g contributes v_g[a]·v_g[c] at (cols_g[a], cols_g[c]), c ≤ a.
        // Levels with the same Z₁g'Z₁g share their weight (with random intercepts: levels with equal
        // counts), so the contributions to one entry are summed per such class.
        boolean scalarFirst = k1 == 1;
        int classes = 0;
        int[] classOf = new int[scalarFirst ? levels1 : 0];
        if (scalarFirst) {
            java.util.HashMap<Double, Integer> ids = new java.util.HashMap<>();
            for (int g = 0; g < levels1; g++) {
                Integer id = ids.putIfAbsent(firstGram[g][0], ids.size());
                classOf[g] = id == null ? ids.size() - 1 : id;
            }
            classes = ids.size();
        }
        double[] classGram = new double[classes];
        int[] classSize = new int[classes];
        for (int g = 0; g < classOf.length; g++) {
            classGram[classOf[g]] = firstGram[g][0];
            classSize[classOf[g]]++;
        }
        // For each column of the dense part, the levels whose columns include it (and where).
        int[] colStart = new int[s + 1];
        long[] rowWork = new long[s];
        long total = 0;
        if (scalarFirst) {
            for (int g = 0; g < levels1; g++) {
                int[] cols = crossCols[g];
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
                int[] cols = crossCols[g];
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
        if (allWork > PARALLEL_FILL_WORK && Runtime.getRuntime().availableProcessors() > 1
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
        if (scalarFirst) {
            firstGramScalar = classGram;
            firstClassSize = classSize;
            weight = new double[classes];
        } else {
            firstGramScalar = null;
            firstClassSize = null;
            weight = null;
        }

        fillSplit = splitForTwoThreads();
        l11 = new double[levels1][k1 * k1];
        l21 = new double[levels1][];
        for (int g = 0; g < levels1; g++) l21[g] = new double[crossVals[g].length];
        dense = new double[s * s];
        lambdas = new double[m][];
        diagonalScale = new double[qRest];
        int maxK = 1;
        for (RandomTerm t : terms) maxK = Math.max(maxK, t.k());
        blockWork = new double[maxK];
    }

    /** Work of the fast fill below which one thread does it all (a task hand-off costs microseconds). */
    private static final long PARALLEL_FILL_WORK = 200_000;

    private int splitForTwoThreads() {
        if (weight == null || !restScalar || ForkJoinPool.getCommonPoolParallelism() < 1
                || Runtime.getRuntime().availableProcessors() < 2) {
            return 0;
        }
        long total = (long) entryCol.length + contribLevel.length + (long) s * s / 4;
        if (total < PARALLEL_FILL_WORK) return 0;
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
                    int[] cols = crossCols[g];
                    double[] v = crossVals[g];
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

    /** Writes the nonzeros of row i of [Z_rest, X, y] (ascending columns; explicit zeros kept). */
    private void rowNonzeros(int i, int[] idx, double[] val) {
        int w = 0;
        for (int t = 1; t < terms.size(); t++) {
            RandomTerm term = terms.get(t);
            int k = term.k();
            int base = restOffset[t] + term.refs()[i] * k;
            double[][] z = term.z();
            for (int a = 0; a < k; a++) {
                idx[w] = base + a;
                val[w++] = z[a][i];
            }
        }
        double[] xd = x.data;
        for (int j = 0; j < p; j++) {
            idx[w] = qRest + j;
            val[w++] = xd[i * p + j];
        }
        idx[w] = s - 1;
        val[w] = y[i];
    }

    int thetaCount() {
        return layout.count();
    }

    /**
     * The objective at θ: ML deviance −2ℓ or the REML criterion. NaN when the system is not
     * numerically positive definite (X rank deficient or y fitted exactly).
     */
    double evaluate(double[] theta) {
        factor(theta);
        if (!lastOk) return Double.NaN;
        return objective();
    }

    /** The objective by the full path (L11 and L21 formed level by level), for tests of the fast path. */
    double evaluateFull(double[] theta) {
        factorFull(theta);
        if (!lastOk) return Double.NaN;
        return objective();
    }

    private double objective() {
        if (reml) {
            int dof = n - p;
            return logDetL2 + logDetRX2 + dof * (1 + Math.log(2 * Math.PI * pwrss / dof));
        }
        return logDetL2 + n * (1 + Math.log(2 * Math.PI * pwrss / n));
    }

    /** Factors at θ for the objective: the fast path when the first term is scalar, else the full one. */
    private void factor(double[] theta) {
        if (lastTheta != null && Arrays.equals(lastTheta, theta)) return;
        if (weight == null) {
            factorFull(theta);
            return;
        }
        lastTheta = theta.clone();
        lastFull = false;
        long t0 = System.nanoTime();
        setLambdas(theta);
        // Scalar first term: level g contributes w_g v_g v_g' (v_g = Z₁g'[Z_rest, X, y]) to the Schur
        // update, w_g = λ²/(λ² Z₁g'Z₁g + 1); log|L11|² = Σ_g log(λ² Z₁g'Z₁g + 1).
        double l2 = lambdas[0][0] * lambdas[0][0];
        double ld = 0;
        double[] gram1 = firstGramScalar;
        double[] w = weight;
        for (int c = 0; c < w.length; c++) {
            double dc = l2 * gram1[c] + 1;
            w[c] = l2 / dc;
            ld += firstClassSize[c] * Math.log(dc);
        }
        fillDense(true);
        fillNanos += System.nanoTime() - t0;
        finishFactor(ld);
    }

    /** Factors at θ keeping L11 and L21 (for the solution, and for vector first terms). */
    private void factorFull(double[] theta) {
        if (lastFull && lastTheta != null && Arrays.equals(lastTheta, theta)) return;
        lastTheta = theta.clone();
        lastFull = true;
        long t0 = System.nanoTime();
        setLambdas(theta);
        fillDense(false);
        // Term 1, level by level: L11, L21, and the downdate of the dense part by L21'L21.
        double[] work = new double[k1 * k1];
        double ld = 0;
        for (int g = 0; g < levels1; g++) {
            double ldg = formLevel(g, work);
            if (Double.isNaN(ldg)) {
                lastOk = false;
                return;
            }
            ld += ldg;
            int[] cols = crossCols[g];
            int nnz = cols.length;
            double[] b = l21[g];
            // Downdate the lower triangle of the dense part: C[cols[a], cols[c]] −= Σ_r B[r,a] B[r,c].
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
        fillNanos += System.nanoTime() - t0;
        finishFactor(ld);
    }

    /**
     * Forms level g's blocks of the factor: L11 (Λ1'Z₁g'Z₁gΛ1 + I = L L') into l11[g] and
     * L21 = L⁻¹Λ1'Z₁g'[Z_rest Λ_rest, X, y] into l21[g]; returns log|L|² (NaN if not positive definite).
     * Needs setLambdas first.
     */
    private double formLevel(int g, double[] work) {
        double[] lam1 = lambdas[0];
        double[] lg = l11[g];
        // Λ1' A Λ1 + I
        congruence(firstGram[g], lam1, k1, work, lg);
        for (int a = 0; a < k1; a++) lg[a * k1 + a] += 1.0;
        if (!smallCholesky(lg, k1)) return Double.NaN;
        double ld = 0;
        for (int a = 0; a < k1; a++) ld += 2 * Math.log(lg[a * k1 + a]);

        int[] cols = crossCols[g];
        int nnz = cols.length;
        double[] v = crossVals[g];
        double[] b = l21[g];
        // B = Λ1' V (Λ1' is upper triangular: (Λ1')[r][a] = Λ1[a][r], a ≥ r).
        for (int r = 0; r < k1; r++) {
            int br = r * nnz;
            Arrays.fill(b, br, br + nnz, 0.0);
            for (int a = r; a < k1; a++) {
                double l = lam1[a * k1 + r];
                if (l == 0) continue;
                int va = a * nnz;
                for (int j = 0; j < nnz; j++) b[br + j] += l * v[va + j];
            }
        }
        // Scale the Z_rest columns by their term's Λ (each level's k columns are contiguous).
        int j = 0;
        while (j < nnz && cols[j] < qRest) {
            int t = restTermOf[cols[j]];
            int k = terms.get(t).k();
            double[] lam = lambdas[t];
            if (k == 1) {
                double l = lam[0];
                for (int r = 0; r < k1; r++) b[r * nnz + j] *= l;
            } else {
                double[] tmp = blockWork;
                for (int r = 0; r < k1; r++) {
                    int br = r * nnz + j;
                    for (int c = 0; c < k; c++) {
                        double sum = 0;
                        for (int a = c; a < k; a++) sum += b[br + a] * lam[a * k + c];
                        tmp[c] = sum;
                    }
                    System.arraycopy(tmp, 0, b, br, k);
                }
            }
            j += k;
        }
        // L21 block = Lg⁻¹ B (forward substitution, row by row of B).
        for (int r = 0; r < k1; r++) {
            int br = r * nnz;
            for (int a = 0; a < r; a++) {
                double l = lg[r * k1 + a];
                if (l == 0) continue;
                int ba = a * nnz;
                for (int c = 0; c < nnz; c++) b[br + c] -= l * b[ba + c];
            }
            double inv = 1.0 / lg[r * k1 + r];
            for (int c = 0; c < nnz; c++) b[br + c] *= inv;
        }
        return ld;
    }

    private void setLambdas(double[] theta) {
        for (int t = 0; t < terms.size(); t++) lambdas[t] = layout.lambda(t, theta);
        if (restScalar) {
            for (int t = 1; t < terms.size(); t++) {
                int from = restOffset[t];
                Arrays.fill(colScale, from, from + terms.get(t).columnCount(), lambdas[t][0]);
            }
        }
    }

    /**
     * Writes the lower triangle of Λ_rest'(G − S)Λ_rest + I into the dense part (rows never written
     * are zeroed), G the Gram matrix of [Z_rest, X, y] and S the Schur update of a scalar first term
     * (only when {@code withUpdate}: the full path subtracts it level by level instead).
     */
    private void fillDense(boolean withUpdate) {
        if (restScalar) {
            if (withUpdate && fillSplit > 0) {
                // Two halves of equal work: one in the common pool, one here (the second core is
                // otherwise idle between two dense factorisations).
                ForkJoinTask<?> other = ForkJoinPool.commonPool().submit(() -> fillRows(fillSplit, s, true));
                fillRows(0, fillSplit, true);
                other.join();
            } else {
                fillRows(0, s, withUpdate);
            }
            return;
        }
        double[] m = dense;
        int[] rowStart = entryRowStart;
        int[] col = entryCol;
        double[] gram = entryGram;
        int[] cs = contribStart;
        int[] lev = contribLevel;
        double[] prod = contribProduct;
        double[] w = weight;
        // Vector terms among the rest: fill both triangles, then apply the blocks of Λ_rest.
        Arrays.fill(m, 0.0);
        for (int i = 0; i < s; i++) {
            for (int e = rowStart[i], end = rowStart[i + 1]; e < end; e++) {
                double v = gram[e];
                if (withUpdate) {
                    for (int k = cs[e], kEnd = cs[e + 1]; k < kEnd; k++) v -= w[lev[k]] * prod[k];
                }
                int j = col[e];
                m[i * s + j] = v;
                m[j * s + i] = v;
            }
        }
        scaleByRestLambda(m);
        for (int i = 0; i < qRest; i++) m[i * s + i] += 1.0;
    }

    /** Rows [from, to) of the dense part when Λ_rest is diagonal (see fillDense). */
    private void fillRows(int from, int to, boolean withUpdate) {
        double[] m = dense;
        int[] rowStart = entryRowStart;
        int[] col = entryCol;
        double[] gram = entryGram;
        int[] cs = contribStart;
        int[] lev = contribLevel;
        double[] prod = contribProduct;
        double[] w = weight;
        double[] sc = colScale;
        for (int i = from; i < to; i++) {
            int row = i * s;
            Arrays.fill(m, row, row + i + 1, 0.0);
            double si = sc[i];
            for (int e = rowStart[i], end = rowStart[i + 1]; e < end; e++) {
                double v = gram[e];
                if (withUpdate) {
                    for (int k = cs[e], kEnd = cs[e + 1]; k < kEnd; k++) v -= w[lev[k]] * prod[k];
                }
                int j = col[e];
                m[row + j] = v * si * sc[j];
            }
            if (i < qRest) m[row + i] += 1.0;
        }
    }

    /** The dense Cholesky and the log-determinants; ld is log|L11|². */
    private void finishFactor(double ld) {
        long t0 = System.nanoTime();
        boolean positive = cholesky.factorInPlace(dense, s);
        choleskyNanos += System.nanoTime() - t0;
        factorizations++;
        if (!positive) {
            lastOk = false;
            return;
        }
        for (int i = 0; i < qRest; i++) ld += 2 * Math.log(dense[i * s + i]);
        double ldx = 0;
        for (int i = qRest; i < qRest + p; i++) ldx += 2 * Math.log(dense[i * s + i]);
        double r = dense[s * s - 1];
        logDetL2 = ld;
        logDetRX2 = ldx;
        pwrss = r * r;
        lastOk = Double.isFinite(ld) && Double.isFinite(ldx) && pwrss > 0 && Double.isFinite(pwrss);
    }

    /** The penalised least-squares solution at θ: β, u, b = Λu, fitted values and more. */
    Solution solve(double[] theta) {
        if (weight == null) {
            factorFull(theta);
        } else {
            // The fast factorisation gives the dense part; L11 and L21 are formed level by level
            // without the downdate (the fast path did it by weighted contributions).
            factor(theta);
            if (lastOk && !lastFull) {
                double[] work = new double[k1 * k1];
                for (int g = 0; g < levels1 && lastOk; g++) lastOk = !Double.isNaN(formLevel(g, work));
            }
        }
        if (!lastOk) {
            throw new FitException("the model matrix is numerically singular at the optimum: the fixed effects may be "
                    + "collinear or the response fitted exactly");
        }
        // The last row of the factor is (c₁, c₂, r); [u; β] solves L_ub' x = (c₁, c₂).
        int last = s - 1;
        double[] xs = new double[last];
        for (int i = 0; i < last; i++) xs[i] = dense[last * s + i];
        for (int i = last - 1; i >= 0; i--) {
            double sum = xs[i];
            for (int j = i + 1; j < last; j++) sum -= dense[j * s + i] * xs[j];
            xs[i] = sum / dense[i * s + i];
        }
        double[] u1 = new double[levels1 * k1];
        double[] rhs = new double[k1];
        for (int g = 0; g < levels1; g++) {
            int[] cols = crossCols[g];
            int nnz = cols.length;
            double[] b = l21[g];
            for (int r = 0; r < k1; r++) {
                double sum = b[r * nnz + nnz - 1];
                for (int j = 0; j < nnz - 1; j++) sum -= b[r * nnz + j] * xs[cols[j]];
                rhs[r] = sum;
            }
            double[] lg = l11[g];
            for (int r = k1 - 1; r >= 0; r--) {
                double sum = rhs[r];
                for (int a = r + 1; a < k1; a++) sum -= lg[a * k1 + r] * rhs[a];
                rhs[r] = sum / lg[r * k1 + r];
            }
            System.arraycopy(rhs, 0, u1, g * k1, k1);
        }
        int m = terms.size();
        double[][] u = new double[m][];
        double[][] bvals = new double[m][];
        u[0] = u1;
        for (int t = 1; t < m; t++) {
            u[t] = Arrays.copyOfRange(xs, restOffset[t], restOffset[t] + terms.get(t).columnCount());
        }
        for (int t = 0; t < m; t++) {
            int k = terms.get(t).k();
            double[] lam = lambdas[t];
            double[] bt = new double[u[t].length];
            for (int h = 0, levels = terms.get(t).levelCount(); h < levels; h++) {
                for (int r = 0; r < k; r++) {
                    double sum = 0;
                    for (int a = 0; a <= r; a++) sum += lam[r * k + a] * u[t][h * k + a];
                    bt[h * k + r] = sum;
                }
            }
            bvals[t] = bt;
        }
        double[] beta = Arrays.copyOfRange(xs, qRest, qRest + p);

        double[] fitted = new double[n];
        double[] residuals = new double[n];
        double[] xd = x.data;
        for (int i = 0; i < n; i++) {
            double f = 0;
            for (int j = 0; j < p; j++) f += xd[i * p + j] * beta[j];
            for (int t = 0; t < m; t++) {
                RandomTerm term = terms.get(t);
                int k = term.k();
                int base = term.refs()[i] * k;
                double[][] z = term.z();
                for (int a = 0; a < k; a++) f += z[a][i] * bvals[t][base + a];
            }
            fitted[i] = f;
            residuals[i] = y[i] - f;
        }

        // (R_X'R_X)⁻¹ = L_X'⁻¹ L_X⁻¹ with L_X the X block of the dense factor.
        double[] linv = new double[p * p];
        for (int c = 0; c < p; c++) {
            linv[c * p + c] = 1.0 / dense[(qRest + c) * s + qRest + c];
            for (int r = c + 1; r < p; r++) {
                double sum = 0;
                for (int a = c; a < r; a++) sum -= dense[(qRest + r) * s + qRest + a] * linv[a * p + c];
                linv[r * p + c] = sum / dense[(qRest + r) * s + qRest + r];
            }
        }
        double[] unscaledVcov = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double sum = 0;
                for (int a = Math.max(i, j); a < p; a++) sum += linv[a * p + i] * linv[a * p + j];
                unscaledVcov[i * p + j] = sum;
            }
        }
        return new Solution(theta.clone(), objective(), pwrss, logDetL2, logDetRX2, beta, u, bvals, fitted, residuals,
                unscaledVcov);
    }

    /**
     * The penalised least-squares solution at one θ, terms in lme4's order.
     *
     * @param u            spherical random effects per term, level-major (k values per level)
     * @param b            conditional modes b = Λu per term, same layout
     * @param unscaledVcov (R_X'R_X)⁻¹, p × p row-major: Var(β̂) = σ² times this
     */
    record Solution(double[] theta, double objective, double pwrss, double logDetL2, double logDetRX2, double[] beta,
                    double[][] u, double[][] b, double[] fitted, double[] residuals, double[] unscaledVcov) { }

    /** out = Λ' a Λ for k × k row-major a and lower-triangular Λ. */
    private static void congruence(double[] a, double[] lam, int k, double[] work, double[] out) {
        // work = a Λ
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double sum = 0;
                for (int c = j; c < k; c++) sum += a[i * k + c] * lam[c * k + j];
                work[i * k + j] = sum;
            }
        }
        // out = Λ' work
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double sum = 0;
                for (int c = i; c < k; c++) sum += lam[c * k + i] * work[c * k + j];
                out[i * k + j] = sum;
            }
        }
    }

    /** In-place Cholesky of a small k × k row-major matrix; lower triangle becomes L, upper zeroed. */
    static boolean smallCholesky(double[] a, int k) {
        for (int j = 0; j < k; j++) {
            double d = a[j * k + j];
            for (int c = 0; c < j; c++) d -= a[j * k + c] * a[j * k + c];
            if (!(d > 0)) return false;
            d = Math.sqrt(d);
            a[j * k + j] = d;
            for (int i = j + 1; i < k; i++) {
                double sum = a[i * k + j];
                for (int c = 0; c < j; c++) sum -= a[i * k + c] * a[j * k + c];
                a[i * k + j] = sum / d;
                a[j * k + i] = 0;
            }
        }
        return true;
    }

    /**
     * Replaces the symmetric s × s matrix m by D' m D, D = diag(Λ_2 per level, …, Λ_m per level, I).
     * Both passes run along rows (row-major storage): columns are never walked with stride s.
     */
    private void scaleByRestLambda(double[] m) {
        if (qRest == 0) return;
        // Diagonal scale of the scalar terms' columns (1 for vector terms, handled by blocks below).
        double[] scale = diagonalScale;
        boolean anyVector = false;
        for (int t = 1; t < terms.size(); t++) {
            int k = terms.get(t).k();
            int from = restOffset[t];
            int to = from + terms.get(t).columnCount();
            if (k == 1) Arrays.fill(scale, from, to, lambdas[t][0]);
            else {
                Arrays.fill(scale, from, to, 1.0);
                anyVector = true;
            }
        }
        // m ← m D, row by row.
        for (int r = 0; r < s; r++) {
            int row = r * s;
            for (int c = 0; c < qRest; c++) m[row + c] *= scale[c];
            if (!anyVector) continue;
            for (int t = 1; t < terms.size(); t++) {
                int k = terms.get(t).k();
                if (k == 1) continue;
                double[] lam = lambdas[t];
                for (int h = 0, levels = terms.get(t).levelCount(); h < levels; h++) {
                    int base = row + restOffset[t] + h * k;
                    for (int c = 0; c < k; c++) {
                        double sum = 0;
                        for (int a = c; a < k; a++) sum += m[base + a] * lam[a * k + c];
                        blockWork[c] = sum;
                    }
                    System.arraycopy(blockWork, 0, m, base, k);
                }
            }
        }
        // m ← D' m: scale scalar rows, combine the k rows of each vector block.
        for (int r = 0; r < qRest; r++) {
            double f = scale[r];
            if (f == 1.0) continue;
            int row = r * s;
            for (int c = 0; c < s; c++) m[row + c] *= f;
        }
        if (!anyVector) return;
        for (int t = 1; t < terms.size(); t++) {
            int k = terms.get(t).k();
            if (k == 1) continue;
            double[] lam = lambdas[t];
            for (int h = 0, levels = terms.get(t).levelCount(); h < levels; h++) {
                int base = restOffset[t] + h * k;
                // row c of the block becomes Σ_{a ≥ c} Λ[a][c] · row a; ascending c reads rows not yet overwritten
                for (int c = 0; c < k; c++) {
                    int dst = (base + c) * s;
                    double lcc = lam[c * k + c];
                    for (int col = 0; col < s; col++) m[dst + col] *= lcc;
                    for (int a = c + 1; a < k; a++) {
                        double l = lam[a * k + c];
                        if (l == 0) continue;
                        int src = (base + a) * s;
                        for (int col = 0; col < s; col++) m[dst + col] += l * m[src + col];
                    }
                }
            }
        }
    }

    /** Sizes for profiling: {order of the dense part, stored entries of its pattern, weighted contributions}. */
    long[] sizes() {
        return new long[] {s, entryCol.length, contribLevel.length};
    }

    /** Name of the dense Cholesky implementation in use. */
    String choleskyName() {
        return cholesky.name(s);
    }
}
