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

    /** Parses a document; never throws. Same as {@link Parser#parse}. */
    public static SourceFile parse(String text) { return Parser.parse(text); }

    public boolean hasErrors() { return errors.stream().anyMatch(Diagnostic::isError); }

    /**
     * The syntax errors on the lines of a statement (from its keyword's line to its last line). A
     * statement with such errors should not be run: its tree may have {@link Expr.Missing} holes or
     * may stop before text that was skipped.
     */
    public List<Diagnostic> errorsOn(Statement s) {
        int first = lines.line(s.range().start()), last = lines.line(s.range().end());
        return errors.stream().filter(d -> {
            int a = lines.line(d.range().start()), b = lines.line(d.range().end());
            return b >= first && a <= last;
        }).toList();
    }

    /** The statement whose range touches an offset, or null. */
    public Statement statementAt(int offset) {
        for (Statement s : statements) if (s.range().touches(offset)) return s;
        return null;
    }
}
