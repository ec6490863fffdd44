package lmm.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lmm.data.Column;
import lmm.data.DataTable;
import lmm.fit.FitResult;
import lmm.fit.FixedEffects;
import lmm.model.BoundModel;
import lmm.model.DesignMatrices;
import lmm.model.FormulaFunctions;
import lmm.model.ModelEntry;
import lmm.model.Term;
import lmm.syntax.Expr;
import lmm.syntax.Statement;
import lmm.syntax.TextRange;
import lmm.syntax.Token;
import lmm.syntax.TokenKind;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/**
 * Hover, in Markdown: on a model's formula the model equation Y = Xβ + Zu + e with its dimensions
 * and the design matrices Y, X and Z (cut to maxRows rows), plus the decomposition row by row once
 * fitted; on a column its summary; on a fitted fixed-effect term its estimate, SE and t; on a
 * keyword what the statement does; on a data path the table's size and header. Every text that
 * comes from the document or the data is escaped.
 */
public final class LmmHover {
    private LmmHover() {}

    /** Columns of X and Z shown before "… k more columns". */
    public static final int MAX_COLUMNS = 12;
    static final int MAX_HEADER_COLUMNS = 50;

    public static Hover hover(DocumentSnapshot s, int offset, int maxRows) {
        int rows = Math.max(1, maxRows);
        Token t = s.tokenAt(offset);
        Statement st = s.source().statementAt(offset);
        if (t != null && t.is(TokenKind.COMMENT)) return null;
        if (st instanceof Statement.Compare c) {
            String md = LmmComparisons.hover(s, c);
            if (md != null) return hover(s, md, c.range());
        }
        if (t != null && t.is(TokenKind.KEYWORD)) {
            String doc = LmmCompletion.KEYWORD_DOCS.get(t.text());
            return doc == null ? null : hover(s, "**" + t.text() + "** statement\n\n" + doc, t.range());
        }
        if (st instanceof Statement.Data d && t != null && t.is(TokenKind.STRING)) {
            for (DocumentSnapshot.DataContext c : s.data()) {
                if (c.statement() == d) return hover(s, dataMarkdown(c), t.range());
            }
            return null;
        }
        if (st instanceof Statement.Factor && t != null && t.is(TokenKind.NAME)) {
            String name = nameOf(st, offset);
            String md = columnMarkdown(s, offset, name);
            return md == null ? null : hover(s, md, t.range());
        }
        if (st instanceof Statement.Method m && m.value() != null && m.value().range().touches(offset)) {
            String doc = LmmCompletion.METHOD_DOCS.get(m.value().name());
            return doc == null ? null : hover(s, "**" + m.value().name() + "**: " + doc, m.value().range());
        }
        ModelEntry entry = s.modelAt(offset);
        if (entry == null) return null;
        Statement.Model ms = entry.statement();
        StringBuilder sb = new StringBuilder();
        TextRange range = ms.formula() != null ? ms.formula().range() : ms.range();
        if (ms.formula() != null && t != null && t.is(TokenKind.NAME) && (ms.name() == null || !ms.name().range().touches(offset))) {
            Expr node = nodeAt(ms, offset);
            if (node instanceof Expr.Name n) {
                range = n.range();
                Expr.Call call = callOf(ms, n);
                if (call != null) {
                    String doc = functionDoc(n.name());
                    if (doc != null) sb.append("**").append(Markdown.escape(n.name())).append("()**: ").append(doc).append("\n\n");
                } else {
                    String col = columnMarkdown(s, offset, n.name());
                    if (col != null) sb.append(col).append('\n');
                }
            }
            String term = termMarkdown(s, entry, offset);
            if (term != null) sb.append(term).append('\n');
            if (sb.length() > 0) sb.append("---\n\n");
        }
        sb.append(modelMarkdown(s, entry, rows));
        return hover(s, sb.toString(), range);
    }

    // ------------------------------------------------------------------ model

