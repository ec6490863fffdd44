package lmm.inference;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmm.model.BoundModel;
import lmm.model.ExpandedFormula;
import lmm.model.ModelMatrixBuilder;
import lmm.model.Term;
import lmm.model.VariableValues;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.SingularValueDecomposition;

/**
 * The hypothesis matrix L of each fixed-effect term for lmerTest's type III table
 * (get_contrasts_type3 → extract_contrasts_type3, treatment coding): L₀ = (X⁺ X̃)' with X̃ the
 * overparameterised design (every level of every term), then, from the highest order down, the
 * columns of a term orthogonalised against those of the terms that contain it (SAS's containment:
 * same covariates, more factors). With at most one term lmerTest uses the type I contrasts instead:
 * the rows of the Doolittle factor of X'X. Rows with no weight are dropped, as lmerTest does.
 */
final class TermContrasts {
    private TermContrasts() {}

    /** Term label → its contrast rows (p columns), in formula order; terms without columns are left out. */
    static Map<String, double[][]> typeThree(BoundModel m) {
        ExpandedFormula f = m.formula();
        List<Term> terms = f.terms();
        // X by columns (p × n): at 10⁶ rows an n × p array of rows is 10⁶ small arrays to allocate and
        // transpose back, most of this method's time; the sums below run over the rows in the same order
        double[][] x = columns(m);
        int p = m.matrices().p();
        Map<String, List<Integer>> map = new LinkedHashMap<>();
        for (Term t : terms) map.put(f.label(t), new ArrayList<>());
        for (int c = 0; c < p; c++) {
            int t = m.termOfColumn().get(c);
            if (t >= 0) map.get(f.label(terms.get(t))).add(c);
        }
        Map<String, double[][]> out = new LinkedHashMap<>();
        if (p <= 1 || terms.size() <= 1) {
            if (p == 0 || (p == 1 && f.intercept())) return out;
            double[][] xtx = gram(x);
            double[][] lt = p == 1 ? new double[][] {{1}} : Matrices.transpose(doolittleL(xtx));
            for (var e : map.entrySet()) {
                if (e.getValue().isEmpty()) continue;
                double[][] rows = new double[e.getValue().size()][];
                for (int i = 0; i < rows.length; i++) rows[i] = lt[e.getValue().get(i)].clone();
                out.put(e.getKey(), nonZeroRows(rows));
            }
            return out;
        }
        // the overparameterised design: the intercept, then per term "~ 0 + term"
        int n = m.matrices().n();
        List<String> rdNames = new ArrayList<>();
        List<double[]> rdCols = new ArrayList<>();
        if (f.intercept()) {
            double[] one = new double[n];
            java.util.Arrays.fill(one, 1);
            rdNames.add("(Intercept)");
            rdCols.add(one);
        }
        for (Term t : terms) {
            ModelMatrixBuilder.Columns c = ModelMatrixBuilder.build(f.variables(), m.fixedValues(), false, List.of(t), n);
            rdNames.addAll(c.names());
            rdCols.addAll(c.columns());
        }
        // L0 = t(ginv(X) rdX) = rdX' X (X'X)⁻¹: one row per overparameterised column, p columns
        double[][] xtxInv = Matrices.inverse(gram(x));
        int r = rdCols.size();
        double[][] l = new double[r][];
        for (int i = 0; i < r; i++) {
            double[] col = rdCols.get(i);
            double[] xt = new double[p];
            for (int j = 0; j < p; j++) {
                double[] xj = x[j];
                double sum = 0;
                for (int row = 0; row < n; row++) {
                    if (col[row] != 0) sum += col[row] * xj[row];
                }
                xt[j] = sum;
            }
            double[] li = new double[p];
            for (int j = 0; j < p; j++) li[j] = Matrices.dot(xt, xtxInv[j]);
            l[i] = li;
        }
        zapsmall(l);
        // containment, then orthogonalisation from the highest order down (stable among equal orders)
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) order.add(i);
        order.sort((a, b) -> Integer.compare(terms.get(b).order(), terms.get(a).order()));
        for (int ti : order) {
            Term term = terms.get(ti);
            List<Integer> cols = map.get(f.label(term));
            if (cols.isEmpty()) continue;
            List<Integer> containing = new ArrayList<>();
            for (Term other : terms) {
                if (contains(other, term, m.fixedValues())) containing.addAll(map.get(f.label(other)));
            }
            if (containing.isEmpty()) continue;
            double[][] resid = residuals(l, containing, cols);
            zapsmall(resid);
            for (int i = 0; i < r; i++) {
                for (int c = 0; c < cols.size(); c++) l[i][cols.get(c)] = resid[i][c];
            }
        }
        // keep the rows of X's columns (by name), then per term its columns as rows
        List<String> xNames = m.matrices().xNames();
        double[][] kept = new double[p][];
        for (int j = 0; j < p; j++) {
            int at = rdNames.indexOf(xNames.get(j));
            kept[j] = at >= 0 ? l[at] : new double[p];
        }
        for (var e : map.entrySet()) {
            if (e.getValue().isEmpty()) continue;
            double[][] rows = new double[e.getValue().size()][p];
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < p; j++) rows[i][j] = kept[j][e.getValue().get(i)];
            }
            out.put(e.getKey(), nonZeroRows(rows));
        }
        return out;
    }

    /** X'X from X's columns. */
    private static double[][] gram(double[][] cols) {
        int p = cols.length;
        double[][] g = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b <= a; b++) g[a][b] = g[b][a] = Matrices.dot(cols[a], cols[b]);
        }
        return g;
    }

    private static double[][] columns(BoundModel m) {
        var x = m.matrices().x();
        double[][] cols = new double[x.numCols][x.numRows];
        for (int i = 0; i < x.numRows; i++) {
            for (int j = 0; j < x.numCols; j++) cols[j][i] = x.get(i, j);
        }
        return cols;
    }

    /** SAS's containment as lmerTest's term_contain: big has every variable of small and more, and the same covariates. */
    private static boolean contains(Term big, Term small, List<VariableValues> values) {
        BitSet b = big.variables(), s = small.variables();
        if (b.equals(s)) return false;
        BitSet rest = (BitSet) s.clone();
        rest.andNot(b);
        if (!rest.isEmpty()) return false;
        return numeric(b, values).equals(numeric(s, values));
    }

    private static BitSet numeric(BitSet vars, List<VariableValues> values) {
        BitSet out = new BitSet();
        for (int i = vars.nextSetBit(0); i >= 0; i = vars.nextSetBit(i + 1)) {
            if (values.get(i) instanceof VariableValues.Numeric) out.set(i);
        }
        return out;
    }

    /** Residuals of the columns ys of l regressed (over l's rows) on its columns xs: lm.fit's resid. */
    private static double[][] residuals(double[][] l, List<Integer> xs, List<Integer> ys) {
        int r = l.length;
        double[][] a = new double[r][xs.size()];
        for (int i = 0; i < r; i++) {
            for (int c = 0; c < xs.size(); c++) a[i][c] = l[i][xs.get(c)];
        }
        SingularValueDecomposition svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(a));
        double[] s = svd.getSingularValues();
        double tol = 1e-7 * (s.length > 0 ? s[0] : 0);
        double[][] u = svd.getU().getData();
        double[][] out = new double[r][ys.size()];
        for (int c = 0; c < ys.size(); c++) {
            double[] y = new double[r];
            for (int i = 0; i < r; i++) y[i] = l[i][ys.get(c)];
            double[] fit = new double[r];
            for (int k = 0; k < s.length; k++) {
                if (!(s[k] > tol)) continue;
                double proj = 0;
                for (int i = 0; i < r; i++) proj += u[i][k] * y[i];
                for (int i = 0; i < r; i++) fit[i] += proj * u[i][k];
            }
            for (int i = 0; i < r; i++) out[i][c] = y[i] - fit[i];
        }
        return out;
    }

    /** R's zapsmall(x, digits = 7) over the whole matrix. */
    static void zapsmall(double[][] a) {
        double mx = 0;
        for (double[] row : a) for (double v : row) mx = Math.max(mx, Math.abs(v));
        int digits = mx > 0 ? Math.max(0, 7 - (int) Math.ceil(Math.log10(mx))) : 7;
        double f = Math.pow(10, digits);
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) row[j] = Math.rint(row[j] * f) / f;
        }
    }

    private static double[][] nonZeroRows(double[][] rows) {
        List<double[]> keep = new ArrayList<>();
        for (double[] row : rows) {
            double s = 0;
            for (double v : row) s += Math.abs(v);
            if (s > 1e-8) keep.add(row);
        }
        return keep.toArray(new double[0][]);
    }

    /** lmerTest's doolittle(x)$L: the unit lower-triangular factor of x = LU, entries below 1e-6 set to 0. */
    static double[][] doolittleL(double[][] x) {
        int n = x.length;
        double[][] l = new double[n][n], u = new double[n][n];
        for (int i = 0; i < n; i++) l[i][i] = 1;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = x[i][j];
                for (int k = 0; k < i; k++) v -= l[i][k] * u[k][j];
                u[i][j] = v;
            }
            for (int j = i + 1; j < n; j++) {
                double v = x[j][i];
                for (int k = 0; k < i; k++) v -= l[j][k] * u[k][i];
                l[j][i] = Math.abs(u[i][i]) < 1e-6 ? 0 : v / u[i][i];
            }
        }
        for (double[] row : l) for (int j = 0; j < n; j++) if (Math.abs(row[j]) < 1e-6) row[j] = 0;
        return l;
    }
}
