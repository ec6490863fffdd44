package lmm.analysis;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import lmm.data.DataException;
import lmm.data.DataTable;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.ModelEntry;
import lmm.syntax.Diagnostic;
import lmm.syntax.Expr;
import lmm.syntax.Lexer;
import lmm.syntax.LineMap;
import lmm.syntax.Parser;
import lmm.syntax.SourceFile;
import lmm.syntax.Statement;
import lmm.syntax.TextRange;
import lmm.syntax.Token;

/**
 * An immutable view of one document at one version: its text, its parse, its models bound to their
 * data (through the shared cache) and the fit results known for it. Every feature class computes
 * from a snapshot only, so an answer never mixes two versions of the text.
 *
 * @param uri     the document's URI as the editor names it
 * @param dir     the folder data paths are resolved against
 * @param data    each data statement with the table it names (or the reason it could not be read)
 * @param fits    fit results by model name; each may be current or stale for this snapshot
 * @param reuse   what a later analysis of the same document may take over (bound models by statement)
 */
public record DocumentSnapshot(String uri, Path dir, String text, int version, SourceFile source, BoundDocument bound,
                               List<DataContext> data, List<Token> tokens, Map<String, StoredFit> fits, Reuse reuse) {

    /** A {@code data} statement and what it loaded. */
    public record DataContext(Statement.Data statement, Path path, DataTable table, String error) {}

    public DocumentSnapshot {
        data = List.copyOf(data);
        fits = Map.copyOf(fits);
    }

    /** Parses and binds a text. Never throws: an internal failure of a layer becomes a diagnostic. */
    public static DocumentSnapshot analyse(String uri, Path dir, String text, int version, DocumentBinder.DataSource source) {
        return analyse(uri, dir, text, version, source, null);
    }

    /**
     * Parses and binds a text, reusing the bound models of {@code previous} (an earlier analysis of the
     * same document) whose statement text and context (data table, factors, method, position) are
     * unchanged: a keystroke re-binds only the model it touches. Never throws.
     */
    public static DocumentSnapshot analyse(String uri, Path dir, String text, int version, DocumentBinder.DataSource source,
                                           DocumentSnapshot previous) {
        String t = text == null ? "" : text;
        SourceFile file = Parser.parse(t);
        Map<Path, Object> loaded = new HashMap<>();
        DocumentBinder.DataSource recording = p -> {
            try {
                DataTable table = source.load(p);
                loaded.put(p, table);
                return table;
            } catch (DataException e) {
                loaded.put(p, e);
                throw e;
            } catch (RuntimeException e) {
                loaded.put(p, e);
                throw new DataException(lmm.data.DataProblem.of("cannot read the file: " + e.getMessage()), e);
            }
        };
        // A data path the file system cannot name (e.g. with a NUL) would stop the binder: report it
        // here at the path and bind the rest as if that data line named no file.
        List<Diagnostic> invalidPaths = new ArrayList<>();
        List<Statement> statements = new ArrayList<>();
        for (Statement st : file.statements()) {
            if (st instanceof Statement.Data d && d.path() != null && resolve(dir, d.path().value()) == null) {
                invalidPaths.add(Diagnostic.error(d.path().range(), "data-error",
                        "not a valid file name: " + d.path().value().replace('\u0000', '?')));
                statements.add(new Statement.Data(null, d.keyword(), d.range()));
            } else {
                statements.add(st);
            }
        }

        // which models can be taken over from the previous analysis
        List<ModelKey> keys = keys(t, statements, dir, recording);
        Map<ModelKey, Integer> before = new HashMap<>();
        if (previous != null) {
            for (int j = 0; j < previous.reuse.keys().size(); j++) before.putIfAbsent(previous.reuse.keys().get(j), j);
        }
        int[] reusedFrom = new int[keys.size()];
        List<Statement> toBind = new ArrayList<>();
        int mi = 0;
        boolean anyReused = false;
        for (Statement st : statements) {
            if (st instanceof Statement.Model m) {
                Integer j = before.get(keys.get(mi));
                reusedFrom[mi++] = j == null ? -1 : j;
                anyReused |= j != null;
                toBind.add(j == null ? m : new Statement.Model(m.name(), null, m.keyword(), m.range()));
            } else {
                toBind.add(st);
            }
        }
        SourceFile bindable = invalidPaths.isEmpty() && !anyReused ? file
                : new SourceFile(file.text(), List.copyOf(toBind), file.errors(), file.lines());
        BoundDocument bound;
        Reuse reuse;
        try {
            BoundDocument b = DocumentBinder.bind(bindable, dir, recording);
            java.util.Set<Diagnostic> syntax = new java.util.HashSet<>(file.errors());
            List<Diagnostic> all = new ArrayList<>(b.diagnostics());
            all.addAll(invalidPaths);
            List<ModelEntry> entries = new ArrayList<>();
            List<List<Diagnostic>> own = new ArrayList<>();
            List<Integer> shifts = new ArrayList<>();
            for (int i = 0; i < b.models().size(); i++) {
                ModelEntry e = b.models().get(i);
                Statement.Model stmt = e.statement();
                int j = i < reusedFrom.length ? reusedFrom[i] : -1;
                if (j >= 0) {
                    ModelEntry old = previous.reuse.entries().get(j);
                    int delta = stmt.range().start() - old.statement().range().start();
                    // the model as it stands in this text, with the binding made for the same statement text
                    Statement.Model now = (Statement.Model) findModel(file, stmt);
                    entries.add(new ModelEntry(now, e.name(), old.method(), old.dataPath(), old.data(), old.bound()));
                    List<Diagnostic> moved = new ArrayList<>();
                    for (Diagnostic d : previous.reuse.diagnostics().get(j)) moved.add(shift(d, delta));
                    own.add(moved);
                    all.addAll(moved);
                    shifts.add(previous.reuse.shifts().get(j) + delta);
                } else {
                    entries.add(e);
                    List<Diagnostic> mine = new ArrayList<>();
                    for (Diagnostic d : b.diagnostics()) {
                        if (stmt.range().contains(d.range()) && !syntax.contains(d) && !"duplicate-model".equals(d.code())) mine.add(d);
                    }
                    own.add(mine);
                    shifts.add(0);
                }
            }
            all.sort(java.util.Comparator.comparingInt((Diagnostic d) -> d.range().start()).thenComparingInt(d -> d.range().end()));
            bound = new BoundDocument(file, List.copyOf(entries), List.copyOf(all));
            reuse = entries.size() == keys.size() ? new Reuse(keys, entries, own, shifts) : Reuse.NONE;
        } catch (RuntimeException | StackOverflowError e) {
            List<Diagnostic> diags = new ArrayList<>(file.errors());
            diags.add(Diagnostic.error(TextRange.at(0), "internal", "internal error while checking the models: " + e));
            bound = new BoundDocument(file, List.of(), diags);
            reuse = Reuse.NONE;
        }
        List<DataContext> contexts = new ArrayList<>();
        for (Statement s : file.statements()) {
            if (!(s instanceof Statement.Data d) || d.path() == null) continue;
            Path p = resolve(dir, d.path().value());
            Object o = p == null ? null : loaded.get(p);
            if (o instanceof DataTable table) contexts.add(new DataContext(d, p, table, null));
            else if (o instanceof Exception e) contexts.add(new DataContext(d, p, null, e.getMessage()));
            else contexts.add(new DataContext(d, p, null, p == null ? "not a valid file name" : "not read"));
        }
        return new DocumentSnapshot(uri, dir, t, version, file, bound, contexts, Lexer.tokenize(t), Map.of(), reuse);
    }

    /** The model statement of the parsed file at the same place as a (possibly formula-less) copy. */
    private static Statement findModel(SourceFile file, Statement.Model copy) {
        for (Statement st : file.statements()) if (st instanceof Statement.Model && st.range().equals(copy.range())) return st;
        throw new IllegalStateException("model statement not found");
    }

    private static Diagnostic shift(Diagnostic d, int delta) {
        if (delta == 0) return d;
        return new Diagnostic(new TextRange(d.range().start() + delta, d.range().end() + delta), d.severity(), d.message(), d.code(),
                d.suggestion());
    }

    /**
     * What decides a model's binding: its statement's exact text, its position (unnamed models are
     * named by it), the data table (by identity: the cache hands out one per file version), the
     * factor declarations and the method in effect.
     */
    record ModelKey(String statement, int position, Path dataPath, DataTable table, List<String> factors, String method) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ModelKey k && k.statement.equals(statement) && k.position == position
                    && Objects.equals(k.dataPath, dataPath) && k.table == table && k.factors.equals(factors) && k.method.equals(method);
        }

        @Override
        public int hashCode() {
            return Objects.hash(statement, position, dataPath, System.identityHashCode(table), factors, method);
        }
    }

    /** Per model (in order): its key, entry, own diagnostics and the shift of its bound ranges relative to this text. */
    record Reuse(List<ModelKey> keys, List<ModelEntry> entries, List<List<Diagnostic>> diagnostics, List<Integer> shifts) {
        static final Reuse NONE = new Reuse(List.of(), List.of(), List.of(), List.of());
    }

    private static List<ModelKey> keys(String text, List<Statement> statements, Path dir, DocumentBinder.DataSource source) {
        List<ModelKey> keys = new ArrayList<>();
        Path dataPath = null;
        DataTable table = null;
        List<String> factors = new ArrayList<>();
        String method = "REML";
        int position = 0;
        for (Statement st : statements) {
            if (st instanceof Statement.Data d) {
                factors = new ArrayList<>();
                dataPath = d.path() == null ? null : resolve(dir, d.path().value());
                table = null;
                if (dataPath != null) {
                    try {
                        table = source.load(dataPath);
                    } catch (DataException | RuntimeException e) {
                        table = null;
                    }
                }
            } else if (st instanceof Statement.Factor f) {
                for (Expr.Name n : f.columns()) factors.add(n.name());
            } else if (st instanceof Statement.Method m && m.value() != null) {
                method = m.value().name();
            } else if (st instanceof Statement.Model m) {
                position++;
                keys.add(new ModelKey(text.substring(m.range().start(), m.range().end()), m.name() == null ? position : -1,
                        dataPath, table, List.copyOf(factors), method));
            }
        }
        return keys;
    }

    /** How far the ranges inside a model's binding (its terms) are from where they are in this text. */
    public int rangeShift(ModelEntry e) {
        int i = bound.models().indexOf(e);
        return i >= 0 && i < reuse.shifts().size() ? reuse.shifts().get(i) : 0;
    }

    /** The path a data statement names, as the binder resolves it; null when it is not a valid path. */
    public static Path resolve(Path dir, String value) {
        try {
            return dir.resolve(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    public DocumentSnapshot withFits(Map<String, StoredFit> fits) {
        return new DocumentSnapshot(uri, dir, text, version, source, bound, data, tokens, fits, reuse);
    }

    public LineMap lines() { return source.lines(); }

    public List<ModelEntry> models() { return bound.models(); }

    public Optional<ModelEntry> model(String name) { return bound.model(name); }

    /** The model whose statement touches offset, or null. */
    public ModelEntry modelAt(int offset) {
        for (ModelEntry m : bound.models()) if (m.statement().range().touches(offset)) return m;
        return null;
    }

    /** The data statement in effect at offset (the last one before it), or null. */
    public DataContext dataAt(int offset) {
        DataContext found = null;
        for (DataContext c : data) if (c.statement().range().start() < offset) found = c;
        return found;
    }

    /** The columns declared {@code factor} between the data statement in effect and offset. */
    public Set<String> factorsAt(int offset) {
        DataContext d = dataAt(offset);
        int from = d == null ? 0 : d.statement().range().end();
        Set<String> out = new LinkedHashSet<>();
        for (Statement s : source.statements()) {
            if (s instanceof Statement.Factor f && s.range().start() >= from && s.range().start() < offset) {
                for (Expr.Name n : f.columns()) out.add(n.name());
            }
        }
        return out;
    }

    /** The fit known for a model, current or stale; null when the model was never fitted. */
    public StoredFit fit(String model) { return fits.get(model); }

    /** The fit of a model if it was computed for exactly this text and the data as it is now; else null. */
    public StoredFit currentFit(String model) {
        StoredFit f = fits.get(model);
        return f != null && isCurrent(f) ? f : null;
    }

    public boolean isCurrent(StoredFit f) {
        if (!f.documentText().equals(text)) return false;
        ModelEntry now = model(f.model()).orElse(null);
        if (now == null || !now.fittable()) return false;
        return Objects.equals(StoredFit.dataVersionOf(now), f.dataVersion());
    }

    /** The token whose range holds offset, preferring the one that starts there; null on white space. */
    public Token tokenAt(int offset) {
        Token before = null;
        for (Token t : tokens) {
            if (t.start() <= offset && offset < t.end()) return t;
            if (t.end() == offset && t.end() > t.start()) before = t;
            if (t.start() > offset) break;
        }
        return before;
    }
}
