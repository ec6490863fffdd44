package lmm.analysis;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
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

    /** R's print.anova: 5 significant digits, test statistics (F) and p values with 4. */
    private static final int DIGITS = 5, TEST_DIGITS = 4;

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
        sb.append(table(c, true).plain());
        if (hasStars(c)) sb.append("---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n");
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
        return p < 2.2e-16 ? "< 2.2e-16" : Num.format(p, 4);
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
            cols.add(column(c.f().stream().mapToDouble(r -> r.resDf()).toArray(), DIGITS));
            cols.add(column(c.f().stream().mapToDouble(r -> r.rss()).toArray(), DIGITS));
            cols.add(column(c.f().stream().mapToDouble(r -> r.df()).toArray(), DIGITS));
            cols.add(column(c.f().stream().mapToDouble(r -> r.sumOfSq()).toArray(), DIGITS));
            cols.add(column(c.f().stream().mapToDouble(r -> r.F()).toArray(), TEST_DIGITS));
            c.f().forEach(r -> pv.add(r.p()));
        } else {
            header = List.of("", "npar", "AIC", "BIC", "logLik", "deviance", "Chisq", "Df", "Pr(>Chisq)");
            c.lrt().forEach(r -> labels.add(r.model()));
            cols.add(column(c.lrt().stream().mapToDouble(r -> r.npar()).toArray(), DIGITS));
            cols.add(column(c.lrt().stream().mapToDouble(r -> r.aic()).toArray(), DIGITS));
            cols.add(column(c.lrt().stream().mapToDouble(r -> r.bic()).toArray(), DIGITS));
            cols.add(column(c.lrt().stream().mapToDouble(r -> r.logLik()).toArray(), DIGITS));
            cols.add(column(c.lrt().stream().mapToDouble(r -> r.deviance()).toArray(), DIGITS));
            cols.add(column(c.lrt().stream().mapToDouble(r -> r.chisq()).toArray(), DIGITS));
            cols.add(column(c.lrt().stream().mapToDouble(r -> r.df()).toArray(), DIGITS));
            c.lrt().forEach(r -> pv.add(r.p()));
        }
        boolean stars = hasStars(c);
        List<String> head = new ArrayList<>(header);
        if (stars) head.add("");
        List<List<String>> rows = new ArrayList<>();
        int labelWidth = padLabels ? labels.stream().mapToInt(String::length).max().orElse(0) : 0;
        for (int i = 0; i < labels.size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(labels.get(i) + " ".repeat(Math.max(0, labelWidth - labels.get(i).length()))); // R left-aligns row names
            for (List<String> col : cols) row.add(col.get(i));
            double p = pv.get(i);
            row.add(Double.isNaN(p) ? "" : p(p));
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

    /**
     * A column as R's format(x, digits) prints it: each number to {@code digits} significant digits
     * (trailing zeros dropped), then all with the largest number of decimals any of them needs; NA blank.
     */
    static List<String> column(double[] x, int digits) {
        int decimals = 0;
        for (double v : x) {
            if (!Double.isFinite(v) || v == 0) continue;
            BigDecimal d = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
            decimals = Math.max(decimals, Math.max(0, d.scale()));
        }
        decimals = Math.min(decimals, 15);
        List<String> out = new ArrayList<>();
        for (double v : x) {
            out.add(Double.isNaN(v) ? "" : Double.isInfinite(v) ? (v > 0 ? "Inf" : "-Inf")
                    : new BigDecimal(v).setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString());
        }
        return out;
    }
}
