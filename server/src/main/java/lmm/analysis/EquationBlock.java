package lmm.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import lmm.fit.FitResult;
import lmm.model.BoundModel;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;

/**
 * The model drawn as the seed document draws it: Y, X and Z side by side as one aligned block of
 * text, {@code Y = X β + Z u + e}, and after a fit β, u and e beside them (β and u as column vectors
 * stacked from the first row, e row by row). Only a part fits on a screen, so the part is chosen to
 * show the pattern: rows such that every level of every grouping factor appears at least once when
 * that fits in the row budget (else the first rows), and of Z the columns of the levels those rows
 * fall in, shared fairly between the random terms, with counts of the rest.
 */
public final class EquationBlock {
    /** Z columns shown at most (all terms together); X columns likewise. */
    public static final int MAX_Z_COLUMNS = 12, MAX_X_COLUMNS = 8;
    /** Significant digits of the fitted values β, u and e. */
    static final int FIT_DIGITS = 5;

    private final BoundModel model;
    private final FitResult fit;
    private final int[] rows;
    private final boolean covering;
    private final int xColumns;
    private final List<int[]> zColumns = new ArrayList<>(); // {term, level, covariate}
    private final List<RandomTerm> terms;

    private EquationBlock(BoundModel model, FitResult fit, int maxRows) {
        this.model = model;
        this.fit = fit;
        DesignMatrices d = model.matrices();
        this.terms = d.randomTermsInLme4Order();
        int[] cover = coveringRows(terms, d.n(), Math.max(1, maxRows));
        this.covering = cover != null;
        this.rows = cover != null ? cover : firstRows(Math.min(d.n(), Math.max(1, maxRows)));
        this.xColumns = Math.min(d.p(), MAX_X_COLUMNS);
        chooseZColumns();
    }

    /** @param fit a current fit of this model, or null before fitting */
    public static EquationBlock of(BoundModel model, FitResult fit, int maxRows) {
        return new EquationBlock(model, fit, maxRows);
    }

    /** The data rows shown (indices into the model's rows). */
    public int[] rows() { return rows.clone(); }

    /** Z columns shown, as {term index in lme4 order, level, covariate}. */
    public List<int[]> zColumns() { return zColumns; }

    // ------------------------------------------------------------------ choice of rows and columns

    /**
     * All rows when they fit; else a greedy cover of every level of every term, filled up with the first
     * other rows, in row order; null when the cover needs too many rows.
     */
    static int[] coveringRows(List<RandomTerm> terms, int n, int maxRows) {
        if (n <= maxRows) return firstRows(n);
        BitSet[] seen = new BitSet[terms.size()];
        int needed = 0;
        for (int t = 0; t < terms.size(); t++) {
            seen[t] = new BitSet(terms.get(t).levelCount());
            needed += terms.get(t).levelCount();
        }
        if (terms.isEmpty()) return null;
        int[] picked = new int[maxRows];
        int count = 0, covered = 0;
        for (int i = 0; i < n && covered < needed; i++) {
            boolean fresh = false;
            for (int t = 0; t < terms.size(); t++) {
                int l = terms.get(t).refs()[i];
                if (!seen[t].get(l)) { seen[t].set(l); covered++; fresh = true; }
            }
            if (!fresh) continue;
            if (count == maxRows) return null;
            picked[count++] = i;
        }
        if (covered < needed) return null;
        // the rest of the budget: the first rows not yet picked, so that a level shows with several rows
        BitSet chosen = new BitSet(n);
        for (int j = 0; j < count; j++) chosen.set(picked[j]);
        for (int i = 0; i < n && count < maxRows; i++) if (!chosen.get(i)) { chosen.set(i); count++; }
        return chosen.stream().toArray();
    }

