package lmm.syntax;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Parses a .lmm text into a {@link SourceFile}. Parsing never fails: on any input it returns every
 * statement it could recognise plus every syntax error, each with a tight range. After an error inside
 * a statement the parser skips the rest of that statement (its continuation lines included) and goes
 * on with the next line.
 *
 * <p>Grammar (one statement per line; a formula continues onto the next line while a parenthesis is
 * open or the line ends with an operator, '=', '(' or ','):
 * <pre>
 * statement := 'data' STRING (NAME STRING)* | 'factor' NAME (',' NAME)* | 'method' NAME | 'model' [NAME '='] formula
 *            | 'compare' NAME (',' NAME)* | 'level' NUMBER
 * formula   := [bar] '~' bar
 * bar       := sum (('|' | '||') sum)*
 * sum       := prod (('+' | '-') prod)*
 * prod      := colon (('*' | '/') colon)*
 * colon     := unary (':' unary)*
 * unary     := ('-' | '+') unary | power
 * power     := primary ['^' unary]          (right-associative)
 * primary   := NAME | NUMBER | NAME '(' [bar (',' bar)*] ')' | '(' bar ')'
 * </pre>
 */
public final class Parser {
    /** Diagnostic code of syntax errors. */
    public static final String SYNTAX = "syntax";
    /** Diagnostic code of a line that starts with an unknown word; the suggestion is the likely keyword. */
    public static final String UNKNOWN_STATEMENT = "unknown-statement";
    /** Diagnostic code used only if the parser itself failed (a bug); the file then has no statements. */
    public static final String INTERNAL = "internal";

    private static final int MAX_NESTING = 200;
    /**
     * Operators in one statement. Together with {@link #MAX_NESTING} this bounds the depth of every
     * tree the parser returns (a chain {@code a + b + …} is as deep as it is long), so that no walk
     * over a tree (expansion, deparsing, hover) can overflow the stack.
     */
    public static final int MAX_OPERATORS = 1000;

    private final String text;
    private final LineMap lines;
    private final List<Token> toks = new ArrayList<>();
    private final List<Diagnostic> errors = new ArrayList<>();
    private int pos;
    private int lastEnd;
    private String lastText = "";
    private int parenDepth;
    private int nesting;
    private int operators;
    private int lastErrorTokenPos = -1;
    private boolean bailout;

    private Parser(String text) {
        this.text = text;
        this.lines = new LineMap(text);
    }

    /** Parses a whole document. Never throws. */
    public static SourceFile parse(String text) {
        String t = text == null ? "" : text;
        try {
            return new Parser(t).run();
        } catch (RuntimeException | StackOverflowError e) {
            // A safety net only: the parser is written not to throw, and the fuzz test checks it.
            return new SourceFile(t, List.of(), List.of(Diagnostic.error(TextRange.at(0), INTERNAL,
                    "internal error in the parser: " + e)), new LineMap(t));
        }
    }

