package lmm.fit;

import java.util.Arrays;
import java.util.List;
import lmm.model.RandomTerm;

/**
 * The numeric update of the blocked factor for one θ: rescale the fixed cross-products by Λθ, add
 * I, and factor
 * <pre>
 *   [ Λ'Z'ZΛ + I   Λ'Z'X   Λ'Z'y ]
 *   [              X'X     X'y   ]
 *   [                      y'y   ]
 * </pre>
 * kept in three pieces: L11 (block diagonal, one k₁ × k₁ factor per level of term 1), L21 (per level
 * of term 1, the columns of [Z_rest Λ_rest, X, y] its rows touch) and a dense factor of the Schur
 * complement over [Z_rest, X, y] (order q_rest + p + 1, never q₁). The log-determinants are sums over
 * the diagonal blocks and the penalised residual sum of squares is the square of the last diagonal
 * entry. Nothing here is O(n) and nothing O(q₁²).
 *
 * <p>Not thread-safe: one instance per fit. The same θ gives the same numbers on every run: the
 * optional two-thread fill ({@link DenseBlockFill}) splits the tiles at a point fixed by the pattern,
 * and each entry is summed in the same order by whichever thread fills it.
 */
final class BlockedFactor {
    private final CrossProducts cross;
    private final BlockPattern pattern;
    private final ThetaLayout layout;
    private final List<RandomTerm> terms;
    private final DenseCholesky cholesky;
    private final int s;
    private final int qRest;
    private final int p;
    private final int k1;
    private final int levels1;
    /** Per column of [Z_rest, X, y]: its term's λ for scalar terms (set per evaluation), 1 for X and y. */
    private final double[] colScale;
    /** Per class of a scalar first term, set per evaluation: λ₁² / (λ₁² Z₁g'Z₁g + 1); empty for a vector first term. */
    private final double[] weight;
    /** The same per level of a scalar first term (what the fill reads); empty for a vector first term. */
    private final double[] levelWeight;
    /** The first term's densest levels, subtracted by one dsyrk (see {@link DensePanel}). */
    private final DensePanel panel;
    private final DenseBlockFill fill;
    private final boolean twoThreads;

    // State of the last factorisation.
    final double[][] l11;
    final double[][] l21;
    /** The dense factor of the last factorisation (swapped with {@link #kept}, never copied). */
    double[] dense;
    final double[][] lambdas;
    private final double[] diagonalScale;
    private final double[] blockWork;
    private double[] lastTheta;
    /** True when the last factorisation also filled l11 and l21 (needed by the solution). */
    private boolean lastFull;
    private boolean lastOk;
    private double logDetL2;
    private double logDetRX2;
    private double pwrss;
    // The factorisation kept by keepAsBest: a fit's solution at θ̂ (and its inference's centre) is
    // the best point its optimiser evaluated, and the check's evaluations that follow it would
    // otherwise have overwritten its factor (one more factorisation: 0.45 s at 10⁶ rows).
    private Kept kept;
    /** Storage for the next factorisation after a recall (released by releaseSpare). */
    private double[] spare;

    BlockedFactor(CrossProducts cross, BlockPattern pattern, ThetaLayout layout, DenseCholesky cholesky, boolean twoThreads) {
        this.cross = cross;
        this.pattern = pattern;
        this.layout = layout;
        this.terms = cross.terms;
        this.cholesky = cholesky;
        this.s = cross.s;
        this.qRest = cross.qRest;
        this.p = cross.p;
        this.k1 = cross.k1;
        this.levels1 = cross.levels1;
        colScale = new double[s];
        Arrays.fill(colScale, 1.0);
        weight = pattern.firstTerm instanceof FirstTerm.Scalar sc ? new double[sc.classes()] : new double[0];
        levelWeight = pattern.firstTerm instanceof FirstTerm.Scalar ? new double[levels1] : new double[0];
        panel = new DensePanel(s, k1, pattern.panelLevels);
        fill = new DenseBlockFill(cross, pattern, panel);
        this.twoThreads = twoThreads;
        l11 = new double[levels1][k1 * k1];
        l21 = new double[levels1][];
        for (int g = 0; g < levels1; g++) l21[g] = new double[cross.crossVals[g].length];
        dense = new double[s * s];
        lambdas = new double[terms.size()][];
        diagonalScale = new double[qRest];
        blockWork = new double[cross.maxK()];
    }

