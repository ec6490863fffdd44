package lmm.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import lmm.data.CsvOptions;
import lmm.data.DataException;
import lmm.data.DataTable;
import lmm.syntax.Deparse;
import lmm.syntax.Diagnostic;
import lmm.syntax.Spelling;
import lmm.syntax.Expr;
import lmm.syntax.SourceFile;
import lmm.syntax.Statement;
import lmm.syntax.TextRange;

/**
 * Reads a document's statements in order, as the language defines them: a {@code data} line sets
 * the data for the models after it (and clears earlier {@code factor} declarations), {@code factor},
 * {@code method} and {@code level} apply to the models after them. Each model is expanded and bound to its data;
 * then each {@code compare} line is bound to the models it names (see {@link ComparisonBinder}).
 */
public final class DocumentBinder {
    private DocumentBinder() {}

    /** Where tables come from: the data layer's cache in practice. */
    public interface DataSource {
        /** The table of a data line: its file read with the line's separator and decimal mark. */
        DataTable load(Path path, CsvOptions options) throws DataException;

        default DataTable load(Path path) throws DataException {
            return load(path, CsvOptions.STANDARD);
        }
    }

    /** The separator and decimal mark a data line names ({@code sep ";" decimal ","}); null after an error. */
    private static CsvOptions csvOptions(Statement.Data d, List<Diagnostic> diagnostics) {
        char sep = ',', decimal = '.';
        boolean ok = true;
        for (Statement.DataOption o : d.options()) {
            String name = o.name().name();
            if (o.value() == null) { ok = false; continue; }
            String v = o.value().value();
            switch (name) {
                case "sep" -> {
                    if (v.equals("\\t")) v = "\t"; // sep "\t" as R writes it
                    if (v.length() == 1 && v.charAt(0) != '"' && v.charAt(0) != '\n' && v.charAt(0) != '\r') sep = v.charAt(0);
                    else {
                        diagnostics.add(Diagnostic.error(o.value().range(), "bad-data-option",
                                "sep takes one character: \",\" (the default), \";\", \"\\t\" (tab) or \"|\""));
                        ok = false;
                    }
                }
                case "decimal" -> {
                    if (v.equals(".") || v.equals(",")) decimal = v.charAt(0);
                    else {
                        diagnostics.add(Diagnostic.error(o.value().range(), "bad-data-option", "decimal is \".\" (the default) or \",\""));
                        ok = false;
                    }
                }
                default -> {
                    String suggestion = Spelling.closest(name, List.of("sep", "decimal"));
                    diagnostics.add(Diagnostic.error(o.name().range(), "bad-data-option", "unknown data option '" + name
                            + "': the data line takes sep \";\" and decimal \",\"" + (suggestion != null ? "; did you mean '" + suggestion + "'?" : ""))
                            .withSuggestion(suggestion));
                    ok = false;
                }
            }
        }
        if (ok && sep == decimal) {
            diagnostics.add(Diagnostic.error(d.range(), "bad-data-option", "sep and decimal cannot both be '" + sep
                    + "': a file with decimal commas separates its fields by ';' (sep \";\" decimal \",\")"));
            ok = false;
        }
        return ok ? new CsvOptions(sep, decimal) : null;
    }

    public static BoundDocument bind(SourceFile file, Path documentDir, DataSource source) {
        return bind(file, documentDir, source, null);
    }

