package lmm.model;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Builds a model matrix from terms as R's model.matrix does with treatment contrasts.
 *
 * <p>Coding of a categorical variable inside a term follows R (Chambers & Hastie 1992, p. 38,
 * R's TermCode): it gets contrasts (all levels but the first) when the term without it is empty or
 * is contained in a preceding term, otherwise indicator columns for every level. Without an
 * intercept, the first categorical variable of the first term that has one is coded by indicators.
 * Columns of an interaction vary fastest in its first variable; names join the variable labels
 * (with the level appended for categorical variables) by ':'.
 */
public final class ModelMatrixBuilder {
    private ModelMatrixBuilder() {}

    /** Columns of a model matrix, column-major, with R's names and the term each column came from (-1: intercept). */
    public record Columns(List<String> names, List<double[]> columns, List<Integer> termOfColumn) {
        public int count() { return names.size(); }
    }

    /**
     * @param values evaluated variables (restricted to the rows used), indexed as the terms' bits
     * @param n      number of rows
     */
    public static Columns build(List<Variable> variables, List<VariableValues> values, boolean intercept,
                                List<Term> terms, int n) {
        List<String> names = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        List<Integer> termOf = new ArrayList<>();
        if (intercept) {
            double[] one = new double[n];
            java.util.Arrays.fill(one, 1.0);
            names.add("(Intercept)");
            cols.add(one);
            termOf.add(-1);
        }
        boolean dummyAssigned = intercept;
        for (int j = 0; j < terms.size(); j++) {
            Term term = terms.get(j);
            List<Integer> vars = new ArrayList<>();
            for (int i = term.variables().nextSetBit(0); i >= 0; i = term.variables().nextSetBit(i + 1)) vars.add(i);
            boolean[] contrasts = new boolean[vars.size()];
            for (int k = 0; k < vars.size(); k++) {
                if (!(values.get(vars.get(k)) instanceof VariableValues.Categorical)) continue;
                contrasts[k] = codedByContrasts(terms, j, vars.get(k));
                if (!dummyAssigned) {
                    contrasts[k] = false;
                    dummyAssigned = true;
                }
            }
            // expand the product, first variable fastest
            List<double[]> termCols = new ArrayList<>();
            List<String> termNames = new ArrayList<>();
            termCols.add(null);
            termNames.add("");
            for (int k = 0; k < vars.size(); k++) {
                Variable v = variables.get(vars.get(k));
                VariableValues vv = values.get(vars.get(k));
                List<double[]> factorCols = new ArrayList<>();
                List<String> factorNames = new ArrayList<>();
                if (vv instanceof VariableValues.Numeric num) {
                    factorCols.add(num.values());
                    factorNames.add(v.label());
                } else {
                    VariableValues.Categorical cat = (VariableValues.Categorical) vv;
                    for (int level = contrasts[k] ? 1 : 0; level < cat.levels().size(); level++) {
                        double[] c = new double[n];
                        for (int r = 0; r < n; r++) c[r] = cat.codes()[r] == level ? 1.0 : 0.0;
                        factorCols.add(c);
                        factorNames.add(v.label() + cat.levels().get(level));
                    }
                }
                List<double[]> nextCols = new ArrayList<>();
                List<String> nextNames = new ArrayList<>();
                for (int f = 0; f < factorCols.size(); f++) {
                    for (int e = 0; e < termCols.size(); e++) {
                        double[] prev = termCols.get(e);
                        double[] cur = factorCols.get(f);
                        double[] prod;
                        if (prev == null) prod = cur.clone();
                        else {
                            prod = new double[n];
                            for (int r = 0; r < n; r++) prod[r] = prev[r] * cur[r];
                        }
                        nextCols.add(prod);
                        nextNames.add(termNames.get(e).isEmpty() ? factorNames.get(f) : termNames.get(e) + ":" + factorNames.get(f));
                    }
                }
                termCols = nextCols;
                termNames = nextNames;
            }
            for (int c = 0; c < termCols.size(); c++) {
                if (termCols.get(c) == null) continue;
                cols.add(termCols.get(c));
                names.add(termNames.get(c));
                termOf.add(j);
            }
        }
        return new Columns(names, cols, termOf);
    }

    private static boolean codedByContrasts(List<Term> terms, int j, int variable) {
        BitSet rest = (BitSet) terms.get(j).variables().clone();
        rest.clear(variable);
        if (rest.isEmpty()) return true;
        for (int t = 0; t < j; t++) {
            BitSet extra = (BitSet) rest.clone();
            extra.andNot(terms.get(t).variables());
            if (extra.isEmpty()) return true;
        }
        return false;
    }

    /** Result of {@link #dropAliased}: the indices of the columns kept and of those dropped. */
    public record Rank(int[] kept, int[] dropped) {}

    /**
     * Finds columns that are linear combinations of earlier ones, as R's QR with limited pivoting
     * (dqrdc2, tolerance 1e-7) does for lm and lme4: a column whose norm after orthogonalising
     * against the kept columns falls below 1e-7 of its original norm is aliased.
     *
     * <p>Fast path first: a sequential Cholesky of the Gram matrix X'X (with sparse dot products for
     * indicator columns) gives each column's relative residual norm. When every column is clearly
     * independent (relative residual ≥ 1e-3, far from the 1e-7 tolerance where X'X's rounding could
     * matter) that is the answer; otherwise the exact Gram–Schmidt decides.
     */
    public static Rank dropAliased(List<double[]> columns, int n) {
        Rank fast = clearlyFullRank(columns, n);
        return fast != null ? fast : gramSchmidt(columns, n);
    }

    private static Rank clearlyFullRank(List<double[]> columns, int n) {
        int p = columns.size();
        int[][] nonZeros = new int[p][];
        for (int c = 0; c < p; c++) {
            double[] v = columns.get(c);
            int count = 0;
            for (int r = 0; r < n; r++) if (v[r] != 0) count++;
            if (count == 0) return null;
            if (count < n / 4) {
                int[] idx = new int[count];
                for (int r = 0, k = 0; r < n; r++) if (v[r] != 0) idx[k++] = r;
                nonZeros[c] = idx;
            }
        }
        double[][] l = new double[p][p];
        for (int j = 0; j < p; j++) {
            double[] g = new double[j + 1];
            for (int k = 0; k <= j; k++) g[k] = dot(columns.get(j), nonZeros[j], columns.get(k), nonZeros[k], n);
            double norm2 = g[j];
            for (int k = 0; k < j; k++) {
                double s = g[k];
                for (int m = 0; m < k; m++) s -= l[j][m] * l[k][m];
                l[j][k] = s / l[k][k];
            }
            double d = norm2;
            for (int m = 0; m < j; m++) d -= l[j][m] * l[j][m];
            if (!(d > 1e-6 * norm2)) return null; // relative residual below 1e-3: let Gram–Schmidt decide
            l[j][j] = Math.sqrt(d);
        }
        int[] kept = new int[p];
        for (int c = 0; c < p; c++) kept[c] = c;
        return new Rank(kept, new int[0]);
    }

    private static double dot(double[] a, int[] aIdx, double[] b, int[] bIdx, int n) {
        double s = 0;
        if (aIdx != null && (bIdx == null || aIdx.length <= bIdx.length)) {
            for (int r : aIdx) s += a[r] * b[r];
        } else if (bIdx != null) {
            for (int r : bIdx) s += a[r] * b[r];
        } else {
            for (int r = 0; r < n; r++) s += a[r] * b[r];
        }
        return s;
    }

    private static Rank gramSchmidt(List<double[]> columns, int n) {
        List<double[]> basis = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        List<Integer> dropped = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            double[] v = columns.get(c).clone();
            double norm0 = norm(v);
            if (norm0 == 0) { dropped.add(c); continue; }
            for (int pass = 0; pass < 2; pass++) {
                for (double[] q : basis) {
                    double dot = 0;
                    for (int r = 0; r < n; r++) dot += q[r] * v[r];
                    for (int r = 0; r < n; r++) v[r] -= dot * q[r];
                }
            }
            double norm1 = norm(v);
            if (norm1 < 1e-7 * norm0) { dropped.add(c); continue; }
            for (int r = 0; r < n; r++) v[r] /= norm1;
            basis.add(v);
            kept.add(c);
        }
        return new Rank(kept.stream().mapToInt(Integer::intValue).toArray(),
                dropped.stream().mapToInt(Integer::intValue).toArray());
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }
}