    /** log|L_Z|² of the last factorisation (L_Z the factor of Λ'Z'ZΛ + I). */
    double logDetL2() { return logDetL2; }

    /** log|R_X|² of the last factorisation. */
    double logDetRX2() { return logDetRX2; }

    /** The penalised residual sum of squares: the square of the factor's last diagonal entry. */
    double pwrss() { return pwrss; }

    /** False when the last system was not numerically positive definite. */
    boolean ok() { return lastOk; }

    /** Name of the dense Cholesky implementation in use. */
    String choleskyName() { return cholesky.name(s); }

    /** Rows of the BLAS panel (0 when every level is scattered). */
    int panelRows() { return panel.rows(); }

    /** True when the numeric fill is split over two threads (tests check both paths agree). */
    boolean fillsOnTwoThreads() { return twoThreads && pattern.split < pattern.s; }

    /**
     * Factors at θ for the objective only: by weighted contributions for a scalar first term (L11
     * and L21 are not formed), level by level for a vector one.
     */
    void update(double[] theta) {
        if (lastTheta != null && Arrays.equals(lastTheta, theta)) return;
        if (!(pattern.firstTerm instanceof FirstTerm.Scalar first)) {
            updateWithFirstBlocks(theta);
            return;
        }
        lastTheta = theta.clone();
        lastFull = false;
        setLambdas(theta);
        // Level g contributes w_g v_g v_g' (v_g = Z₁g'[Z_rest, X, y]) to the Schur update,
        // w_g = λ²/(λ² Z₁g'Z₁g + 1); log|L11|² = Σ_g log(λ² Z₁g'Z₁g + 1).
        double l2 = lambdas[0][0] * lambdas[0][0];
        double ld = 0;
        double[] gram1 = first.classGram();
        int[] size = first.classSize();
        double[] w = weight;
        for (int c = 0; c < w.length; c++) {
            double dc = l2 * gram1[c] + 1;
            w[c] = l2 / dc;
            ld += size[c] * Math.log(dc);
        }
        int[] classOf = first.classOf();
        for (int g = 0; g < levels1; g++) levelWeight[g] = w[classOf[g]];
        if (recall(theta)) return;
        fillDense(true);
        finishFactor(ld);
    }

    /**
     * Keeps the factorisation just made (objective only, scalar first term) aside, by swapping
     * storage: a later {@link #update} at the same θ takes it back instead of factoring again. The
     * next factorisation goes into the storage of the one kept before (so at most two dense blocks
     * exist). Does nothing for a vector first term or a failed factorisation.
     */
    void keepAsBest() {
        if (!(pattern.firstTerm instanceof FirstTerm.Scalar) || !lastOk || lastFull || lastTheta == null) return;
        double[] free = kept != null ? kept.dense : spare != null ? spare : new double[s * s];
        kept = new Kept(lastTheta, dense, logDetL2, logDetRX2, pwrss);
        dense = free;
        spare = null;
        lastTheta = null;   // dense holds no factorisation now
    }

    /** Takes back the kept factorisation when it is at θ (Λ, the weights and lastTheta set by the caller). */
    private boolean recall(double[] theta) {
        if (kept == null || !Arrays.equals(kept.theta, theta)) return false;
        spare = dense;
        dense = kept.dense;
        logDetL2 = kept.logDetL2;
        logDetRX2 = kept.logDetRX2;
        pwrss = kept.pwrss;
        lastOk = true;
        kept = null;
        return true;
    }

    /** Lets go of the storage beyond the current factorisation (what a kept fit holds on to). */
    void releaseSpare() {
        kept = null;
        spare = null;
    }

    /** A factorisation set aside: its θ̃, its dense factor and the numbers read from it. */
    private record Kept(double[] theta, double[] dense, double logDetL2, double logDetRX2, double pwrss) { }