    private static int[] firstRows(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    /** The levels the chosen rows fall in, per term; then round-robin over the terms within the budget. */
    private void chooseZColumns() {
        List<List<Integer>> levels = new ArrayList<>();
        for (RandomTerm t : terms) {
            BitSet used = new BitSet(t.levelCount());
            for (int i : rows) used.set(t.refs()[i]);
            List<Integer> ls = new ArrayList<>();
            for (int l = used.nextSetBit(0); l >= 0; l = used.nextSetBit(l + 1)) ls.add(l);
            levels.add(ls);
        }
        int[] taken = new int[terms.size()];
        int budget = MAX_Z_COLUMNS;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int t = 0; t < terms.size(); t++) {
                int k = terms.get(t).k();
                if (taken[t] < levels.get(t).size() && (k <= budget || budget == MAX_Z_COLUMNS)) {
                    taken[t]++;
                    budget -= k;
                    progress = true;
                }
            }
            if (budget <= 0) break;
        }
        for (int t = 0; t < terms.size(); t++) {
            for (int i = 0; i < taken[t]; i++) {
                for (int j = 0; j < terms.get(t).k(); j++) zColumns.add(new int[] {t, levels.get(t).get(i), j});
            }
        }
    }

    // ------------------------------------------------------------------ rendering

    private String rendered;
    private boolean zNamesInNotes;

    /** The aligned block: a header line of matrix names, one of column labels (two for terms with slopes), then the rows. */
    public String render() {
        if (rendered == null) rendered = draw();
        return rendered;
    }

    private String draw() {
        DesignMatrices d = model.matrices();
        boolean mixed = !terms.isEmpty();
        Grid g = new Grid();
        // columns: row | Y | op | X... | β | op | Z... | u | op | e
        int cRow = g.column(true), cY = g.column(true), cEq = g.column(false);
        int[] cX = new int[xColumns];
        for (int j = 0; j < xColumns; j++) cX[j] = g.column(true);
        int cBeta = g.column(true);
        int cPlusZ = mixed ? g.column(false) : -1;
        int[] cZ = new int[zColumns.size()];
        for (int j = 0; j < cZ.length; j++) cZ[j] = g.column(true);
        int cU = mixed ? g.column(true) : -1;
        int cPlusE = g.column(false), cE = g.column(true);

        boolean slopes = terms.stream().anyMatch(t -> t.k() > 1);
        int header = slopes ? 3 : 2;
        // line 0: matrix names; line 1: column names (Z: level; with slopes the covariate on line 2)
        g.put(0, cY, "Y");
        if (xColumns > 0) g.span(0, cX[0], cX[xColumns - 1], "X" + (d.p() > xColumns ? " (" + xColumns + " of " + d.p() + " columns)" : ""));
        g.put(0, cBeta, "β");
        if (mixed) {
            for (int t = 0; t < terms.size(); t++) {
                int first = -1, last = -1;
                for (int j = 0; j < cZ.length; j++) if (zColumns.get(j)[0] == t) { if (first < 0) first = j; last = j; }
                if (first >= 0) g.span(0, cZ[first], cZ[last], (t == 0 ? "Z " : "") + terms.get(t).group(), t == 0 ? "Z" : "");
            }
            g.put(0, cU, "u");
        }
        g.put(0, cE, "e");
        g.put(1, cRow, "row");
        g.put(1, cY, d.response());
        // the intercept's column is labelled as formulas write it, 1 (R's "(Intercept)" would widen the block by ten characters)
        for (int j = 0; j < xColumns; j++) g.put(1, cX[j], d.xNames().get(j).equals("(Intercept)") ? "1" : d.xNames().get(j));
        for (int j = 0; j < cZ.length; j++) {
            int[] c = zColumns.get(j);
            RandomTerm t = terms.get(c[0]);
            String level = t.levels().get(c[1]);
            if (!slopes) g.put(1, cZ[j], level);
            else {
                if (c[2] == 0) g.span(1, cZ[j], cZ[j + t.k() - 1], level);
                String cov = t.columnNames().get(c[2]);
                g.put(2, cZ[j], cov.equals("(Intercept)") ? "1" : cov);
            }
        }

        double[] beta = fit == null ? null : fit.beta();
        double[] e = fit == null ? null : fit.residuals();
        double[] u = fit == null ? null : uOfShownColumns();
        int lines = Math.max(rows.length, fit == null ? 1 : Math.max(xColumns, zColumns.size()));
        for (int r = 0; r < lines; r++) {
            int line = header + r;
            if (r < rows.length) {
                int i = rows[r];
                g.put(line, cRow, MatrixTables.rowLabel(model, i));
                g.put(line, cY, Num.format(d.y()[i]));
                for (int j = 0; j < xColumns; j++) g.put(line, cX[j], Num.format(d.x().get(i, j)));
                for (int j = 0; j < cZ.length; j++) {
                    int[] c = zColumns.get(j);
                    RandomTerm t = terms.get(c[0]);
                    g.put(line, cZ[j], t.refs()[i] == c[1] ? Num.format(t.z()[c[2]][i]) : "0");
                }
                if (e != null) g.put(line, cE, Num.format(e[i], FIT_DIGITS));
            }
            if (beta != null && r < xColumns) g.put(line, cBeta, Num.format(beta[r], FIT_DIGITS));
            if (u != null && r < u.length) g.put(line, cU, Num.format(u[r], FIT_DIGITS));
        }
        // the operators on the first row, as in Y = X β + Z u + e
        g.put(header, cEq, "=");
        if (mixed) g.put(header, cPlusZ, "+");
        g.put(header, cPlusE, "+");
        if (fit == null) {
            g.put(header, cBeta, "β");
            if (mixed) g.put(header, cU, "u");
            g.put(header, cE, "e");
        }
        String text = g.render();
        zNamesInNotes = g.fellBack > 0;
        return text;
    }

    /** b (the seed's u) for the Z columns shown, in their order. */
    private double[] uOfShownColumns() {
        double[][] b = fit.b();
        List<RandomTerm> fitted = fit.termsInThetaOrder();
        double[] out = new double[zColumns.size()];
        for (int j = 0; j < out.length; j++) {
            int[] c = zColumns.get(j);
            RandomTerm t = terms.get(c[0]);
            int ti = fitted.indexOf(t);
            if (ti < 0) ti = c[0];
            out[j] = b[ti][c[1] * t.k() + c[2]];
        }
        return out;
    }

    /** What is left out, one sentence each: rows and Z columns not shown. */
    public List<String> notes() {
        DesignMatrices d = model.matrices();
        List<String> out = new ArrayList<>();
        render();
        if (zNamesInNotes) {
            out.add("Z: the columns of " + String.join(", then ", terms.stream()
                    .map(t -> t.group() + (t.k() > 1 ? " (" + String.join(", ", t.columnNames()) + ")" : "")).toList())
                    + ", by level");
        }
        int n = d.n();
        if (rows.length < n) {
            if (covering) {
                List<String> groups = terms.stream().map(RandomTerm::group).distinct().toList();
                out.add(rows.length + " of " + n + " rows, chosen so that every level of " + String.join(" and ", groups) + " appears");
            } else {
                out.add("the first " + rows.length + " of " + n + " rows");
            }
        }
        for (int t = 0; t < terms.size(); t++) {
            RandomTerm rt = terms.get(t);
            final int ti = t;
            long shown = zColumns.stream().filter(c -> c[0] == ti).count();
            if (shown < rt.columnCount()) {
                out.add("Z " + rt.group() + ": " + shown + " of " + rt.columnCount() + " columns shown (" + (rt.columnCount() - shown) + " more)");
            }
        }
        return out;
    }

    /** Y n × 1 = X n × p · β p × 1 + Z n × q · u q × 1 + e n × 1. */
    public String dimensions() {
        DesignMatrices d = model.matrices();
        int n = d.n(), p = d.p(), q = d.q();
        StringBuilder sb = new StringBuilder("Y ").append(n).append(" × 1 = X ").append(n).append(" × ").append(p)
                .append(" · β ").append(p).append(" × 1");
        if (!terms.isEmpty()) sb.append(" + Z ").append(n).append(" × ").append(q).append(" · u ").append(q).append(" × 1");
        return sb.append(" + e ").append(n).append(" × 1").toString();
    }

    /** A grid of cells: columns right-aligned (numbers) or centred operators; labels may span columns. */
    private static final class Grid {
        private final List<Boolean> wide = new ArrayList<>();
        private final List<List<String>> cells = new ArrayList<>();
        private final List<int[]> spans = new ArrayList<>(); // {line, from, to}
        private final List<String> spanText = new ArrayList<>();

        int column(boolean data) { wide.add(data); return wide.size() - 1; }

        void put(int line, int col, String text) {
            if (col < 0) return;
            while (cells.size() <= line) cells.add(new ArrayList<>());
            List<String> l = cells.get(line);
            while (l.size() <= col) l.add("");
            l.set(col, text);
        }

        private final List<String> spanFallback = new ArrayList<>();
        /** Spans whose label did not fit and were drawn with their fallback. */
        int fellBack;

        void span(int line, int from, int to, String text) { span(line, from, to, text, null); }

        /** A label over columns from..to; when it is wider than they are, the fallback (if any) instead of widening them. */
        void span(int line, int from, int to, String text, String fallback) {
            while (cells.size() <= line) cells.add(new ArrayList<>());
            spans.add(new int[] {line, from, to});
            spanText.add(text);
            spanFallback.add(fallback);
        }

        String render() {
            int cols = wide.size();
            int[] w = new int[cols];
            for (List<String> l : cells) for (int c = 0; c < l.size(); c++) w[c] = Math.max(w[c], l.get(c).length());
            // a spanning label wider than its columns widens the last of them
            for (int s = 0; s < spans.size(); s++) {
                int[] sp = spans.get(s);
                int have = 0;
                for (int c = sp[1]; c <= sp[2]; c++) have += w[c] + (c > sp[1] ? 1 : 0);
                int need = spanText.get(s).length();
                if (need > have && spanFallback.get(s) != null) {
                    spanText.set(s, spanFallback.get(s));
                    fellBack++;
                    need = spanText.get(s).length();
                }
                if (need > have) w[sp[2]] += need - have;
            }
            StringBuilder out = new StringBuilder();
            for (int line = 0; line < cells.size(); line++) {
                char[] buf = new char[totalWidth(w)];
                Arrays.fill(buf, ' ');
                List<String> l = cells.get(line);
                int x = 0;
                for (int c = 0; c < cols; c++) {
                    if (w[c] == 0) continue;
                    String t = c < l.size() ? l.get(c) : "";
                    // header labels (lines above the data) start at the column; data are right-aligned
                    int at = isLabel(line) ? x : x + w[c] - t.length();
                    t.getChars(0, t.length(), buf, at);
                    x += w[c] + 1;
                }
                for (int s = 0; s < spans.size(); s++) {
                    int[] sp = spans.get(s);
                    if (sp[0] != line) continue;
                    int start = 0;
                    for (int c = 0; c < sp[1]; c++) if (w[c] > 0) start += w[c] + 1;
                    String t = spanText.get(s);
                    t.getChars(0, t.length(), buf, start);
                }
                out.append(new String(buf).stripTrailing()).append('\n');
            }
            return out.toString();
        }

        private boolean isLabel(int line) {
            // the label lines are those before the first line that has a row label in column 0
            for (int l = 0; l <= line; l++) {
                List<String> cs = cells.get(l);
                if (!cs.isEmpty() && !cs.get(0).isEmpty() && !cs.get(0).equals("row")) return false;
            }
            return true;
        }

        private static int totalWidth(int[] w) {
            int t = 0;
            for (int x : w) if (x > 0) t += x + 1;
            return Math.max(0, t - 1) + 64;
        }
    }
}
