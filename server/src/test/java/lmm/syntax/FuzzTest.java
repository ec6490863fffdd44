package lmm.syntax;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Parsing never fails: random text and random mutations of real files give a tree, errors and sane ranges. */
class FuzzTest {
    static final List<String> EXAMPLES = List.of(
            "# dung\ndata \"dung.csv\"\nfactor oven_block\nmethod REML\nmodel blocks = pr_dung ~ flies + (1 | oven_block)\n"
                    + "method ML\nmodel blocks_ml = pr_dung ~ flies + (1 | oven_block)\n",
            "data \"sleepstudy.csv\"\nfactor Subject\nmodel slopes = Reaction ~ Days + (Days | Subject)\n",
            "data \"pastes.csv\"\nmodel nested = strength ~ 1 + (1 | batch/cask) + (1 | batch:cask)\n",
            "model m = log(y) ~ -1 + I(x^2) + a*b - a:b + (a+b+c)^2 + (1 + x || g) +\n   `odd name` + exp(z) + sqrt(.5 * w)\n",
            "factor a, b,\n  c\nmodel y ~ f(a,\n b) # note\n\r\nmodel ~ 0 + x / 1e-3\n");

    static final String ALPHABET = "abcxyz_.019eE+-*/:^|~=,()\"`'\\#$ \t\n\r\u00e9\u00A0\uD83D\uDE00";
    static final List<String> PIECES = List.of("model ", "data ", "factor ", "method ", "~", "(", ")", "|", "||", "\n",
            "\"", "`", "#", "1e", ".", "-", "^", ",", "=", "==", "(1 | g)", "I(", "log(", "\r\n", "modle ");

    /** Extra rounds with other seeds: {@code mvn test -Dlmm.fuzz.rounds=50}. */
    static final int ROUNDS = Integer.getInteger("lmm.fuzz.rounds", 1);

    @Test
    void randomText() {
        for (int round = 0; round < ROUNDS; round++) randomText(new Random(12345 + round));
    }

    @Test
    void mutatedExamples() {
        for (int round = 0; round < ROUNDS; round++) mutatedExamples(new Random(777 + round));
    }

    private void randomText(Random rnd) {
        for (int n = 0; n < 3000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(80);
            for (int i = 0; i < len; i++) {
                if (rnd.nextInt(4) == 0) sb.append(PIECES.get(rnd.nextInt(PIECES.size())));
                else sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
            }
            check(sb.toString());
        }
        for (int n = 0; n < 300; n++) {
            char[] cs = new char[rnd.nextInt(60)];
            for (int i = 0; i < cs.length; i++) cs[i] = (char) rnd.nextInt(0x10000);
            check(new String(cs));
        }
    }

    private void mutatedExamples(Random rnd) {
        for (String ex : EXAMPLES) {
            check(ex);
            for (int n = 0; n < 1500; n++) {
                StringBuilder sb = new StringBuilder(ex);
                int edits = 1 + rnd.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    int at = rnd.nextInt(sb.length() + 1);
                    switch (rnd.nextInt(5)) {
                        case 0 -> { if (at < sb.length()) sb.deleteCharAt(at); }
                        case 1 -> sb.insert(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
                        case 2 -> sb.insert(at, PIECES.get(rnd.nextInt(PIECES.size())));
                        case 3 -> { if (at < sb.length()) sb.setCharAt(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length()))); }
                        default -> {
                            int to = Math.min(sb.length(), at + rnd.nextInt(20));
                            sb.insert(rnd.nextInt(sb.length() + 1), sb.substring(at, to));
                        }
                    }
                }
                check(sb.toString());
            }
        }
    }

    /** All invariants that must hold for any input. */
    static void check(String text) {
        SourceFile f;
        try {
            f = Parser.parse(text);
        } catch (Throwable t) {
            throw new AssertionError("parser threw on " + show(text), t);
        }
        String where = show(text);
        assertEquals(text, f.text());
        for (Diagnostic d : f.errors()) {
            assertNotEquals(Parser.INTERNAL, d.code(), where + ": " + d.message());
            inText(text, d.range(), where);
            assertNotNull(d.message());
        }
        int previousEnd = 0;
        for (Statement s : f.statements()) {
            inText(text, s.range(), where);
            assertTrue(s.range().contains(s.keyword()), where);
            assertTrue(s.range().start() >= previousEnd, where);
            previousEnd = s.range().end();
            for (Expr e : exprs(s)) {
                inText(text, e.range(), where);
                assertTrue(s.range().contains(e.range()), where);
                checkTree(text, e, where);
                e.toSource();
            }
            SyntaxDump.of(s);
        }
        int at = 0;
        for (Token t : Lexer.tokenize(text)) {
            assertTrue(t.start() >= at, where);
            at = t.end();
            inText(text, t.range(), where);
        }
        // the formatter never throws, is idempotent and keeps the meaning (same tokens, same tree, same errors)
        String formatted;
        try {
            formatted = Formatter.format(text);
        } catch (Throwable t) {
            throw new AssertionError("formatter threw on " + where, t);
        }
        assertEquals(formatted, Formatter.format(formatted), "idempotent on " + where);
        assertEquals(significant(text), significant(formatted), where + " => " + show(formatted));
        SourceFile g = Parser.parse(formatted);
        assertEquals(SyntaxDump.of(f), SyntaxDump.of(g), where);
        assertEquals(f.errors().stream().map(Diagnostic::message).toList(), g.errors().stream().map(Diagnostic::message).toList(), where);
    }

    static List<String> significant(String text) {
        List<String> out = new ArrayList<>();
        for (Token t : Lexer.tokenize(text)) out.add(t.kind() + ":" + (t.is(TokenKind.COMMENT) ? t.text().strip() : t.text()));
        return out;
    }

    static List<Expr> exprs(Statement s) {
        List<Expr> out = new ArrayList<>();
        if (s instanceof Statement.Factor fa) out.addAll(fa.columns());
        if (s instanceof Statement.Method m && m.value() != null) out.add(m.value());
        if (s instanceof Statement.Model m) {
            if (m.name() != null) out.add(m.name());
            if (m.formula() != null) {
                inText("", TextRange.at(0), "");
                if (m.formula().response() != null) out.add(m.formula().response());
                out.add(m.formula().rhs());
                assertTrue(m.formula().range().contains(m.formula().rhs().range()));
            }
        }
        return out;
    }

    static void checkTree(String text, Expr e, String where) {
        inText(text, e.range(), where);
        for (Expr c : e.children()) {
            assertTrue(e.range().contains(c.range()), where + ": " + e);
            checkTree(text, c, where);
        }
    }

    static void inText(String text, TextRange r, String where) {
        assertTrue(r.start() >= 0 && r.end() <= text.length() && r.start() <= r.end(), where + ": " + r);
    }

    static String show(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == '"') sb.append('\\').append(c);
            else if (c >= 0x20 && c < 0x7f) sb.append(c);
            else if (c == '\n') sb.append("\\n");
            else sb.append(String.format("\\u%04x", (int) c));
        }
        return sb.append('"').toString();
    }
}
