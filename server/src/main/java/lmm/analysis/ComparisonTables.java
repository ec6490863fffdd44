package lmm.analysis;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import lmm.fit.compare.ComparisonResult;
import lmm.model.BoundComparison;

/**
 * A comparison as users read it: the JSON of {@code comparisons} (docs/results.md), the table as R's
 * print of {@code anova(...)} lays it out (command line, hover), and the one-line summary of the code lens.
 */
public final class ComparisonTables {
    private ComparisonTables() {}

    /**
     * R's print.anova (through printCoefmat): columns zapped to 5 significant digits and formatted with
     * 5; the test statistics (F, Chisq) rounded to 4 decimals, then formatted with 5; p values with 4.
     */
    private static final int DIGITS = 5, TEST_DECIMALS = 4, P_DIGITS = 4;

    public static JsonObject json(ComparisonResult c) {
        JsonObject o = new JsonObject();
        o.add("models", ResultJson.strings(c.models()));
        o.addProperty("test", c.test().name());
        o.addProperty("refitML", c.refitML());
        JsonArray table = new JsonArray();
        for (var r : c.lrt()) {
            JsonObject row = new JsonObject();
            row.addProperty("model", r.model());
            row.addProperty("formula", r.formula());
            row.addProperty("npar", r.npar());
            row.add("aic", ResultJson.number(r.aic()));
            row.add("bic", ResultJson.number(r.bic()));
            row.add("logLik", ResultJson.number(r.logLik()));
            row.add("deviance", ResultJson.number(r.deviance()));
            row.add("chisq", ResultJson.number(r.chisq()));
            row.add("df", whole(r.df()));
            row.add("p", ResultJson.number(r.p()));
            table.add(row);
        }
        for (var r : c.f()) {
            JsonObject row = new JsonObject();
            row.addProperty("model", r.model());
            row.addProperty("formula", r.formula());
            row.add("resDf", whole(r.resDf()));
            row.add("rss", ResultJson.number(r.rss()));
            row.add("df", whole(r.df()));
            row.add("sumOfSq", ResultJson.number(r.sumOfSq()));
            row.add("F", ResultJson.number(r.F()));
            row.add("p", ResultJson.number(r.p()));
            table.add(row);
        }
        o.add("table", table);
        return o;
    }

    /** Degrees of freedom are whole numbers: 1, not 1.0 (NaN: absent). */
    private static com.google.gson.JsonElement whole(double v) {
        return Double.isFinite(v) && v == Math.rint(v) ? new com.google.gson.JsonPrimitive((long) v) : ResultJson.number(v);
    }

    /** A comparison that could not be run: its models and why. */
    public static JsonObject failed(BoundComparison c, String message) {
        JsonObject o = new JsonObject();
        o.add("models", ResultJson.strings(c.names()));
        o.addProperty("test", c.test().name());
        o.addProperty("error", message);
        return o;
    }

    /** The table as R prints anova(...) of these models, with its heading lines; {@code data} names the data file. */
    public static String plain(ComparisonResult c, String data) {
        StringBuilder sb = new StringBuilder();
        sb.append("compare ").append(String.join(", ", c.models())).append('\n');
        if (c.refitML()) sb.append("refitting model(s) with ML (instead of REML)\n");
        if (c.test() == BoundComparison.Test.F) {
            sb.append("Analysis of Variance Table\n\n");
            for (int i = 0; i < c.f().size(); i++) sb.append("Model ").append(i + 1).append(": ").append(c.f().get(i).formula()).append('\n');
        } else {
            if (data != null) sb.append("Data: ").append(data).append('\n');
            sb.append("Models:\n");
            for (var r : c.lrt()) sb.append(r.model()).append(": ").append(r.formula()).append('\n');
        }
        sb.append(printed(table(c, true)));
        if (hasStars(c)) sb.append("---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n");
        return sb.toString();
    }

