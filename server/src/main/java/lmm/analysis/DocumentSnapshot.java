package lmm.analysis;

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
 */
public record DocumentSnapshot(String uri, Path dir, String text, int version, SourceFile source, BoundDocument bound,
                               List<DataContext> data, List<Token> tokens, Map<String, StoredFit> fits) {

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
     * Parses and binds a text, taking over from {@code previous} (an earlier analysis of the same
     * document) the bindings of models whose formula and data are unchanged, so a keystroke re-binds
     * only the model it touches (see {@link DocumentBinder#bind(SourceFile, Path, DocumentBinder.DataSource, BoundDocument)}).
     * Never throws.
     */
    public static DocumentSnapshot analyse(String uri, Path dir, String text, int version, DocumentBinder.DataSource source,
                                           DocumentSnapshot previous) {
        String t = text == null ? "" : text;
        SourceFile file = Parser.parse(t);
        Map<Path, Object> loaded = new HashMap<>();
        DocumentBinder.DataSource recording = (p, options) -> {
            try {
                DataTable table = source.load(p, options);
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
        BoundDocument bound;
        try {
            bound = DocumentBinder.bind(file, dir, recording, previous == null ? null : previous.bound);
        } catch (RuntimeException | StackOverflowError e) {
            List<Diagnostic> diags = new ArrayList<>(file.errors());
            diags.add(Diagnostic.error(TextRange.at(0), "internal", "internal error while checking the models: " + e));
            bound = new BoundDocument(file, List.of(), diags);
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
        return new DocumentSnapshot(uri, dir, t, version, file, bound, contexts, Lexer.tokenize(t), Map.of());
    }

    /** The path a data statement names, as the binder resolves it; null when it is not a valid path. */
    public static Path resolve(Path dir, String value) { return DocumentBinder.resolveDataPath(dir, value); }

    public DocumentSnapshot withFits(Map<String, StoredFit> fits) {
        return new DocumentSnapshot(uri, dir, text, version, source, bound, data, tokens, fits);
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