    /**
     * Binds a document, taking over from {@code previous} (an earlier binding of the same document,
     * or null) every model whose formula, data table and factor declarations are unchanged: editing
     * one model does not re-bind the others.
     */
    public static BoundDocument bind(SourceFile file, Path documentDir, DataSource source, BoundDocument previous) {
        List<Diagnostic> diagnostics = new ArrayList<>(file.errors());
        List<ModelEntry> models = new ArrayList<>();
        DataTable data = null;
        Path dataPath = null;
        TextRange dataRange = null;
        boolean dataFailed = false;
        Set<String> factors = new LinkedHashSet<>();
        Method method = Method.REML;
        double level = 0.95;
        Set<String> names = new java.util.HashSet<>();
        int position = 0;
        for (Statement s : file.statements()) {
            if (s instanceof Statement.Data d) {
                factors = new LinkedHashSet<>();
                data = null;
                dataFailed = true;
                if (d.path() == null) continue;
                dataRange = d.path().range();
                dataPath = resolveDataPath(documentDir, d.path().value());
                if (dataPath == null) {
                    diagnostics.add(Diagnostic.error(dataRange, "data-error",
                            "not a valid file name: " + d.path().value().replace('\u0000', '?')));
                    continue;
                }
                CsvOptions options = csvOptions(d, diagnostics);
                if (options == null) continue;
                try {
                    data = source.load(dataPath, options);
                    dataFailed = false;
                    for (var w : data.warnings()) {
                        diagnostics.add(Diagnostic.warning(dataRange, "data-warning", d.path().value() + ": " + w.describe()));
                    }
                } catch (DataException e) {
                    diagnostics.add(Diagnostic.error(dataRange, "data-error", d.path().value() + ": " + e.problem().describe()));
                }
            } else if (s instanceof Statement.Factor f) {
                for (Expr.Name col : f.columns()) {
                    if (data == null) {
                        if (!dataFailed) diagnostics.add(Diagnostic.error(col.range(), "no-data",
                                "'factor' needs a data line before it: add data \"file.csv\""));
                        continue;
                    }
                    if (!data.hasColumn(col.name())) {
                        String suggestion = Spelling.closest(col.name(), data.columnNames());
                        diagnostics.add(Diagnostic.error(col.range(), "unknown-column",
                                "unknown column '" + col.name() + "'" + (suggestion != null ? "; did you mean '" + suggestion + "'?" : ""))
                                .withSuggestion(suggestion));
                    } else {
                        factors.add(col.name());
                    }
                }
            } else if (s instanceof Statement.Method m) {
                if (m.value() == null) continue;
                Method parsed = Method.parse(m.value().name());
                if (parsed == null) {
                    String suggestion = Spelling.closest(m.value().name().toUpperCase(), List.of("REML", "ML"));
                    diagnostics.add(Diagnostic.error(m.value().range(), "unknown-method",
                            "unknown method '" + m.value().name() + "': use REML or ML").withSuggestion(suggestion));
                } else {
                    method = parsed;
                }
            } else if (s instanceof Statement.Level l) {
                if (l.value() == null) continue;
                double v = l.value().value();
                if (!(v > 0 && v < 1)) {
                    diagnostics.add(Diagnostic.error(l.value().range(), "bad-level",
                            "a confidence level is a number between 0 and 1 (0.95 for 95 %), not " + l.value().text()));
                } else {
                    level = v;
                }
            } else if (s instanceof Statement.Model m) {
                position++;
                String name = m.name() != null ? m.name().name() : "model" + position;
                boolean duplicate = !names.add(name);
                if (duplicate) {
                    diagnostics.add(Diagnostic.error(m.name() != null ? m.name().range() : m.keyword(), "duplicate-model",
                            "another model is already named '" + name + "': this one is not fitted until it has a name of its own"));
                }
                BoundModel bound = null;
                // a statement with a syntax error is not fitted (its errors are already reported), nor
                // one whose name is taken (its results would be shown under the other model's name)
                if (m.formula() != null && file.errorsOn(m).isEmpty() && !duplicate) {
                    ExpandedFormula expanded = FormulaExpander.expand(m.formula());
                    if (data == null) {
                        diagnostics.addAll(expanded.errors());
                        if (!dataFailed) diagnostics.add(Diagnostic.error(m.keyword(), "no-data",
                                "no data for this model: add a line data \"file.csv\" before it"));
                    } else {
                        String text = formulaText(m);
                        BoundModel earlier = earlierBinding(previous, text, data, factors);
                        bound = earlier != null
                                ? ModelBinder.rebind(earlier, name, method, expanded, data.rowCount(), m.keyword(), diagnostics)
                                : ModelBinder.bind(name, method, text, expanded, new TableColumns(data, factors), m.keyword(), diagnostics);
                    }
                }
                models.add(new ModelEntry(m, name, bound != null ? bound.method() : method, dataPath, data, Set.copyOf(factors), bound, level));
            }
        }
        // a compare line may name models on any line, so comparisons are bound once every model is
        List<BoundComparison> comparisons = new ArrayList<>();
        for (Statement s : file.statements()) {
            if (s instanceof Statement.Compare c && file.errorsOn(c).isEmpty()) {
                comparisons.add(ComparisonBinder.bind(c, models, diagnostics));
            }
        }
        boolean anyModel = false;
        for (Statement s : file.statements()) anyModel |= s instanceof Statement.Model;
        if (!anyModel && file.errors().isEmpty()) {
            diagnostics.add(Diagnostic.warning(new TextRange(0, 0), "no-model",
                    "this file has no model to fit: add a line such as model m = y ~ x + (1 | g)"));
        }
        diagnostics.sort(Comparator.comparingInt((Diagnostic d) -> d.range().start()).thenComparingInt(d -> d.range().end()));
        return new BoundDocument(file, models, comparisons, diagnostics);
    }

    /** The file a data statement names: relative to the document's folder; null when no file can have that name. */
    public static Path resolveDataPath(Path documentDir, String value) {
        try {
            return documentDir.resolve(value).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** A binding in {@code previous} of the same formula on the same table (by identity) with the same factors. */
    private static BoundModel earlierBinding(BoundDocument previous, String formulaText, DataTable data, Set<String> factors) {
        if (previous == null) return null;
        for (ModelEntry e : previous.models()) {
            if (e.bound() != null && e.data() == data && e.factors().equals(factors) && e.bound().formulaText().equals(formulaText)) {
                return e.bound();
            }
        }
        return null;
    }

    /** The formula as R would print it: "pr_dung ~ flies + (1 | oven_block)". */
    public static String formulaText(Statement.Model m) {
        var f = m.formula();
        return (f.response() == null ? "" : Deparse.deparse(f.response()) + " ") + "~ " + Deparse.deparse(f.rhs());
    }
}
