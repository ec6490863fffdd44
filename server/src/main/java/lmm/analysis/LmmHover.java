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

/**
 * Hover, in Markdown or plain text as the client asks: on a model's formula the model as the seed
 * draws it (see {@link EquationBlock}: Y, X and Z side by side, after a fit β, u and e beside them),
 * its dimensions and a link to the full view; on a column its summary; on a fitted fixed-effect term
 * its estimate, SE and t; on a keyword what the statement does; on a data path the table's size and
 * header. Text from the document or the data goes through {@link Markup}.
 */
public final class LmmHover {
    private LmmHover() {}

    static final int MAX_HEADER_COLUMNS = 50;

    public static Hover hover(DocumentSnapshot s, int offset, int maxRows) {
        return hover(s, offset, maxRows, ClientFormats.RICH);
    }

    public static Hover hover(DocumentSnapshot s, int offset, int maxRows, ClientFormats formats) {
        int rows = Math.max(1, maxRows);
        boolean md = formats.markdownHover();
        Token t = s.tokenAt(offset);
        Statement st = s.source().statementAt(offset);
        if (t != null && t.is(TokenKind.COMMENT)) return null;
        if (st instanceof Statement.Compare c) {
            String text = LmmComparisons.hover(s, c, md);
            if (text != null) {
                return new Hover(new org.eclipse.lsp4j.MarkupContent(md ? "markdown" : "plaintext", text), Ranges.range(s.lines(), c.range()));
            }
        }
        if (t != null && t.is(TokenKind.KEYWORD)) {
            String doc = LmmCompletion.KEYWORD_DOCS.get(t.text());
            return doc == null ? null : hover(s, Markup.of(md).strong(t.text()).raw(" statement").paragraph().doc(doc), t.range());
        }
        if (st instanceof Statement.Data d && t != null && t.is(TokenKind.STRING)) {
            for (DocumentSnapshot.DataContext c : s.data()) {
                if (c.statement() == d) return hover(s, dataMarkup(Markup.of(md), c), t.range());
            }
            return null;
        }
        if (st instanceof Statement.Factor && t != null && t.is(TokenKind.NAME)) {
            String name = nameOf(st, offset);
            Markup m = Markup.of(md);
            return columnMarkup(m, s, offset, name) ? hover(s, m, t.range()) : null;
        }
        if (st instanceof Statement.Method m && m.value() != null && m.value().range().touches(offset)) {
            String doc = LmmCompletion.METHOD_DOCS.get(m.value().name());
            return doc == null ? null : hover(s, Markup.of(md).strong(m.value().name()).raw(": ").doc(doc), m.value().range());
        }
        ModelEntry entry = s.modelAt(offset);
        if (entry == null) return null;
        Statement.Model ms = entry.statement();
        Markup out = Markup.of(md).commandLinks(formats.commandLinks());
        TextRange range = ms.formula() != null ? ms.formula().range() : ms.range();
        if (ms.formula() != null && t != null && t.is(TokenKind.NAME) && (ms.name() == null || !ms.name().range().touches(offset))) {
            Expr node = nodeAt(ms, offset);
            boolean any = false;
            if (node instanceof Expr.Name n) {
                range = n.range();
                Expr.Call call = callOf(ms, n);
                if (call != null) {
                    String doc = functionDoc(n.name());
                    if (doc != null) { out.strong(n.name() + "()").raw(": ").text(doc).paragraph(); any = true; }
                } else {
                    any = columnMarkup(out, s, offset, n.name());
                }
            }
            any |= termMarkup(out, s, entry, offset);
            if (any) out.rule();
        }
        modelMarkup(out, s, entry, rows);
        return hover(s, out, range);
    }

    // ------------------------------------------------------------------ model

    /** The model as the seed draws it (Markdown), for callers that want the text alone. */
    public static String modelMarkdown(DocumentSnapshot s, ModelEntry e, int maxRows) {
        Markup m = Markup.markdown();
        modelMarkup(m, s, e, maxRows);
        return m.toString();
    }