    /** The model equation with dimensions, Y, X and Z, and after a current fit the decomposition. */
    public static String modelMarkdown(DocumentSnapshot s, ModelEntry e, int maxRows) {
        StringBuilder sb = new StringBuilder();
        sb.append("**model ").append(Markdown.escape(e.name())).append("**");
        BoundModel b = e.bound();
        if (b == null) {
            sb.append("\n\nThe design matrices cannot be built: see the problems reported for this model.\n");
            StoredFit stale = s.fit(e.name());
            if (stale != null) sb.append("\n⚠ The results of the last fit are stale.\n");
            return sb.toString();
        }
        DesignMatrices d = b.matrices();
        sb.append(" · ").append(b.method()).append(" · ").append(d.n()).append(" rows");
        if (b.droppedRows() > 0) sb.append(" (").append(b.droppedRows()).append(" dropped for missing values)");
        if (e.dataPath() != null && e.dataPath().getFileName() != null) {
            sb.append(" · data ").append(Markdown.escape(e.dataPath().getFileName().toString()));
        }
        sb.append("\n\n").append(Markdown.escape(b.formulaText())).append("\n\n");
        boolean mixed = b.isMixed();
        int n = d.n(), p = d.p(), q = d.q();
        sb.append(mixed ? "**Y = Xβ + Zu + e**" : "**Y = Xβ + e**").append(" · Y: ").append(n).append(" × 1 · X: ")
                .append(n).append(" × ").append(p).append(" · β: ").append(p).append(" × 1");
        if (mixed) sb.append(" · Z: ").append(n).append(" × ").append(q).append(" · u: ").append(q).append(" × 1");
        sb.append(" · e: ").append(n).append(" × 1\n\n");
        if (!b.aliased().isEmpty()) {
            sb.append("Dropped from X (aliased): ").append(Markdown.escape(String.join(", ", b.aliased()))).append("\n\n");
        }
        sb.append(MatrixTables.y(b, maxRows).markdown()).append('\n');
        sb.append(MatrixTables.x(b, maxRows, MAX_COLUMNS).markdown()).append('\n');
        if (mixed) sb.append(MatrixTables.z(b, maxRows, MAX_COLUMNS).markdown()).append('\n');

        StoredFit fit = s.fit(e.name());
        if (fit != null && !s.isCurrent(fit)) {
            sb.append("---\n\n⚠ The results of the last fit are stale (the document or its data changed since): re-fit with the code lens.\n");
        } else if (fit != null && fit.result() == null) {
            sb.append("---\n\nThe fit failed")
                    .append(fit.diagnostics().isEmpty() ? "" : ": " + Markdown.escape(fit.diagnostics().get(0).message())).append('\n');
        } else if (fit != null) {
            FitResult r = fit.result();
            BoundModel fb = fit.entry().bound();
            sb.append("---\n\n**Fitted** (").append(r.method()).append("): β̂ = ");
            FixedEffects fe = r.fixef();
            double[] est = fe.estimate();
            for (int j = 0; j < est.length; j++) {
                sb.append(j > 0 ? ", " : "").append(Markdown.escape(fe.names().get(j))).append(" ").append(Markdown.escape(Num.format(est[j], 5)));
            }
            sb.append(" · σ = ").append(Markdown.escape(Num.format(r.sigma(), 5))).append("\n\n");
            sb.append(MatrixTables.decomposition(fb, r, maxRows).markdown()).append('\n');
            MatrixTables.Decomposition dec = MatrixTables.Decomposition.of(fb, r);
            double scale = 0;
            for (double y : fb.matrices().y()) scale = Math.max(scale, Math.abs(y));
            boolean holds = dec.maxError() <= 1e-9 * Math.max(1, scale);
            sb.append("Check: max |Y − (Xβ + Zu + e)| = ").append(Markdown.escape(Num.format(dec.maxError(), 3)))
                    .append(holds ? " ✓ the parts add up to Y" : " ✗ the parts do not add up to Y").append('\n');
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ terms, columns, data

    /** After a current fit: the coefficients of the fixed-effect term at offset (estimate, SE, t). */
    static String termMarkdown(DocumentSnapshot s, ModelEntry entry, int offset) {
        StoredFit fit = s.currentFit(entry.name());
        if (fit == null || fit.result() == null) return null;
        BoundModel b = fit.entry().bound();
        List<Term> terms = b.formula().terms();
        int best = -1;
        for (int i = 0; i < terms.size(); i++) {
            TextRange r = terms.get(i).range();
            if (r != null && r.touches(offset) && (best < 0 || r.length() < terms.get(best).range().length())) best = i;
        }
        if (best < 0) return null;
        FixedEffects fe = fit.result().fixef();
        double[] est = fe.estimate(), se = fe.stdError(), tv = fe.tValue();
        List<String> names = new ArrayList<>();
        StringBuilder rows = new StringBuilder();
        for (int j = 0; j < b.termOfColumn().size(); j++) {
            if (b.termOfColumn().get(j) != best) continue;
            names.add(fe.names().get(j));
            rows.append("| ").append(Markdown.escape(fe.names().get(j))).append(" | ").append(Markdown.escape(Num.format(est[j])))
                    .append(" | ").append(Markdown.escape(Num.format(se[j]))).append(" | ").append(Markdown.escape(Num.format(tv[j], 4))).append(" |\n");
        }
        if (names.isEmpty()) return null;
        return "**" + Markdown.escape(b.formula().label(terms.get(best))) + "** · fixed effect (β, " + fit.result().method() + ")\n\n"
                + "| coefficient | estimate | std. error | t value |\n|:---|---:|---:|---:|\n" + rows;
    }

    /** The summary of the column called name in the data in effect at offset; null when there is none. */
    static String columnMarkdown(DocumentSnapshot s, int offset, String name) {
        if (name == null) return null;
        DocumentSnapshot.DataContext c = s.dataAt(offset);
        DataTable table = c == null ? null : c.table();
        if (table == null) return null;
        Column col = table.find(name).orElse(null);
        if (col == null) return null;
        Set<String> factors = s.factorsAt(offset);
        ModelEntry m = s.modelAt(offset);
        boolean declared = m == null || factors.contains(name); // on a factor line the line itself declares it
        String file = c.path() != null && c.path().getFileName() != null ? c.path().getFileName().toString() : null;
        return ColumnInfo.markdown(col, declared, file);
    }

    static String dataMarkdown(DocumentSnapshot.DataContext c) {
        String file = c.statement().path().value();
        StringBuilder sb = new StringBuilder("**").append(Markdown.escape(file)).append("**");
        DataTable t = c.table();
        if (t == null) {
            sb.append(": cannot be read");
            if (c.error() != null) sb.append(": ").append(Markdown.escape(c.error()));
            return sb.append('\n').toString();
        }
        sb.append(" · ").append(t.rowCount()).append(" rows × ").append(t.columnCount()).append(" columns\n\n");
        sb.append("| column | type |\n|:---|:---|\n");
        int shown = 0;
        for (Column col : t.columns()) {
            if (shown++ >= MAX_HEADER_COLUMNS) break;
            sb.append("| ").append(Markdown.escape(col.name())).append(" | ").append(Markdown.escape(ColumnInfo.detail(col, false))).append(" |\n");
        }
        if (t.columnCount() > MAX_HEADER_COLUMNS) sb.append("\n… ").append(t.columnCount() - MAX_HEADER_COLUMNS).append(" more columns\n");
        return sb.toString();
    }

    static String functionDoc(String name) {
        for (var f : FormulaFunctions.all()) if (f.getKey().equals(name)) return Markdown.escape(f.getValue());
        return null;
    }

    // ------------------------------------------------------------------ tree helpers

    private static String nameOf(Statement st, int offset) {
        if (st instanceof Statement.Factor f) {
            for (Expr.Name n : f.columns()) if (n.range().touches(offset)) return n.name();
        }
        return null;
    }

    static Expr nodeAt(Statement.Model m, int offset) {
        if (m.formula() == null) return null;
        Expr hit = null;
        if (m.formula().response() != null) hit = m.formula().response().nodeAt(offset);
        if (hit == null) hit = m.formula().rhs().nodeAt(offset);
        return hit;
    }

    /** The call whose function name is n, or null. */
    static Expr.Call callOf(Statement.Model m, Expr.Name n) {
        List<Expr> stack = new ArrayList<>();
        if (m.formula().response() != null) stack.add(m.formula().response());
        stack.add(m.formula().rhs());
        while (!stack.isEmpty()) {
            Expr e = stack.remove(stack.size() - 1);
            if (e instanceof Expr.Call c && c.function() == n) return c;
            stack.addAll(e.children());
        }
        return null;
    }

    private static Hover hover(DocumentSnapshot s, String markdown, TextRange range) {
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, markdown), Ranges.range(s.lines(), range));
    }
}
