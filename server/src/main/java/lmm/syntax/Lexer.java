package lmm.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a .lmm text into tokens. Never fails: characters that start no token become {@link
 * TokenKind#ERROR} tokens (with a diagnostic), and the token ranges cover the text in order without
 * overlap. Whitespace other than line breaks is not a token. The last token is always {@link
 * TokenKind#EOF}.
 *
 * <p>A word is a {@link TokenKind#KEYWORD} only when it is one of the statement keywords and the
 * first token of its line; elsewhere the same word is an ordinary {@link TokenKind#NAME} (a column
 * may be called {@code data}).
 */
public final class Lexer {
    /** The statement keywords, in the order the documentation lists them. */
    public static final List<String> KEYWORDS = List.of("data", "factor", "method", "model", "compare", "level");

    private static final Set<String> KEYWORD_SET = Set.copyOf(KEYWORDS);

    /** Tokens plus the lexical errors (unexpected characters, unclosed strings and backquotes). */
    public record Result(List<Token> tokens, List<Diagnostic> errors) {}

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private final List<Diagnostic> errors = new ArrayList<>();
    private int i;
    private boolean lineHasToken;

    private Lexer(String text) { this.text = text; }

    /** The tokens of a text, comments and line breaks included, ending with EOF. */
    public static List<Token> tokenize(String text) { return lex(text).tokens(); }

    /** The tokens of a text and the lexical errors found on the way. */
    public static Result lex(String text) {
        Lexer lx = new Lexer(text == null ? "" : text);
        lx.run();
        return new Result(List.copyOf(lx.tokens), List.copyOf(lx.errors));
    }

    private void run() {
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int start = i;
            if (c == '\n' || c == '\r') {
                i++;
                if (c == '\r' && i < n && text.charAt(i) == '\n') i++;
                add(TokenKind.NEWLINE, start);
                lineHasToken = false;
            } else if (isBlank(c)) {
                i++;
            } else if (c == '#') {
                while (i < n && !isLineBreak(text.charAt(i))) i++;
                add(TokenKind.COMMENT, start);
            } else if (c == '"') {
                quoted('"');
                add(TokenKind.STRING, start);
                if (!closed(start, '"')) {
                    error(start, "unclosed string: expected '\"' before the end of the line");
                }
            } else if (c == '`') {
                quoted('`');
                add(TokenKind.NAME, start);
                if (!closed(start, '`')) error(start, "unclosed backquote: expected '`' before the end of the line");
            } else if (c == '\'') {
                quoted('\'');
                add(TokenKind.ERROR, start);
                error(start, "strings are written in double quotes, not single quotes");
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(text.charAt(i + 1)))) {
                number();
                add(TokenKind.NUMBER, start);
            } else if (isNameStart(c)) {
                while (i < n && isNamePart(text.charAt(i))) i++;
                String word = text.substring(start, i);
                add(!lineHasToken && KEYWORD_SET.contains(word) ? TokenKind.KEYWORD : TokenKind.NAME, start);
            } else if (c == '_') {
                while (i < n && isNamePart(text.charAt(i))) i++;
                add(TokenKind.ERROR, start);
                error(start, "a name cannot start with '_'; write it in backquotes: `" + text.substring(start, i) + "`");
            } else if (c == '|') {
                i += i + 1 < n && text.charAt(i + 1) == '|' ? 2 : 1;
                add(i - start == 2 ? TokenKind.DOUBLE_BAR : TokenKind.BAR, start);
            } else {
                TokenKind k = single(c);
                if (k != null) {
                    i++;
                    add(k, start);
                } else {
                    while (i < n && startsNothing(text.charAt(i))) i++;
                    add(TokenKind.ERROR, start);
                    String bad = text.substring(start, i);
                    error(start, bad.length() == 1 || (bad.length() == 2 && Character.isSurrogatePair(bad.charAt(0), bad.charAt(1)))
                            ? "unexpected character '" + bad + "'"
                            : "unexpected characters '" + abbreviate(bad) + "'");
                }
            }
        }
        tokens.add(new Token(TokenKind.EOF, "", TextRange.at(n)));
    }

    private void add(TokenKind kind, int start) {
        tokens.add(new Token(kind, text.substring(start, i), new TextRange(start, i)));
        if (kind != TokenKind.NEWLINE && kind != TokenKind.COMMENT) lineHasToken = true;
    }

    private void error(int start, String message) {
        errors.add(Diagnostic.error(new TextRange(start, i), Parser.SYNTAX, message));
    }

    /** Scans a quoted token from its opening quote to the closing quote or the end of the line. */
    private void quoted(char quote) {
        int n = text.length();
        i++;
        while (i < n) {
            char c = text.charAt(i);
            if (isLineBreak(c)) return;
            if (c == '\\' && i + 1 < n && !isLineBreak(text.charAt(i + 1))) {
                i += 2;
                continue;
            }
            i++;
            if (c == quote) return;
        }
    }

    private boolean closed(int start, char quote) {
        if (i - start < 2 || text.charAt(i - 1) != quote) return false;
        // the last quote must not be escaped: count the backslashes before it
        int k = i - 2, slashes = 0;
        while (k > start && text.charAt(k) == '\\') { slashes++; k--; }
        return slashes % 2 == 0;
    }

    private void number() {
        int n = text.length();
        while (i < n && isDigit(text.charAt(i))) i++;
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(text.charAt(i))) i++;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (text.charAt(j) == '+' || text.charAt(j) == '-')) j++;
            if (j < n && isDigit(text.charAt(j))) {
                i = j;
                while (i < n && isDigit(text.charAt(i))) i++;
            }
        }
    }

    private static TokenKind single(char c) {
        switch (c) {
            case '+': return TokenKind.PLUS;
            case '-': return TokenKind.MINUS;
            case '*': return TokenKind.STAR;
            case '/': return TokenKind.SLASH;
            case ':': return TokenKind.COLON;
            case '^': return TokenKind.CARET;
            case '~': return TokenKind.TILDE;
            case '=': return TokenKind.EQUALS;
            case ',': return TokenKind.COMMA;
            case '(': return TokenKind.LPAREN;
            case ')': return TokenKind.RPAREN;
            default: return null;
        }
    }

    private static boolean startsNothing(char c) {
        return !isBlank(c) && !isLineBreak(c) && single(c) == null && c != '#' && c != '"' && c != '`' && c != '\''
                && c != '|' && c != '_' && !isDigit(c) && !isNameStart(c);
    }

    static boolean isLineBreak(char c) { return c == '\n' || c == '\r'; }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\u000B' || c == '\uFEFF'
                || (!isLineBreak(c) && Character.isWhitespace(c));
    }

    static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    static boolean isNameStart(char c) { return c == '.' || Character.isLetter(c); }

    static boolean isNamePart(char c) { return c == '.' || c == '_' || Character.isLetterOrDigit(c); }

    static String abbreviate(String s) { return s.length() <= 30 ? s : s.substring(0, 27) + "..."; }

    /**
     * The value of a quoted token's text (a string with its double quotes, or a backquoted name):
     * strips the quotes (a missing closing quote is tolerated) and resolves {@code \"}, {@code \`} and
     * {@code \\}. Any other backslash is kept as written, so Windows paths survive.
     */
    public static String unescape(String quotedText) {
        if (quotedText.isEmpty()) return "";
        char q = quotedText.charAt(0);
        int end = quotedText.length();
        StringBuilder sb = new StringBuilder();
        int k = 1;
        while (k < end) {
            char c = quotedText.charAt(k);
            if (c == '\\' && k + 1 < end) {
                char d = quotedText.charAt(k + 1);
                if (d == '\\' || d == '"' || d == '`' || d == '\'') {
                    sb.append(d);
                    k += 2;
                    continue;
                }
                sb.append(c);
                k++;
                continue;
            }
            if (c == q && k == end - 1) break;
            sb.append(c);
            k++;
        }
        return sb.toString();
    }
}