    /** As R's print.data.frame lays a table out: one space between columns, row names left-aligned, numbers right-aligned. */
    private static String printed(TextTable t) {
        int cols = t.header().size();
        int[] width = new int[cols];
        for (int c = 0; c < cols; c++) width[c] = t.header().get(c).length();
        for (List<String> r : t.rows()) for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], r.get(c).length());
        StringBuilder sb = new StringBuilder();
        List<List<String>> lines = new ArrayList<>();
        lines.add(t.header());
        lines.addAll(t.rows());
        for (List<String> r : lines) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String cell = r.get(c);
                if (c > 0) line.append(' ');
                if (c == 0) line.append(cell).append(" ".repeat(width[c] - cell.length()));
                else line.append(" ".repeat(width[c] - cell.length())).append(cell);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** For the hover: the table in Markdown, every cell escaped. */
    public static String markdown(ComparisonResult c) {
        StringBuilder sb = new StringBuilder();
        sb.append(c.test() == BoundComparison.Test.F ? "**F test between nested least-squares fits** (R's `anova(lm1, lm2)`)\n\n"
                : "**Likelihood-ratio test** (lme4's `anova`)" + (c.refitML() ? ", REML fits refitted by ML" : "") + "\n\n");
        sb.append(table(c, false).markdown());
        return sb.toString();
    }

    /** The code lens: "χ² = 1.231, df = 1, p = 0.2672" (the last row's test; every row's when there are more). */
    public static String lens(ComparisonResult c) {
        List<String> parts = new ArrayList<>();
        if (c.test() == BoundComparison.Test.F) {
            for (var r : c.f().subList(1, c.f().size())) {
                parts.add("F = " + Num.format(r.F(), 4) + ", df = " + Num.format(r.df()) + ", " + Num.format(r.resDf()) + ", p = " + p(r.p()));
            }
        } else {
            for (var r : c.lrt().subList(1, c.lrt().size())) {
                parts.add("χ² = " + Num.format(r.chisq(), 4) + ", df = " + Num.format(r.df()) + ", p = " + p(r.p()));
            }
        }
        String s = String.join("; ", parts) + (c.refitML() ? " (ML refit)" : "");
        return s.length() > 100 ? s.substring(0, 99) + "…" : s;
    }

    private static String p(double p) {
        if (Double.isNaN(p)) return "NA";
        return p < EPS ? "< 2.2e-16" : Num.format(p, 4);
    }

    /** @param padLabels left-align the row names with spaces, as R prints them (plain text only) */
    static TextTable table(ComparisonResult c, boolean padLabels) {
        List<List<String>> cols = new ArrayList<>();
        List<String> header;
        List<String> labels = new ArrayList<>();
        List<Double> pv = new ArrayList<>();
        if (c.test() == BoundComparison.Test.F) {
            header = List.of("", "Res.Df", "RSS", "Df", "Sum of Sq", "F", "Pr(>F)");
            for (int i = 0; i < c.f().size(); i++) labels.add(Integer.toString(i + 1));
            cols.add(normal(c.f().stream().mapToDouble(r -> r.resDf()).toArray()));
            cols.add(normal(c.f().stream().mapToDouble(r -> r.rss()).toArray()));
            cols.add(normal(c.f().stream().mapToDouble(r -> r.df()).toArray()));
            cols.add(normal(c.f().stream().mapToDouble(r -> r.sumOfSq()).toArray()));
            cols.add(statistic(c.f().stream().mapToDouble(r -> r.F()).toArray()));
            c.f().forEach(r -> pv.add(r.p()));
        } else {
            header = List.of("", "npar", "AIC", "BIC", "logLik", "deviance", "Chisq", "Df", "Pr(>Chisq)");
            c.lrt().forEach(r -> labels.add(r.model()));
            cols.add(normal(c.lrt().stream().mapToDouble(r -> r.npar()).toArray()));
            cols.add(normal(c.lrt().stream().mapToDouble(r -> r.aic()).toArray()));
            cols.add(normal(c.lrt().stream().mapToDouble(r -> r.bic()).toArray()));
            cols.add(normal(c.lrt().stream().mapToDouble(r -> r.logLik()).toArray()));
            cols.add(normal(c.lrt().stream().mapToDouble(r -> r.deviance()).toArray()));
            cols.add(statistic(c.lrt().stream().mapToDouble(r -> r.chisq()).toArray()));
            cols.add(normal(c.lrt().stream().mapToDouble(r -> r.df()).toArray()));
            c.lrt().forEach(r -> pv.add(r.p()));
        }
        boolean stars = hasStars(c);
        List<String> pCol = pValues(pv.stream().mapToDouble(Double::doubleValue).toArray());
        List<String> head = new ArrayList<>(header);
        if (stars) head.add("");
        List<List<String>> rows = new ArrayList<>();
        int labelWidth = padLabels ? labels.stream().mapToInt(String::length).max().orElse(0) : 0;
        for (int i = 0; i < labels.size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(labels.get(i) + " ".repeat(Math.max(0, labelWidth - labels.get(i).length()))); // R left-aligns row names
            for (List<String> col : cols) row.add(col.get(i));
            double p = pv.get(i);
            row.add(pCol.get(i));
            if (stars) row.add(stars(p));
            rows.add(row);
        }
        return new TextTable(null, head, rows);
    }

    private static boolean hasStars(ComparisonResult c) {
        List<Double> ps = new ArrayList<>();
        c.lrt().forEach(r -> ps.add(r.p()));
        c.f().forEach(r -> ps.add(r.p()));
        return ps.stream().anyMatch(p -> !Double.isNaN(p) && p < 0.1);
    }

    private static String stars(double p) {
        if (Double.isNaN(p)) return "";
        return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : "";
    }

    private static List<String> normal(double[] x) { return column(zap(x, DIGITS), DIGITS); }

    private static List<String> statistic(double[] x) { return column(round(x, TEST_DECIMALS), DIGITS); }

    /** R's format.pval(p, digits = 4): below the machine epsilon "< 2.2e-16", the others formatted together. */
    private static List<String> pValues(double[] p) {
        double[] rest = p.clone();
        for (int i = 0; i < p.length; i++) if (p[i] < EPS) rest[i] = Double.NaN;
        List<String> formatted = column(rest, P_DIGITS);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) out.add(Double.isNaN(p[i]) ? "" : p[i] < EPS ? "< 2.2e-16" : formatted.get(i));
        return out;
    }

    /** R's .Machine$double.eps, below which format.pval prints "< 2.2e-16". */
    private static final double EPS = Math.ulp(1.0);

    /** R's zapsmall(x, digits): round to max(0, digits − log10(max |x|)) decimals (R's round takes the nearest whole number of digits). */
    static double[] zap(double[] x, int digits) {
        double mx = 0;
        for (double v : x) if (Double.isFinite(v)) mx = Math.max(mx, Math.abs(v));
        if (mx == 0) return x.clone();
        int d = (int) Math.floor(Math.max(0, digits - Math.log10(mx)) + 0.5);
        return round(x, d);
    }

    /** R's round(x, d) to d decimals. */
    static double[] round(double[] x, int d) {
        double[] out = x.clone();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i])) out[i] = new BigDecimal(Double.toString(x[i])).setScale(d, RoundingMode.HALF_EVEN).doubleValue();
        }
        return out;
    }

    /**
     * A column as R's format(x, digits) prints it: each number needs the fewest significant digits
     * (at most {@code digits}) that show it to {@code digits} digits; all get the same number of
     * decimals, or all the same scientific form when that is narrower (R's formatReal); NaN is blank.
     */
    static List<String> column(double[] x, int digits) {
        int rgt = 0, left = 1, maxSig = 1, maxExp = 0;
        boolean negative = false, any = false;
        for (double v : x) {
            if (!Double.isFinite(v)) continue;
            any = true;
            if (v < 0) negative = true;
            if (v == 0) continue;
            BigDecimal d = new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
            int sig = d.precision(), e = d.precision() - d.scale() - 1;
            rgt = Math.max(rgt, sig - 1 - e);
            left = Math.max(left, e + 1);
            maxSig = Math.max(maxSig, sig);
            maxExp = Math.max(maxExp, Math.abs(e));
        }
        int fixedWidth = (negative ? 1 : 0) + left + (rgt > 0 ? rgt + 1 : 0);
        int sciWidth = (negative ? 1 : 0) + 1 + (maxSig > 1 ? maxSig : 0) + (maxExp >= 100 ? 5 : 4);
        boolean fixed = !any || fixedWidth <= sciWidth;
        List<String> out = new ArrayList<>();
        for (double v : x) {
            if (Double.isNaN(v)) out.add("");
            else if (Double.isInfinite(v)) out.add(v > 0 ? "Inf" : "-Inf");
            else if (fixed) out.add(new BigDecimal(v).setScale(rgt, RoundingMode.HALF_EVEN).toPlainString());
            else out.add(scientific(v, maxSig - 1));
        }
        return out;
    }

    private static String scientific(double v, int mantissaDecimals) {
        if (v == 0) return String.format(java.util.Locale.ROOT, "%." + mantissaDecimals + "fe+00", 0.0);
        BigDecimal d = new BigDecimal(v).round(new MathContext(mantissaDecimals + 1, RoundingMode.HALF_EVEN));
        int e = d.precision() - d.scale() - 1;
        BigDecimal mantissa = d.movePointLeft(e).setScale(mantissaDecimals, RoundingMode.HALF_EVEN);
        return mantissa.toPlainString() + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
    }
}
