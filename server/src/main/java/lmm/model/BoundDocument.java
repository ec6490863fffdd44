package lmm.model;

import java.util.List;
import java.util.Optional;
import lmm.syntax.Diagnostic;
import lmm.syntax.SourceFile;

/**
 * A parsed document with every model bound to its data, every {@code compare} line bound to its
 * models, and every diagnostic of every layer.
 */
public record BoundDocument(SourceFile source, List<ModelEntry> models, List<BoundComparison> comparisons,
                            List<Diagnostic> diagnostics) {
    /** A document without comparisons (one that could not be bound, for instance). */
    public BoundDocument(SourceFile source, List<ModelEntry> models, List<Diagnostic> diagnostics) {
        this(source, models, List.of(), diagnostics);
    }

    public Optional<ModelEntry> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public boolean hasErrors() { return diagnostics.stream().anyMatch(Diagnostic::isError); }
}
