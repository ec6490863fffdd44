package lmm.syntax;

import java.util.List;

/**
 * The parse of one .lmm document: every statement that could be recognised plus every syntax error.
 * Parsing never fails: bad input yields a tree with {@link Expr.Missing} holes and errors.
 */
public record SourceFile(String text, List<Statement> statements, List<Diagnostic> errors, LineMap lines) {
    public List<Statement.Model> models() {
        return statements.stream().filter(s -> s instanceof Statement.Model).map(s -> (Statement.Model) s).toList();
    }

    public String text(TextRange r) { return text.substring(r.start(), r.end()); }
}
