package lmm.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.junit.jupiter.api.Test;

/**
 * The BLAS panel of the first term's dense levels ({@link DensePanel}) against the blocked system
 * formed naively: W = [ZΛ, X, y] from the level indices, the Cholesky factor L of W'W + diag(I_q, 0)
 * by EJML, and from it log|L_Z|², log|R_X|², the penalised RSS and the dense part (the trailing rows
 * and columns of L after the first term). Models with dense and sparse first-term levels, scalar and
 * vector terms first and after, each forced through the scatter only, the panel for the dense levels,
 * and the panel for every level, with a scalar first term's update summed by class ({@link ClassUpdate})
 * or scattered level by level, on one thread and two.
 */
class DensePanelTest {
    private static final int LEVELS_A = 60;
    private static final int DENSE_A = 6;
    private static final int LEVELS_B = 40;
    private static final int LEVELS_C = 9;

    /**
     * First term A (the most levels): its first DENSE_A levels have a row at every level of B (two at
     * some), the others 2–4 rows; B crossed, with a slope when slopeOnB; C (a third scalar term, so
     * the Gram matrix of the rest is not diagonal) when withC.
     */
    static DesignMatrices model(long seed, boolean slopeOnA, boolean slopeOnB, boolean withC) {
        Random rnd = new Random(seed);
        List<int[]> rowsAB = new ArrayList<>();
        for (int g = 0; g < LEVELS_A; g++) {
            if (g < DENSE_A) {
                for (int h = 0; h < LEVELS_B; h++) {
                    rowsAB.add(new int[] {g, h});
                    if (rnd.nextInt(5) == 0) rowsAB.add(new int[] {g, h});
                }
            } else {
                for (int r = 0, count = 2 + rnd.nextInt(3); r < count; r++) rowsAB.add(new int[] {g, rnd.nextInt(LEVELS_B)});
            }
        }
        int n = rowsAB.size();
        int[] a = new int[n];
        int[] b = new int[n];
        int[] c = new int[n];
        double[] xcol = new double[n];
        double[] y = new double[n];
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        DMatrixRMaj x = new DMatrixRMaj(n, 2);
        for (int i = 0; i < n; i++) {
            a[i] = rowsAB.get(i)[0];
            b[i] = rowsAB.get(i)[1];
            c[i] = i < LEVELS_C ? i : rnd.nextInt(LEVELS_C);
            xcol[i] = rnd.nextDouble() * 2 - 1;
            x.set(i, 0, 1);
            x.set(i, 1, xcol[i]);
            y[i] = 3 + xcol[i] + 0.8 * Math.sin(a[i]) + 0.5 * Math.cos(b[i]) + 0.3 * c[i] / LEVELS_C + rnd.nextGaussian();
        }
        List<RandomTerm> terms = new ArrayList<>();
        terms.add(term("A", LEVELS_A, a, slopeOnA, ones, xcol));
        terms.add(term("B", LEVELS_B, b, slopeOnB, ones, xcol));
        if (withC) terms.add(term("C", LEVELS_C, c, false, ones, xcol));
        return new DesignMatrices("y", y, x, List.of("(Intercept)", "x"), terms);
    }

