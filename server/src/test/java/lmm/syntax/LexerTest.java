package lmm.syntax;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LexerTest {
    static String kinds(String text) {
        return Lexer.tokenize(text).stream().map(t -> t.kind() + (t.is(TokenKind.NEWLINE) || t.is(TokenKind.EOF) ? "" : "(" + t.text() + ")"))
                .collect(Collectors.joining(" "));
    }

    @Test
    void statementLine() {
        assertEquals("KEYWORD(model) NAME(m) EQUALS(=) NAME(y) TILDE(~) NAME(x) PLUS(+) LPAREN(() NUMBER(1) BAR(|) NAME(g) RPAREN()) "
                + "COMMENT(# c) NEWLINE EOF", kinds("model m = y ~ x + (1 | g) # c\n"));
    }

    @Test
    void operators() {
        assertEquals("PLUS(+) MINUS(-) STAR(*) SLASH(/) COLON(:) CARET(^) BAR(|) DOUBLE_BAR(||) TILDE(~) EQUALS(=) COMMA(,) "
                + "LPAREN(() RPAREN()) EOF", kinds("+-*/:^| ||~=,()"));
        assertEquals("DOUBLE_BAR(||) BAR(|) EOF", kinds("|||"));
    }

    @Test
    void keywordsOnlyFirstOnLine() {
        assertEquals("KEYWORD(data) NAME(data) NEWLINE KEYWORD(factor) NEWLINE NAME(x) NAME(model) EOF",
                kinds("  data data\n\tfactor\nx model"));
        assertEquals("COMMENT(# model) NEWLINE KEYWORD(model) EOF", kinds("# model\nmodel"));
        assertEquals("NAME(Model) NAME(models) EOF", kinds("Model models"));
    }

    @Test
    void numbersAndNames() {
        assertEquals("NUMBER(1) NUMBER(0.5) NUMBER(1e-3) NUMBER(.5) NUMBER(2E+10) NUMBER(3.) NAME(.x) NAME(x.1_b) NAME(.) EOF",
                kinds("1 0.5 1e-3 .5 2E+10 3. .x x.1_b ."));
        assertEquals("NUMBER(1) NAME(e) EOF", kinds("1e"));
        assertEquals("NUMBER(2) NAME(x) EOF", kinds("2x"));
        assertEquals("NAME(`a b`) NAME(`x\\`y`) EOF", kinds("`a b` `x\\`y`"));
    }

    @Test
    void strings() {
        assertEquals("KEYWORD(data) STRING(\"a\\\"b\\\\\") EOF", kinds("data \"a\\\"b\\\\\""));
        Lexer.Result r = Lexer.lex("data \"abc\ndata \"x\"");
        assertEquals("KEYWORD(data) STRING(\"abc) NEWLINE KEYWORD(data) STRING(\"x\") EOF", kinds("data \"abc\ndata \"x\""));
        assertEquals(1, r.errors().size());
        assertEquals(new TextRange(5, 9), r.errors().get(0).range());
        assertEquals("a\"b\\", Lexer.unescape("\"a\\\"b\\\\\""));
        assertEquals("abc", Lexer.unescape("\"abc"));
        assertEquals("a b", Lexer.unescape("`a b`"));
    }

    @Test
    void newlinesAndComments() {
        assertEquals("NAME(a) NEWLINE NAME(b) NEWLINE NAME(c) NEWLINE COMMENT(#x) EOF", kinds("a\r\nb\rc\n#x"));
        List<Token> t = Lexer.tokenize("a\r\nb");
        assertEquals(new TextRange(1, 3), t.get(1).range());
    }

    @Test
    void errors() {
        Lexer.Result r = Lexer.lex("a $$ b @ \u00A0 'x'");
        assertEquals("NAME(a) ERROR($$) NAME(b) ERROR(@) ERROR(\u00A0) ERROR('x') EOF", kinds("a $$ b @ \u00A0 'x'"));
        assertEquals(List.of("unexpected characters '$$'", "unexpected character '@'", "unexpected character '\u00A0'",
                "strings are written in double quotes, not single quotes"), r.errors().stream().map(Diagnostic::message).toList());
    }

    @Test
    void tokensTileTheText() {
        String text = "data \"x.csv\" # c\r\nmodel m = log(y) ~ `a b`:c^2 $ + (1||g)\n\n";
        int at = 0;
        for (Token t : Lexer.tokenize(text)) {
            assertTrue(t.start() >= at, t.toString());
            assertTrue(text.substring(at, t.start()).isBlank(), t.toString());
            assertEquals(text.substring(t.start(), t.end()), t.text());
            at = t.end();
        }
        assertEquals(text.length(), at);
    }
}
