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

    /** The hover text of a column: its type, count, missing, and mean/SD/min/max or its levels with counts. */
    public static String markdown(Column c, boolean declaredFactor, String fileName) {
        StringBuilder sb = new StringBuilder();
        sb.append("**").append(Markdown.escape(c.name())).append("** · ");
        if (c instanceof NumericColumn num) {
            sb.append(declaredFactor ? "numeric column, declared factor" : "numeric column");
        } else {
            sb.append("categorical column");
        }
        if (fileName != null) sb.append(" of ").append(Markdown.escape(fileName));
        sb.append("\n\n");
        ColumnSummary s = c.summary();
        if (s instanceof ColumnSummary.Numeric n) {
            sb.append("| count | missing | mean | SD | min | max |\n|---:|---:|---:|---:|---:|---:|\n");
            sb.append("| ").append(n.count()).append(" | ").append(n.missing()).append(" | ").append(Num.format(n.mean()))
                    .append(" | ").append(Num.format(n.sd())).append(" | ").append(Num.format(n.min())).append(" | ")
                    .append(Num.format(n.max())).append(" |\n");
            if (n.nonFinite() > 0) sb.append("\n").append(n.nonFinite()).append(" values are NaN or infinite (left out of mean, SD, min, max)\n");
            if (declaredFactor) {
                CategoricalColumn f = ((NumericColumn) c).asFactor();
                sb.append("\nAs a factor: ");
                levelTable(sb, f.summary().levels());
            }
        } else if (s instanceof ColumnSummary.Categorical cs) {
            sb.append("count ").append(cs.count()).append(" · missing ").append(cs.missing()).append(" · ")
                    .append(levels(cs.levels().size())).append("\n\n");
            levelTable(sb, cs.levels());
        }
        return sb.toString();
    }

    private static void levelTable(StringBuilder sb, List<ColumnSummary.LevelCount> levels) {
        sb.append(levels(levels.size())).append("\n\n| level | count |\n|:---|---:|\n");
        for (int i = 0; i < Math.min(MAX_LEVELS, levels.size()); i++) {
            ColumnSummary.LevelCount l = levels.get(i);
            sb.append("| ").append(l.label().isEmpty() ? " " : Markdown.escape(l.label())).append(" | ").append(l.count()).append(" |\n");
        }
        if (levels.size() > MAX_LEVELS) sb.append("\n… ").append(levels.size() - MAX_LEVELS).append(" more levels\n");
    }
}
