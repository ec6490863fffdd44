package lmm.analysis;

import java.util.List;
import lmm.data.CategoricalColumn;
import lmm.data.Column;
import lmm.data.ColumnSummary;
import lmm.data.NumericColumn;

/** What completion and hover say about a data column. Markdown output escapes every text from the data. */
public final class ColumnInfo {
    private ColumnInfo() {}

    /** Levels listed in a hover before "… k more levels". */
    static final int MAX_LEVELS = 20;

    /** True when a model sees the column as categorical: text levels, or numbers declared {@code factor}. */
    public static boolean categorical(Column c, boolean declaredFactor) {
        return c.isCategorical() || declaredFactor;
    }

    /** One line: {@code numeric · mean 2.1 · 0–9}, {@code categorical · 3 levels}, {@code numeric as factor · 3 levels}. */
    public static String detail(Column c, boolean declaredFactor) {
        if (c instanceof NumericColumn num) {
            if (declaredFactor) return "numeric as factor · " + levels(num.asFactor().levelCount());
            ColumnSummary.Numeric s = num.summary();
            if (s.count() - s.nonFinite() == 0) return "numeric · no values";
            return "numeric · mean " + Num.format(s.mean(), 3) + " · " + Num.format(s.min(), 3) + "–" + Num.format(s.max(), 3)
                    + (s.missing() > 0 ? " · " + s.missing() + " missing" : "");
        }
        CategoricalColumn cat = (CategoricalColumn) c;
        return "categorical · " + levels(cat.levelCount()) + (cat.missingCount() > 0 ? " · " + cat.missingCount() + " missing" : "");
    }

    private static String levels(int n) { return n + (n == 1 ? " level" : " levels"); }

    /** The hover text of a column, in Markdown. */
    public static String markdown(Column c, boolean declaredFactor, String fileName) {
        Markup m = Markup.markdown();
        describe(m, c, declaredFactor, fileName);
        return m.toString();
    }

    /** A column's type, count, missing, and mean/SD/min/max or its levels with counts. */
    public static void describe(Markup out, Column c, boolean declaredFactor, String fileName) {
        out.strong(c.name()).raw(" · ");
        if (c instanceof NumericColumn) out.raw(declaredFactor ? "numeric column, declared factor" : "numeric column");
        else out.raw("categorical column");
        if (fileName != null) out.raw(" of ").text(fileName);
        ColumnSummary s = c.summary();
        if (s instanceof ColumnSummary.Numeric n) {
            out.table(new TextTable(null, List.of("count", "missing", "mean", "SD", "min", "max"), List.of(List.of(
                    Long.toString(n.count()), Long.toString(n.missing()), Num.format(n.mean()), Num.format(n.sd()),
                    Num.format(n.min()), Num.format(n.max())))));
            if (n.nonFinite() > 0) out.raw(n.nonFinite() + " values are NaN or infinite (left out of mean, SD, min, max)").paragraph();
            if (declaredFactor) {
                CategoricalColumn f = ((NumericColumn) c).asFactor();
                out.raw("As a factor: ");
                levelTable(out, f.summary().levels());
            }
        } else if (s instanceof ColumnSummary.Categorical cs) {
            out.paragraph().raw("count " + cs.count() + " · missing " + cs.missing() + " · ");
            levelTable(out, cs.levels());
        }
    }

    private static void levelTable(Markup out, List<ColumnSummary.LevelCount> levels) {
        out.raw(levels(levels.size()));
        List<List<String>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(MAX_LEVELS, levels.size()); i++) {
            ColumnSummary.LevelCount l = levels.get(i);
            rows.add(List.of(l.label(), Long.toString(l.count())));
        }
        out.table(new TextTable(null, List.of("level", "count"), rows, levels.size(), 2));
    }
}
