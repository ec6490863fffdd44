package lmm.syntax;

import java.util.EnumSet;
import java.util.Set;

/** The kinds of token produced by {@link Lexer}. */
public enum TokenKind {
    /** {@code data}, {@code factor}, {@code method} or {@code model} as the first word of a line. */
    KEYWORD,
    /** A name: {@code flies}, {@code .x}, or a backquoted {@code `any name`} (text keeps the backquotes). */
    NAME,
    NUMBER,
    /** A double-quoted string; text keeps the quotes and escapes (see {@link Lexer#unescape}). */
    STRING,
    PLUS, MINUS, STAR, SLASH, COLON, CARET, BAR, DOUBLE_BAR, TILDE, EQUALS, COMMA,
    LPAREN, RPAREN,
    /** From {@code #} to the end of the line, newline excluded. */
    COMMENT,
    /** One line break: {@code \n}, {@code \r\n} or {@code \r}. */
    NEWLINE,
    /** One or more characters that start no token (reported by the lexer). */
    ERROR,
    /** The empty token at the end of the text; always last. */
    EOF;

    private static final Set<TokenKind> OPERATORS =
            EnumSet.of(PLUS, MINUS, STAR, SLASH, COLON, CARET, BAR, DOUBLE_BAR, TILDE, EQUALS);

    /** True for {@code + - * / : ^ | || ~ =}. */
    public boolean isOperator() { return OPERATORS.contains(this); }

    /** True for tokens after which a formula continues onto the next line: operators, comma and '('. */
    public boolean continuesLine() { return isOperator() || this == COMMA || this == LPAREN; }

    /** The binary operator this token denotes in a formula's right-hand side, or null. */
    public Expr.BinaryOp binaryOp() {
        switch (this) {
            case PLUS: return Expr.BinaryOp.PLUS;
            case MINUS: return Expr.BinaryOp.MINUS;
            case STAR: return Expr.BinaryOp.TIMES;
            case SLASH: return Expr.BinaryOp.DIVIDE;
            case COLON: return Expr.BinaryOp.COLON;
            case CARET: return Expr.BinaryOp.POWER;
            case BAR: return Expr.BinaryOp.BAR;
            case DOUBLE_BAR: return Expr.BinaryOp.DOUBLE_BAR;
            default: return null;
        }
    }
}
