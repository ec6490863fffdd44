package lmm.syntax;

/**
 * A problem (or a note) about a document, at a range of its text. Every layer reports through this
 * one type so that the command line and the language server show the same messages.
 *
 * @param code a stable identifier of the kind of problem (e.g. "unknown-column"), used by quick fixes
 * @param suggestion a replacement text the user probably meant (e.g. the closest column name), or null
 */
public record Diagnostic(TextRange range, Severity severity, String message, String code, String suggestion) {
    public static Diagnostic error(TextRange range, String code, String message) {
        return new Diagnostic(range, Severity.ERROR, message, code, null);
    }

    public static Diagnostic warning(TextRange range, String code, String message) {
        return new Diagnostic(range, Severity.WARNING, message, code, null);
    }

    public static Diagnostic info(TextRange range, String code, String message) {
        return new Diagnostic(range, Severity.INFORMATION, message, code, null);
    }

    public Diagnostic withSuggestion(String s) { return new Diagnostic(range, severity, message, code, s); }

    public boolean isError() { return severity == Severity.ERROR; }
}
