package lmm.syntax;

/** One token: its kind, its exact source text and its range. */
public record Token(TokenKind kind, String text, TextRange range) {
    public int start() { return range.start(); }

    public int end() { return range.end(); }

    public boolean is(TokenKind k) { return kind == k; }

    /** True for tokens that are neither comments nor line breaks. */
    public boolean isSignificant() { return kind != TokenKind.COMMENT && kind != TokenKind.NEWLINE; }

    @Override
    public String toString() { return kind + "[" + range.start() + "," + range.end() + ")'" + text + "'"; }
}