    /**
     * The model as the seed draws it: its name, method, size and formula; one aligned block with
     * Y = X β + Z u + e side by side (after a current fit β, u and e beside them); the dimensions; what
     * is left out; the fit's σ and check; a link to the full view.
     */
    public static void modelMarkup(Markup out, DocumentSnapshot s, ModelEntry e, int maxRows) {
        out.strong("model " + e.name());
        BoundModel b = e.bound();
        if (b == null) {
            out.paragraph().raw("The design matrices cannot be built: see the problems reported for this model.");
            if (s.fit(e.name()) != null) out.paragraph().raw("⚠ The results of the last fit are stale.");
            out.paragraph();
            return;
        }
        DesignMatrices d = b.matrices();
        out.raw(" · " + b.method() + " · " + d.n() + " rows");
        if (b.droppedRows() > 0) out.raw(" (" + b.droppedRows() + " dropped for missing values)");
        if (e.dataPath() != null && e.dataPath().getFileName() != null) out.raw(" · data ").text(e.dataPath().getFileName().toString());
        out.paragraph().code(b.formulaText()).paragraph();

        StoredFit fit = s.fit(e.name());
        boolean current = fit != null && s.isCurrent(fit) && fit.result() != null;
        FitResult r = current ? fit.result() : null;
        EquationBlock block = EquationBlock.of(current ? fit.entry().bound() : b, r, maxRows);
        out.block(block.render());
        out.raw(block.dimensions());
        for (String note : block.notes()) out.line().text(note);
        if (!b.aliased().isEmpty()) out.line().raw("dropped from X (aliased): ").text(String.join(", ", b.aliased()));
        out.paragraph();

        if (fit != null && !s.isCurrent(fit)) {
            out.raw("⚠ The results of the last fit are stale (the document or its data changed since): re-fit with the code lens.").paragraph();
        } else if (fit != null && fit.result() == null) {
            out.raw("The fit failed");
            if (!fit.diagnostics().isEmpty()) out.raw(": ").text(fit.diagnostics().get(0).message());
            out.paragraph();
        } else if (r != null) {
            MatrixTables.Decomposition.Check check = MatrixTables.Decomposition.check(fit.entry().bound(), r);
            out.raw("Fitted (" + r.method() + "): σ = " + Num.format(r.sigma(), 5) + " · max |Y − (Xβ + Zu + e)| = "
                    + Num.format(check.maxError(), 3) + (check.holds() ? " ✓" : " ✗ the parts do not add up to Y")).paragraph();
        }
        out.link("Open the full view of " + e.name(), fullViewUri(s.uri(), e.name()),
                "Full view: command lmm.results (" + e.name() + ", matrices), or ./lmm matrices on the command line");
        out.paragraph();
    }

    /** The command link of the full view; its arguments are JSON, percent-encoded, so nothing in them can end the link. */
    static String fullViewUri(String uri, String model) {
        com.google.gson.JsonArray args = new com.google.gson.JsonArray();
        args.add(uri);
        args.add(model);
        args.add("matrices");
        return "command:" + LmmCodeLens.SHOW_RESULTS + "?"
                + java.net.URLEncoder.encode(args.toString(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ------------------------------------------------------------------ terms, columns, data

    /** After a current fit: the coefficients of the fixed-effect term at offset (estimate, SE, t). */
    static boolean termMarkup(Markup out, DocumentSnapshot s, ModelEntry entry, int offset) {
        StoredFit fit = s.currentFit(entry.name());
        if (fit == null || fit.result() == null) return false;
        BoundModel b = fit.entry().bound();
        List<Term> terms = b.formula().terms();
        int best = -1;
        for (int i = 0; i < terms.size(); i++) {
            TextRange r = terms.get(i).range();
            if (r != null && r.touches(offset) && (best < 0 || r.length() < terms.get(best).range().length())) best = i;
        }
        if (best < 0) return false;
        FixedEffects fe = fit.result().fixef();
        double[] est = fe.estimate(), se = fe.stdError(), tv = fe.tValue();
        List<List<String>> rows = new ArrayList<>();
        for (int j = 0; j < b.termOfColumn().size(); j++) {
            if (b.termOfColumn().get(j) != best) continue;
            rows.add(List.of(fe.names().get(j), Num.format(est[j]), Num.format(se[j]), Num.format(tv[j], 4)));
        }
        if (rows.isEmpty()) return false;
        out.strong(b.formula().label(terms.get(best))).raw(" · fixed effect (β, " + fit.result().method() + ")");
        out.table(new TextTable(null, List.of("coefficient", "estimate", "std. error", "t value"), rows));
        return true;
    }

    /** The summary of the column called name in the data in effect at offset; false when there is none. */
    static boolean columnMarkup(Markup out, DocumentSnapshot s, int offset, String name) {
        if (name == null) return false;
        DocumentSnapshot.DataContext c = s.dataAt(offset);
        DataTable table = c == null ? null : c.table();
        if (table == null) return false;
        Column col = table.find(name).orElse(null);
        if (col == null) return false;
        Set<String> factors = s.factorsAt(offset);
        ModelEntry m = s.modelAt(offset);
        boolean declared = m == null || factors.contains(name); // on a factor line the line itself declares it
        String file = c.path() != null && c.path().getFileName() != null ? c.path().getFileName().toString() : null;
        ColumnInfo.describe(out, col, declared, file);
        return true;
    }

    static Markup dataMarkup(Markup out, DocumentSnapshot.DataContext c) {
        String file = c.statement().path().value();
        out.strong(file);
        DataTable t = c.table();
        if (t == null) {
            out.raw(": cannot be read");
            if (c.error() != null) out.raw(": ").text(c.error());
            return out.paragraph();
        }
        out.raw(" · " + t.rowCount() + " rows × " + t.columnCount() + " columns");
        List<List<String>> rows = new ArrayList<>();
        int shown = 0;
        for (Column col : t.columns()) {
            if (shown++ >= MAX_HEADER_COLUMNS) break;
            rows.add(List.of(col.name(), ColumnInfo.detail(col, false)));
        }
        out.table(new TextTable(null, List.of("column", "type"), rows, t.columnCount(), 2));
        return out;
    }

    static String functionDoc(String name) {
        for (var f : FormulaFunctions.all()) if (f.getKey().equals(name)) return f.getValue();
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

    private static Hover hover(DocumentSnapshot s, Markup content, TextRange range) {
        return new Hover(content.content(), Ranges.range(s.lines(), range));
    }
}
