package lmm.syntax;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Normalises the spacing of a .lmm document. A pure function of the text; idempotent; changes only
 * whitespace between tokens, so it never changes meaning.
 *
 * <ul>
 *   <li>one space around {@code ~ + - * / | || =}; none around {@code :} and {@code ^};</li>
 *   <li>none inside parentheses next to the paren, none between a function name and its '(';</li>
 *   <li>{@code ", "} between arguments and in factor lists; a unary minus sticks to its operand;</li>
 *   <li>one space after the keyword; statements start at column 0; continuation lines keep their
 *       indentation; trailing whitespace is removed;</li>
 *   <li>comments are kept, with the whitespace before a trailing comment as written; blank lines are
 *       kept (emptied);</li>
 *   <li>lines of statements with syntax errors, and lines that are not statements, are left exactly
 *       as they are.</li>
 * </ul>
 */
public final class Formatter {
    private Formatter() {}

    /** A replacement of the text in {@code range} (offsets into the original text) by {@code newText}. */
    public record Edit(TextRange range, String newText) {}

    private static final Set<TokenKind> SPACED = Set.of(TokenKind.TILDE, TokenKind.PLUS, TokenKind.MINUS, TokenKind.STAR,
            TokenKind.SLASH, TokenKind.BAR, TokenKind.DOUBLE_BAR, TokenKind.EQUALS);

    /** The formatted text. */
    public static String format(String text) {
        String t = text == null ? "" : text;
        List<Edit> edits = edits(t);
        StringBuilder sb = new StringBuilder(t);
        for (int i = edits.size() - 1; i >= 0; i--) {
            Edit e = edits.get(i);
            sb.replace(e.range().start(), e.range().end(), e.newText());
        }
        return sb.toString();
    }

    /** The edits that format a text: one per changed line (line break excluded), in text order, not overlapping. */
    public static List<Edit> edits(String text) {
        SourceFile file = Parser.parse(text);
        LineMap lines = file.lines();
        List<Token> tokens = Lexer.tokenize(text);

        // which lines may be formatted, and the statement-start lines
        int lineCount = lines.lineCount();
        boolean[] formattable = new boolean[lineCount];
        boolean[] statementStart = new boolean[lineCount];
        Statement[] owner = new Statement[lineCount];
        for (Statement s : file.statements()) {
            if (!file.errorsOn(s).isEmpty()) continue;
            int first = lines.line(s.range().start()), last = lines.line(s.range().end());
            for (int l = first; l <= last; l++) {
                formattable[l] = true;
                owner[l] = s;
            }
            statementStart[first] = true;
        }
        Set<Integer> unaryStarts = new HashSet<>();
        for (Statement s : file.statements()) {
            if (s instanceof Statement.Model m && m.formula() != null) {
                if (m.formula().response() != null) collectUnary(m.formula().response(), unaryStarts);
                collectUnary(m.formula().rhs(), unaryStarts);
            }
        }

        // group tokens by line
        List<List<Token>> byLine = new ArrayList<>();
        for (int l = 0; l < lineCount; l++) byLine.add(new ArrayList<>());
        for (Token tok : tokens) {
            if (tok.is(TokenKind.NEWLINE) || tok.is(TokenKind.EOF)) continue;
            byLine.get(lines.line(tok.start())).add(tok);
        }

        List<Edit> edits = new ArrayList<>();
        for (int l = 0; l < lineCount; l++) {
            List<Token> lt = byLine.get(l);
            int start = lines.lineStart(l);
            int end = lineEnd(text, start);
            String original = text.substring(start, end);
            String formatted;
            boolean onlyComments = lt.stream().allMatch(tok -> tok.is(TokenKind.COMMENT));
            if (lt.isEmpty()) {
                // emptying a blank line between a lone '\r' and a '\n' would merge two line breaks into one
                boolean mergesBreaks = start > 0 && text.charAt(start - 1) == '\r' && end < text.length() && text.charAt(end) == '\n';
                formatted = mergesBreaks ? original : "";
            } else if (onlyComments) {
                formatted = stripTrailing(original);
            } else if (!formattable[l] || !inside(lt, owner[l])) {
                continue;
            } else {
                StringBuilder sb = new StringBuilder();
                if (!statementStart[l]) sb.append(original, 0, lt.get(0).start() - start); // keep indentation
                Token prev = null;
                for (Token tok : lt) {
                    if (prev != null) sb.append(separator(text, prev, tok, unaryStarts));
                    sb.append(tok.text());
                    prev = tok;
                }
                formatted = sb.toString();
            }
            if (!formatted.equals(original)) edits.add(new Edit(new TextRange(start, end), formatted));
        }
        return edits;
    }

    private static boolean inside(List<Token> lineTokens, Statement s) {
        for (Token t : lineTokens) {
            if (t.is(TokenKind.COMMENT)) continue;
            if (!s.range().contains(t.range())) return false;
        }
        return true;
    }

    private static String separator(String text, Token prev, Token next, Set<Integer> unaryStarts) {
        if (next.is(TokenKind.COMMENT)) {
            String gap = text.substring(prev.end(), next.start());
            return gap.isEmpty() ? " " : gap;
        }
        if (prev.is(TokenKind.KEYWORD)) return " ";
        if (prev.is(TokenKind.LPAREN) || next.is(TokenKind.RPAREN)) return "";
        if (next.is(TokenKind.COMMA)) return "";
        if (prev.is(TokenKind.COMMA)) return " ";
        if (next.is(TokenKind.LPAREN) && prev.is(TokenKind.NAME)) return "";
        if (prev.is(TokenKind.COLON) || prev.is(TokenKind.CARET) || next.is(TokenKind.COLON) || next.is(TokenKind.CARET)) return "";
        if (unaryStarts.contains(prev.start()) && (prev.is(TokenKind.MINUS) || prev.is(TokenKind.PLUS))) return "";
        return " ";
    }

    private static void collectUnary(Expr e, Set<Integer> out) {
        if (e instanceof Expr.Unary u) out.add(u.range().start());
        for (Expr c : e.children()) collectUnary(c, out);
    }

    private static int lineEnd(String text, int start) {
        int i = start;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') i++;
        return i;
    }

    private static String stripTrailing(String s) {
        int e = s.length();
        while (e > 0 && (s.charAt(e - 1) == ' ' || s.charAt(e - 1) == '\t')) e--;
        return s.substring(0, e);
    }
}
