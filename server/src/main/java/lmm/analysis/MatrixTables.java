package lmm.analysis;

import java.util.ArrayList;
import java.util.List;
import lmm.fit.FitResult;
import lmm.fit.RandomEffects;
import lmm.fit.VarCorrRow;
import lmm.model.BoundModel;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;

/**
 * The tables a user reads to understand a model: Y, X and Z before the fit (as the seed document
 * lays them out), and after it β, u, the variance components and the row-by-row decomposition
 * Y = Xβ + Zu + e. One place for the command line, the hover and the result tabs.
 * Row labels are the data file's row numbers (1-based, header excluded).
 */
public final class MatrixTables {
    private MatrixTables() {}

    /** Show every row / column. */
    public static final int ALL = Integer.MAX_VALUE;

    public static TextTable y(BoundModel m, int maxRows) {
        DesignMatrices d = m.matrices();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(maxRows, d.n()); i++) rows.add(List.of(rowLabel(m, i), Num.format(d.y()[i])));
        return new TextTable("Y (" + d.n() + " × 1)", List.of("row", d.response()), rows, d.n(), 2);
    }

    public static TextTable x(BoundModel m, int maxRows, int maxCols) {
        DesignMatrices d = m.matrices();
        int cols = Math.min(maxCols, d.p());
        List<String> header = new ArrayList<>();
        header.add("row");
        for (int j = 0; j < cols; j++) header.add(d.xNames().get(j));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(maxRows, d.n()); i++) {
            List<String> r = new ArrayList<>();
            r.add(rowLabel(m, i));
            for (int j = 0; j < cols; j++) r.add(Num.format(d.x().get(i, j)));
            rows.add(r);
        }
        return new TextTable("X (" + d.n() + " × " + d.p() + ")", header, rows, d.n(), d.p() + 1);
    }

    /** Z in lme4's layout: a block per random term (lme4's order), within it the columns of one level together. */
    public static TextTable z(BoundModel m, int maxRows, int maxCols) {
        DesignMatrices d = m.matrices();
        List<RandomTerm> terms = d.randomTermsInLme4Order();
        boolean plainLevels = terms.size() == 1 && terms.get(0).k() == 1;
        List<String> header = new ArrayList<>();
        header.add("row");
        List<int[]> columns = new ArrayList<>(); // {term, level, covariate}
        outer:
        for (int t = 0; t < terms.size(); t++) {
            RandomTerm rt = terms.get(t);
            for (int l = 0; l < rt.levelCount(); l++) {
                for (int j = 0; j < rt.k(); j++) {
                    if (columns.size() >= maxCols) break outer;
                    columns.add(new int[] {t, l, j});
                    String level = rt.levels().get(l);
                    header.add(plainLevels ? level
                            : rt.group() + " " + level + (rt.k() > 1 ? " " + rt.columnNames().get(j) : ""));
                }
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(maxRows, d.n()); i++) {
            List<String> r = new ArrayList<>();
            r.add(rowLabel(m, i));
            for (int[] c : columns) {
                RandomTerm rt = terms.get(c[0]);
                r.add(rt.refs()[i] == c[1] ? Num.format(rt.z()[c[2]][i]) : "0");
            }
            rows.add(r);
        }
        String groups = String.join(", ", terms.stream().map(RandomTerm::group).distinct().toList());
        return new TextTable("Z (" + d.n() + " × " + d.q() + "): " + groups, header, rows, d.n(), d.q() + 1);
    }

    /**
     * The layout of the relative covariance factor Λθ as lme4 builds it: block diagonal, one k × k
     * lower-triangular template per random term (lme4's order), repeated for each of its levels;
     * θ numbered across the terms. Dimensions match Z's columns.
     */
    public static String lambdaLayout(BoundModel m) {
        DesignMatrices d = m.matrices();
        StringBuilder sb = new StringBuilder("Λθ (" + d.q() + " × " + d.q() + "): block diagonal, Var(u) = σ² ΛθΛθ'\n");
        int next = 1;
        for (RandomTerm t : d.randomTermsInLme4Order()) {
            int k = t.k();
            String[][] cell = new String[k][k];
            for (int c = 0; c < k; c++) for (int r = 0; r < k; r++) cell[r][c] = r >= c ? "θ" + next++ : "0";
            List<String> rows = new ArrayList<>();
            for (int r = 0; r < k; r++) rows.add(String.join(" ", cell[r]));
            sb.append("  ").append(t.group()).append(" (").append(String.join(", ", t.columnNames())).append("): [")
              .append(String.join("; ", rows)).append("] for each of ").append(t.levelCount()).append(" levels\n");
        }
        return sb.toString();
    }

    /** The decomposition Y = Xβ + Zu + e, row by row, with the largest error of the sum. */
    public static TextTable decomposition(BoundModel m, FitResult r, int maxRows) {
        return decomposition(m, r, Decomposition.of(m, r), maxRows);
    }

    /** As above, from the fit's decomposition already computed (n rows each: a caller that also prints its check). */
    public static TextTable decomposition(BoundModel m, FitResult r, Decomposition dec, int maxRows) {
        DesignMatrices d = m.matrices();
        double[] e = r.residuals(); // FitResult's accessors copy: once, not per row
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(maxRows, d.n()); i++) {
            rows.add(List.of(rowLabel(m, i), Num.format(d.y()[i]), Num.format(dec.xb[i]), Num.format(dec.zu[i]),
                    Num.format(e[i])));
        }
        List<String> header = m.isMixed() ? List.of("row", "Y", "Xβ", "Zu", "e") : List.of("row", "Y", "Xβ", "(no Z)", "e");
        return new TextTable("Y = Xβ + Zu + e", header, rows, d.n(), header.size());
    }

    /** Xβ and Zu per row, and the largest |Y − (Xβ + Zu + e)|. */
    public record Decomposition(double[] xb, double[] zu, double maxError) {
        /** max |Y − (Xβ + Zu + e)| and max |Y| of a fit, computed once per fit (a hover shows them; n rows each). */
        public record Check(double maxError, double scale) {
            /** Whether the parts add up to Y to rounding. */
            public boolean holds() { return maxError <= 1e-9 * Math.max(1, scale); }
        }

        private static final java.util.Map<FitResult, Check> CHECKS = new java.util.WeakHashMap<>();

        public static Check check(BoundModel m, FitResult r) {
            synchronized (CHECKS) {
                Check c = CHECKS.get(r);
                if (c != null) return c;
            }
            double scale = 0;
            for (double y : m.matrices().y()) scale = Math.max(scale, Math.abs(y));
            Check c = new Check(of(m, r).maxError(), scale);
            synchronized (CHECKS) {
                CHECKS.put(r, c);
            }
            return c;
        }

        public static Decomposition of(BoundModel m, FitResult r) {
            DesignMatrices d = m.matrices();
            int n = d.n();
            double[] beta = r.beta();
            double[] xb = new double[n];
            double[] x = d.x().data; // row-major, numCols to a row
            int p = d.p(), stride = d.x().numCols;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < p; j++) s += x[i * stride + j] * beta[j];
                xb[i] = s;
            }
            double[] zu = new double[n];
            List<RandomTerm> terms = r.termsInThetaOrder();
            double[][] b = r.b();
            for (int t = 0; t < terms.size(); t++) {
                RandomTerm rt = terms.get(t);
                int k = rt.k();
                int[] refs = rt.refs();
                double[][] z = rt.z();
                double[] bt = b[t];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < k; j++) zu[i] += z[j][i] * bt[refs[i] * k + j];
                }
            }
            double[] e = r.residuals();
            double[] y = d.y();
            double worst = 0;
            for (int i = 0; i < n; i++) worst = Math.max(worst, Math.abs(y[i] - (xb[i] + zu[i] + e[i])));
            return new Decomposition(xb, zu, worst);
        }
    }

    public static TextTable fixef(FitResult r) {
        var f = r.fixef();
        List<List<String>> rows = new ArrayList<>();
        double[] est = f.estimate(), se = f.stdError(), t = f.tValue();
        for (int j = 0; j < f.names().size(); j++) {
            rows.add(List.of(f.names().get(j), Num.format(est[j]), Num.format(se[j]), Num.format(t[j], 4)));
        }
        return new TextTable("Fixed effects β", List.of("term", "estimate", "std. error", "t value"), rows);
    }

    /** u: the conditional modes of one grouping factor, one row per level. */
    public static TextTable ranef(RandomEffects re, int maxRows) {
        List<String> header = new ArrayList<>();
        header.add("level");
        header.addAll(re.terms());
        double[][] v = re.values();
        List<List<String>> rows = new ArrayList<>();
        for (int l = 0; l < Math.min(maxRows, re.levels().size()); l++) {
            List<String> row = new ArrayList<>();
            row.add(re.levels().get(l));
            // six significant digits: the precision the seed document prints u with
            for (double x : v[l]) row.add(Num.format(x, 6));
            rows.add(row);
        }
        return new TextTable("u: " + re.group() + " (" + re.levels().size() + " levels)", header, rows,
                re.levels().size(), header.size());
    }

    public static TextTable varcorr(FitResult r) {
        List<List<String>> rows = new ArrayList<>();
        for (VarCorrRow v : r.varcorr()) {
            rows.add(List.of(v.group(), v.term() == null ? "" : v.term(), Num.format(v.variance(), 5), Num.format(v.stdDev(), 5)));
        }
        return new TextTable("Random effects", List.of("group", "term", "variance", "std. dev."), rows);
    }

    /** The correlations of the random effects within each grouping factor (as the command line prints them), if any. */
    public static java.util.Optional<TextTable> correlations(FitResult r) {
        if (r.corr().isEmpty()) return java.util.Optional.empty();
        List<List<String>> rows = new ArrayList<>();
        for (var c : r.corr()) rows.add(List.of(c.group(), c.terms().get(0), c.terms().get(1), Num.format(c.value(), 4)));
        return java.util.Optional.of(new TextTable("Correlations of the random effects", List.of("group", "term", "term", "correlation"), rows));
    }

    /** Y, the fitted values and the residuals, row by row. */
    public static TextTable residuals(BoundModel m, FitResult r, int maxRows) {
        DesignMatrices d = m.matrices();
        double[] fitted = r.fitted(), e = r.residuals();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(maxRows, d.n()); i++) {
            rows.add(List.of(rowLabel(m, i), Num.format(d.y()[i]), Num.format(fitted[i]), Num.format(e[i])));
        }
        return new TextTable("Residuals e = Y − Xβ − Zu", List.of("row", "Y", "fitted", "e"), rows, d.n(), 4);
    }

    static String rowLabel(BoundModel m, int i) { return Integer.toString(m.rows()[i] + 1); }
}