    private static RandomTerm term(String name, int levels, int[] refs, boolean slope, double[] ones, double[] xcol) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < levels; i++) labels.add(name.toLowerCase() + i);
        return slope
                ? new RandomTerm(name, labels, refs, List.of("(Intercept)", "x"), new double[][] {ones, xcol})
                : new RandomTerm(name, labels, refs, List.of("(Intercept)"), new double[][] {ones});
    }

    /** The naive factor: L of W'W + diag(I_q, 0), W = [ZΛ, X, y] with the terms in lme4's order. */
    record Naive(double logDetL2, double logDetRX2, double pwrss, DMatrixRMaj l, int q1, int s) { }

    static Naive naive(DesignMatrices d, double[] theta) {
        ThetaLayout layout = new ThetaLayout(d);
        List<RandomTerm> terms = layout.terms();
        int n = d.n();
        int p = d.p();
        int q = 0;
        int[] offset = new int[terms.size()];
        for (int t = 0; t < terms.size(); t++) {
            offset[t] = q;
            q += terms.get(t).columnCount();
        }
        DMatrixRMaj w = new DMatrixRMaj(n, q + p + 1);
        for (int t = 0; t < terms.size(); t++) {
            RandomTerm term = terms.get(t);
            int k = term.k();
            double[] lam = layout.lambda(t, theta);
            for (int i = 0; i < n; i++) {
                int base = offset[t] + term.refs()[i] * k;
                // row i of Z_t Λ_t at level refs[i]: Σ_a z_a[i] Λ[a][c]
                for (int col = 0; col < k; col++) {
                    double sum = 0;
                    for (int r = 0; r < k; r++) sum += term.z()[r][i] * lam[r * k + col];
                    w.set(i, base + col, sum);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) w.set(i, q + j, d.x().get(i, j));
            w.set(i, q + p, d.y()[i]);
        }
        DMatrixRMaj m = new DMatrixRMaj(q + p + 1, q + p + 1);
        CommonOps_DDRM.multTransA(w, w, m);
        for (int i = 0; i < q; i++) m.add(i, i, 1.0);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(q + p + 1, true);
        assertTrue(chol.decompose(m));
        DMatrixRMaj l = chol.getT(null);
        double ldz = 0;
        double ldx = 0;
        for (int i = 0; i < q; i++) ldz += 2 * Math.log(l.get(i, i));
        for (int i = q; i < q + p; i++) ldx += 2 * Math.log(l.get(i, i));
        double last = l.get(q + p, q + p);
        int q1 = terms.get(0).columnCount();
        return new Naive(ldz, ldx, last * last, l, q1, q + p + 1 - q1);
    }

    private static void assertMatches(Naive expected, BlockedFactor f, String what) {
        assertTrue(f.ok(), what);
        assertEquals(expected.logDetL2(), f.logDetL2(), 1e-10 * Math.max(1, Math.abs(expected.logDetL2())), what + " log|L_Z|²");
        assertEquals(expected.logDetRX2(), f.logDetRX2(), 1e-10 * Math.max(1, Math.abs(expected.logDetRX2())), what + " log|R_X|²");
        assertEquals(expected.pwrss(), f.pwrss(), 1e-10 * expected.pwrss(), what + " pwrss");
        int s = expected.s();
        int q1 = expected.q1();
        for (int i = 0; i < s; i++) {
            for (int j = 0; j <= i; j++) {
                double e = expected.l().get(q1 + i, q1 + j);
                assertEquals(e, f.dense[i * s + j], 1e-10 * Math.max(1, Math.abs(e)), what + " L[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void denseLevelsThroughThePanelMatchTheNaiveFactor() {
        boolean[][] shapes = {
            {false, false, false}, // (1|A) + (1|B): the fast path, Λ_rest diagonal
            {false, false, true},  // (1|A) + (1|B) + (1|C): a Gram matrix with off-diagonal entries
            {false, true, false},  // (1|A) + (1+x|B): the fast path, Λ_rest applied after the fill
            {true, false, false},  // (1+x|A) + (1|B): a vector first term, level by level
            {true, true, true},
        };
        for (boolean[] shape : shapes) {
            DesignMatrices d = model(5, shape[0], shape[1], shape[2]);
            ThetaLayout layout = new ThetaLayout(d);
            Random rnd = new Random(17);
            for (int trial = 0; trial < 3; trial++) {
                double[] theta = layout.start();
                double[] lo = layout.lowerBounds();
                for (int i = 0; i < theta.length; i++) theta[i] = lo[i] == 0 ? 0.2 + 1.5 * rnd.nextDouble() : rnd.nextDouble() - 0.5;
                Naive expected = naive(d, theta);
                for (String panel : new String[] {"none", "dense", "all"})
                for (boolean byClass : new boolean[] {false, true})
                for (boolean two : new boolean[] {false, true}) {
                    CrossProducts cross = new CrossProducts(layout.terms(), d.x(), d.y());
                    int[] levels = switch (panel) {
                        case "none" -> new int[0];
                        case "dense" -> DensePanel.atLeast(cross.crossCols, cross.s, 0.5);
                        default -> DensePanel.atLeast(cross.crossCols, cross.s, 0);
                    };
                    if (panel.equals("dense")) {
                        // exactly A's dense levels: 40 columns of B (80 with a slope) of s = 43 (83, 92, …)
                        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, levels, Arrays.toString(shape));
                    }
                    BlockPattern pattern = new BlockPattern(cross, FirstTerm.of(cross), two, levels, byClass);
                    String what = Arrays.toString(shape) + " θ " + Arrays.toString(theta) + " panel " + panel + " two " + two
                            + " by class " + byClass;
                    // A's sparse levels fall in three classes (2–4 rows): summed by class when allowed and
                    // the dense levels are in the panel (without it, each of those is a class storing
                    // about the whole triangle: more than the cap)
                    if (!byClass || shape[0]) assertEquals(null, pattern.classUpdate, what);
                    if (byClass && !shape[0] && !panel.equals("none")) assertTrue(pattern.classUpdate != null, what);
                    BlockedFactor fast = new BlockedFactor(cross, pattern, layout, DenseCholesky.ejml(), two);
                    assertEquals(levels.length * cross.k1, fast.panelRows(), what);
                    fast.update(theta);
                    assertMatches(expected, fast, what + " (update)");
                    BlockedFactor full = new BlockedFactor(cross, pattern, layout, DenseCholesky.ejml(), two);
                    full.factorLevelByLevel(theta);
                    assertMatches(expected, full, what + " (level by level)");
                }
            }
        }
    }

    /** The panel's rule from its cost model, worked by hand for s = 4 000 (triangle 8 002 000 entries). */
    @Test
    void levelsGoToThePanelWhenTheirScatterCostsMoreThanTheirRows() {
        int s = 4_000;
        // One panel row costs 0.036 ns × 8 002 000 = 288 µs, the pass 0.75 ns × 8 002 000 = 6.0 ms.
        // At 0.75 ns a scattered multiply-add (two threads) a level breaks even at nnz(nnz+1)/2 =
        // 384 096, nnz ≈ 876 (880 in, 870 out); ten levels of 4 000 alone save 10 × (6.0 ms − 0.29 ms) = 57 ms > 6.0 ms.
        int[][] cols = new int[1_030][];
        for (int g = 0; g < cols.length; g++) cols[g] = new int[g % 103 == 0 ? 4_000 : g % 103 == 1 ? 880 : g % 103 == 2 ? 870 : 100];
        int[] chosen = DensePanel.byCost(cols, 1, s, 0.75);
        int[] expected = java.util.stream.IntStream.range(0, cols.length).filter(g -> g % 103 <= 1).toArray();
        assertArrayEquals(expected, chosen);
        // A vector first term: k₁ rows per level, and the panel never has more rows than s.
        assertEquals(2_000, DensePanel.byCost(new int[3_000][4_000], 2, s, 0.75).length);
        // One level of 1 500 saves 0.75 ns × 1 125 750 − 288 µs = 0.56 ms, less than the pass: no panel.
        assertEquals(0, DensePanel.byCost(new int[][] {new int[1_500], new int[10]}, 1, s, 0.75).length);
        // Five of them save 2.8 ms, still less; twelve save 6.7 ms, more.
        assertEquals(0, DensePanel.byCost(nOf(5, 1_500), 1, s, 0.75).length);
        assertEquals(12, DensePanel.byCost(nOf(12, 1_500), 1, s, 0.75).length);
    }

    private static int[][] nOf(int count, int nnz) {
        int[][] cols = new int[count][];
        for (int g = 0; g < count; g++) cols[g] = new int[nnz];
        return cols;
    }
}