    private SourceFile run() {
        Lexer.Result lexed = Lexer.lex(text);
        for (Token t : lexed.tokens()) if (t.kind() != TokenKind.COMMENT) toks.add(t);
        errors.addAll(lexed.errors());
        List<Statement> statements = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.is(TokenKind.EOF)) break;
            if (t.is(TokenKind.NEWLINE)) {
                advance();
                continue;
            }
            parenDepth = 0;
            nesting = 0;
            operators = 0;
            bailout = false;
            if (t.is(TokenKind.KEYWORD)) {
                Statement s = statement(t);
                if (s != null) statements.add(s);
            } else {
                notAStatement(t);
                skipLogicalLine();
            }
        }
        List<Diagnostic> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt((Diagnostic d) -> d.range().start()));
        return new SourceFile(text, List.copyOf(statements), List.copyOf(sorted), lines);
    }

    // ---------------------------------------------------------------- statements

    private Statement statement(Token kw) {
        switch (kw.text()) {
            case "data": return data();
            case "factor": return factor();
            case "method": return method();
            case "model": return model();
            case "compare": return compare();
            case "level": return level();
            default: skipLogicalLine(); return null;
        }
    }

    private Statement data() {
        Token kw = advance();
        Statement.StringLiteral path = null;
        Token t = peek();
        if (t.is(TokenKind.STRING)) {
            advance();
            path = new Statement.StringLiteral(Lexer.unescape(t.text()), t.range());
        } else {
            Diagnostic d = expected("expected a file name in double quotes after 'data'");
            if (d != null && (t.is(TokenKind.NAME) || t.is(TokenKind.NUMBER)) && !t.text().startsWith("`")) {
                replaceLast(d.withSuggestion("\"" + t.text() + "\""));
            }
        }
        List<Statement.DataOption> options = new ArrayList<>();
        while (path != null && peek().is(TokenKind.NAME)) {
            Expr.Name option = name(advance());
            Statement.StringLiteral value = null;
            if (peek().is(TokenKind.STRING)) {
                Token v = advance();
                value = new Statement.StringLiteral(Lexer.unescape(v.text()), v.range());
            } else {
                expected("expected a value in double quotes after '" + option.name() + "' (e.g. sep \";\")");
            }
            options.add(new Statement.DataOption(option, value));
        }
        endStatement("expected end of line after the data file name");
        return new Statement.Data(path, options, kw.range(), span(kw));
    }

    private Statement factor() {
        Token kw = advance();
        List<Expr.Name> columns = names("a column name", "'factor'");
        return new Statement.Factor(columns, kw.range(), span(kw));
    }

    private Statement compare() {
        Token kw = advance();
        List<Expr.Name> models = names("a model name", "'compare'");
        return new Statement.Compare(models, kw.range(), span(kw));
    }

    /** {@code NAME (',' NAME)*} to the end of the statement, as after 'factor' and 'compare'. */
    private List<Expr.Name> names(String what, String keyword) {
        List<Expr.Name> names = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (!t.is(TokenKind.NAME)) {
                expected("expected " + what + " after " + (names.isEmpty() ? keyword : "','"));
                break;
            }
            advance();
            names.add(name(t));
            if (!peek().is(TokenKind.COMMA)) break;
            advance();
            skipContinuationNewlines();
        }
        endStatement("expected ',' or end of line");
        return List.copyOf(names);
    }

    private Statement level() {
        Token kw = advance();
        Expr.Number value = null;
        Token t = peek();
        if (t.is(TokenKind.NUMBER)) {
            advance();
            value = new Expr.Number(parseNumber(t.text()), t.text(), t.range());
        } else {
            expected("expected a confidence level such as 0.95 after 'level'");
        }
        endStatement("expected end of line after the level");
        return new Statement.Level(value, kw.range(), span(kw));
    }

    private Statement method() {
        Token kw = advance();
        Expr.Name value = null;
        Token t = peek();
        if (t.is(TokenKind.NAME)) {
            advance();
            value = name(t);
        } else {
            expected("expected 'REML' or 'ML' after 'method'");
        }
        endStatement("expected end of line after the method");
        return new Statement.Method(value, kw.range(), span(kw));
    }

    private Statement model() {
        Token kw = advance();
        Expr.Name name = null;
        Token t0 = peek(), t1 = tok(pos + 1), t2 = tok(pos + 2);
        boolean equals = t1.is(TokenKind.EQUALS) && !t2.is(TokenKind.EQUALS);
        String before = "'model'";
        if (t0.is(TokenKind.NAME) && equals) {
            name = name(advance());
            advance();
            before = "'='";
            skipContinuationNewlines();
        } else if (t0.is(TokenKind.EQUALS) && !t1.is(TokenKind.EQUALS)) {
            report(Diagnostic.error(t0.range(), SYNTAX, "expected a model name before '='"));
            advance();
            before = "'='";
            skipContinuationNewlines();
        } else if (equals && (t0.is(TokenKind.NUMBER) || t0.is(TokenKind.STRING))) {
            report(Diagnostic.error(t0.range(), SYNTAX, "expected a model name before '=', found " + describe(t0)));
            advance();
            advance();
            before = "'='";
            skipContinuationNewlines();
        }
        Formula formula = null;
        Token t = peek();
        if (t.is(TokenKind.NEWLINE) || t.is(TokenKind.EOF)) {
            expected("expected a formula after " + before);
        } else {
            formula = formula();
        }
        endStatement("expected an operator or end of line");
        return new Statement.Model(name, formula, kw.range(), span(kw));
    }

    private void notAStatement(Token t) {
        if (t.is(TokenKind.ERROR)) return; // reported by the lexer
        if (t.is(TokenKind.NAME) && !t.text().startsWith("`")) {
            String word = t.text();
            String close = closestKeyword(word);
            if (close != null) {
                report(new Diagnostic(t.range(), Severity.ERROR, "unknown statement '" + word + "'; did you mean '" + close + "'?",
                        UNKNOWN_STATEMENT, close));
                return;
            }
            if (lineHasTilde()) {
                report(new Diagnostic(t.range(), Severity.ERROR,
                        "unknown statement '" + word + "'; a formula must follow 'model'", UNKNOWN_STATEMENT, "model " + word));
                return;
            }
            report(new Diagnostic(t.range(), Severity.ERROR,
                    "unknown statement '" + word + "'; expected data, factor, method, model, compare or level", UNKNOWN_STATEMENT, null));
            return;
        }
        report(Diagnostic.error(t.range(), SYNTAX,
                "expected a statement (data, factor, method, model, compare or level), found " + describe(t)));
    }

    private boolean lineHasTilde() {
        for (int k = pos; k < toks.size(); k++) {
            Token t = toks.get(k);
            if (t.is(TokenKind.NEWLINE) || t.is(TokenKind.EOF)) return false;
            if (t.is(TokenKind.TILDE)) return true;
        }
        return false;
    }

    /** The keyword closest to a misspelt word (edit distance at most 2, ignoring case), or null. */
    public static String closestKeyword(String word) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : Lexer.KEYWORDS) {
            int d = Spelling.distance(word.toLowerCase(java.util.Locale.ROOT), k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= 2 && bestDistance < word.length() ? best : null;
    }

    /** At the end of a statement: anything but a line break is an error; then skip the rest of the line. */
    private void endStatement(String expectedMessage) {
        parenDepth = 0;
        Token t = peek();
        if (t.is(TokenKind.NEWLINE) || t.is(TokenKind.EOF)) return;
        if (!bailout && pos != lastErrorTokenPos) {
            if (t.is(TokenKind.RPAREN)) report(Diagnostic.error(t.range(), SYNTAX, "unexpected ')' without a matching '('"));
            else if (t.is(TokenKind.TILDE)) report(Diagnostic.error(t.range(), SYNTAX, "unexpected '~': a formula has only one '~'"));
            else expected(expectedMessage);
        }
        skipLogicalLine();
    }

    // ---------------------------------------------------------------- formulas

    private Formula formula() {
        int start = peek().start();
        Expr response = null;
        if (!peek().is(TokenKind.TILDE)) response = bar();
        Token t = peek();
        if (t.is(TokenKind.TILDE)) {
            operator();
            Expr rhs = bar();
            if (response != null) start = Math.min(start, response.range().start());
            return new Formula(response, t.range(), rhs, new TextRange(start, Math.max(t.end(), rhs.range().end())));
        }
        expected("expected '~' after the response");
        TextRange at = TextRange.at(response.range().end());
        return new Formula(response, at, new Expr.Missing(at), response.range());
    }

    private Expr bar() {
        Expr left = sum();
        while (peek().is(TokenKind.BAR) || peek().is(TokenKind.DOUBLE_BAR)) {
            Token op = operator();
            left = binary(op, left, sum());
        }
        return left;
    }

    private Expr sum() {
        Expr left = prod();
        while (peek().is(TokenKind.PLUS) || peek().is(TokenKind.MINUS)) {
            Token op = operator();
            left = binary(op, left, prod());
        }
        return left;
    }

    private Expr prod() {
        Expr left = colon();
        while (peek().is(TokenKind.STAR) || peek().is(TokenKind.SLASH)) {
            Token op = operator();
            left = binary(op, left, colon());
        }
        return left;
    }

    private Expr colon() {
        Expr left = unary();
        while (peek().is(TokenKind.COLON)) {
            Token op = operator();
            left = binary(op, left, unary());
        }
        return left;
    }

    /** Consumes an operator; the formula may continue on the next line after it. */
    private Token operator() {
        Token op = advance();
        if (++operators > MAX_OPERATORS && !bailout) {
            report(Diagnostic.error(op.range(), SYNTAX, "formula too long: more than " + MAX_OPERATORS
                    + " operators in one statement (split the model, or group columns before reading them)"));
            bailout = true;
            skipLogicalLine();
            return op;
        }
        skipContinuationNewlines();
        return op;
    }

    private static Expr binary(Token op, Expr left, Expr right) {
        return new Expr.Binary(op.kind().binaryOp(), left, right, op.range(),
                new TextRange(left.range().start(), Math.max(op.end(), right.range().end())));
    }

    private Expr unary() {
        if (++nesting > MAX_NESTING) {
            nesting--;
            if (!bailout) report(Diagnostic.error(peek().range(), SYNTAX, "formula nested too deeply"));
            bailout = true;
            skipLogicalLine();
            return new Expr.Missing(TextRange.at(lastEnd));
        }
        try {
            Token t = peek();
            if (t.is(TokenKind.MINUS) || t.is(TokenKind.PLUS)) {
                operator();
                Expr operand = unary();
                return new Expr.Unary(t.is(TokenKind.MINUS) ? Expr.UnaryOp.MINUS : Expr.UnaryOp.PLUS, operand,
                        new TextRange(t.start(), Math.max(t.end(), operand.range().end())));
            }
            Expr base = primary();
            Token op = peek();
            if (op.is(TokenKind.CARET)) {
                operator();
                return binary(op, base, unary());
            }
            return base;
        } finally {
            nesting--;
        }
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER: {
                advance();
                return new Expr.Number(parseNumber(t.text()), t.text(), t.range());
            }
            case NAME: {
                advance();
                Expr.Name n = name(t);
                if (peek().is(TokenKind.LPAREN)) return call(n);
                return n;
            }
            case LPAREN: {
                Token open = advance();
                parenDepth++;
                Expr inner = bar();
                int end = Math.max(close(open), inner.range().end());
                parenDepth--;
                return new Expr.Paren(inner, new TextRange(open.start(), end));
            }
            default: {
                Diagnostic d = expected("expected a term after '" + lastText + "'");
                if (d == null || t.is(TokenKind.NEWLINE) || t.is(TokenKind.EOF)) return new Expr.Missing(TextRange.at(lastEnd));
                return new Expr.Missing(TextRange.at(t.start()));
            }
        }
    }

    private Expr call(Expr.Name function) {
        Token open = advance();
        parenDepth++;
        List<Expr> args = new ArrayList<>();
        if (!peek().is(TokenKind.RPAREN)) {
            while (true) {
                args.add(bar());
                if (!peek().is(TokenKind.COMMA)) break;
                advance();
                skipContinuationNewlines();
            }
        }
        int end = close(open);
        for (Expr a : args) end = Math.max(end, a.range().end());
        parenDepth--;
        return new Expr.Call(function, List.copyOf(args), new TextRange(function.range().start(), end));
    }

    /** Consumes the ')' matching {@code open} or reports it missing; returns the end of the construct. */
    private int close(Token open) {
        Token t = peek();
        if (t.is(TokenKind.RPAREN)) {
            advance();
            return t.end();
        }
        expected("expected ')' to close the '(' at " + (lines.line(open.start()) + 1) + ":" + (lines.column(open.start()) + 1));
        return Math.max(open.end(), lastEnd);
    }

    private static double parseNumber(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Expr.Name name(Token t) {
        String s = t.text();
        if (s.startsWith("`")) return new Expr.Name(Lexer.unescape(s), true, t.range());
        return new Expr.Name(s, false, t.range());
    }

    // ---------------------------------------------------------------- tokens and errors

    private Token tok(int k) { return toks.get(Math.min(k, toks.size() - 1)); }

    /** The current token; inside parentheses, line breaks that continue the formula are skipped. */
    private Token peek() {
        if (parenDepth > 0) skipContinuationNewlines();
        return toks.get(pos);
    }

    private Token advance() {
        Token t = toks.get(pos);
        if (!t.is(TokenKind.EOF)) pos++;
        if (t.isSignificant() && !t.is(TokenKind.EOF)) {
            lastEnd = t.end();
            lastText = t.text();
        }
        return t;
    }

    /** Skips line breaks (and blank or comment lines) unless the next line starts a statement or the text ends. */
    private void skipContinuationNewlines() {
        if (!toks.get(pos).is(TokenKind.NEWLINE)) return;
        int j = pos;
        while (toks.get(j).is(TokenKind.NEWLINE)) j++;
        Token next = toks.get(j);
        if (next.is(TokenKind.KEYWORD) || next.is(TokenKind.EOF)) return;
        pos = j;
    }

    /** Skips to the end of the current statement: its line and the lines it continues onto. */
    private void skipLogicalLine() {
        int depth = 0;
        Token prev = null;
        while (true) {
            Token t = toks.get(pos);
            if (t.is(TokenKind.EOF)) return;
            if (t.is(TokenKind.NEWLINE)) {
                boolean continues = depth > 0 || (prev != null && prev.kind().continuesLine());
                if (!continues) return;
                int j = pos;
                while (toks.get(j).is(TokenKind.NEWLINE)) j++;
                if (toks.get(j).is(TokenKind.KEYWORD) || toks.get(j).is(TokenKind.EOF)) return;
                pos = j;
                continue;
            }
            if (t.is(TokenKind.LPAREN)) depth++;
            if (t.is(TokenKind.RPAREN)) depth = Math.max(0, depth - 1);
            prev = t;
            advance();
        }
    }

    /**
     * Reports "{@code message}, found X" about the current token: at the token, or as an empty range at
     * the end of the previous token when the line ends. Returns null (and reports nothing) when the
     * token is an ERROR token, already reported by the lexer, or when the statement was abandoned.
     */
    private Diagnostic expected(String message) {
        Token t = toks.get(pos);
        // one error per offending token; a missing ')' is still worth its own error
        boolean repeated = pos == lastErrorTokenPos && !message.startsWith("expected ')'");
        lastErrorTokenPos = pos;
        if (bailout || repeated || t.is(TokenKind.ERROR)) return null;
        boolean atEnd = t.is(TokenKind.NEWLINE) || t.is(TokenKind.EOF);
        TextRange r = atEnd ? TextRange.at(lastEnd) : t.range();
        Diagnostic d = Diagnostic.error(r, SYNTAX, message + ", found " + describe(t));
        report(d);
        return d;
    }

    private void report(Diagnostic d) { errors.add(d); }

    private void replaceLast(Diagnostic d) { errors.set(errors.size() - 1, d); }

    /** From a statement's keyword to the end of the last token consumed, text skipped after an error included. */
    private TextRange span(Token first) { return new TextRange(first.start(), Math.max(first.end(), lastEnd)); }

    /** How a token is named in messages: {@code 'x'}, {@code end of line}, {@code string "a"}. */
    static String describe(Token t) {
        switch (t.kind()) {
            case NEWLINE: return "end of line";
            case EOF: return "end of file";
            case STRING: return "string " + Lexer.abbreviate(t.text());
            case NUMBER: return "number " + Lexer.abbreviate(t.text());
            default: return "'" + Lexer.abbreviate(t.text()) + "'";
        }
    }
}