    /** Factors at θ keeping L11 and L21 as well (for the penalised solution). */
    void updateWithFirstBlocks(double[] theta) {
        if (pattern.firstTerm instanceof FirstTerm.Scalar) {
            // The fast factorisation gives the dense part; L11 and L21 are then formed level by level
            // without the downdate (the fast path did it by weighted contributions).
            update(theta);
            if (lastOk && !lastFull) {
                double[] work = new double[k1 * k1];
                for (int g = 0; g < levels1 && lastOk; g++) lastOk = !Double.isNaN(formLevel(g, work));
                lastFull = true;
            }
            return;
        }
        factorLevelByLevel(theta);
    }

    /** The full path for any first term (also what tests compare the fast path with). */
    void factorLevelByLevel(double[] theta) {
        if (lastFull && lastTheta != null && Arrays.equals(lastTheta, theta)
                && !(pattern.firstTerm instanceof FirstTerm.Scalar)) return;
        lastTheta = theta.clone();
        lastFull = true;
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
            int[] cols = cross.crossCols[g];
            double[] b = l21[g];
            int inPanel = pattern.panelIndex[g];
            if (inPanel >= 0) {
                panel.setRows(inPanel, cols, b);
                continue;
            }
            DenseBlockFill.subtractLevel(dense, s, cols, b, k1);
        }
        panel.subtractFrom(dense);
        finishFactor(ld);
    }

    private void setLambdas(double[] theta) {
        for (int t = 0; t < terms.size(); t++) lambdas[t] = layout.lambda(t, theta);
        if (cross.restScalar) {
            for (int t = 1; t < terms.size(); t++) {
                int from = cross.restOffset[t];
                Arrays.fill(colScale, from, from + terms.get(t).columnCount(), lambdas[t][0]);
            }
        }
    }

    /**
     * Writes the lower triangle of Λ_rest'(G − S)Λ_rest + I into the dense part, G the Gram matrix of
     * [Z_rest, X, y] and S the Schur update of a scalar first term (only when {@code withUpdate}: the
     * full path subtracts it level by level instead).
     */
    private void fillDense(boolean withUpdate) {
        double[] w = withUpdate ? levelWeight : null;
        if (cross.restScalar) {
            fill.fill(dense, w, colScale, twoThreads);
            return;
        }
        // Vector terms among the rest: the unscaled lower triangle, mirrored, then the blocks of Λ_rest.
        double[] m = dense;
        fill.fill(m, w, null, twoThreads);
        for (int i = 0; i < s; i++) {
            int row = i * s;
            for (int j = 0; j < i; j++) m[j * s + i] = m[row + j];
        }
        scaleByRestLambda(m);
        for (int i = 0; i < qRest; i++) m[i * s + i] += 1.0;
    }

    /** The dense Cholesky and the log-determinants; ld is log|L11|². */
    private void finishFactor(double ld) {
        boolean positive = cholesky.factorInPlace(dense, s);
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

    /**
     * Forms level g's blocks of the factor: L11 (Λ1'Z₁g'Z₁gΛ1 + I = L L') into l11[g] and
     * L21 = L⁻¹Λ1'Z₁g'[Z_rest Λ_rest, X, y] into l21[g]; returns log|L|² (NaN if not positive definite).
     * Needs setLambdas first.
     */
    private double formLevel(int g, double[] work) {
        double[] lam1 = lambdas[0];
        double[] lg = l11[g];
        // Λ1' A Λ1 + I
        SmallMatrices.congruence(cross.firstGram[g], lam1, k1, work, lg);
        for (int a = 0; a < k1; a++) lg[a * k1 + a] += 1.0;
        if (!SmallMatrices.cholesky(lg, k1)) return Double.NaN;
        double ld = 0;
        for (int a = 0; a < k1; a++) ld += 2 * Math.log(lg[a * k1 + a]);

        int[] cols = cross.crossCols[g];
        int nnz = cols.length;
        double[] v = cross.crossVals[g];
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
            int t = cross.restTermOf[cols[j]];
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
            int from = cross.restOffset[t];
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
                    int base = row + cross.restOffset[t] + h * k;
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
                int base = cross.restOffset[t] + h * k;
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

}
