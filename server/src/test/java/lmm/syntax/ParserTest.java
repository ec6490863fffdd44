package lmm.syntax;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParserTest {
    /** The S-expression of the right-hand side of {@code model y ~ rhs}, checking there are no errors. */
    static String rhs(String rhs) {
        SourceFile f = Parser.parse("model y ~ " + rhs);
        assertEquals(List.of(), f.errors(), rhs);
        return SyntaxDump.of(f.models().get(0).formula().rhs());
    }

    static String tree(String text) {
        SourceFile f = Parser.parse(text);
        assertEquals(List.of(), f.errors(), text);
        return SyntaxDump.of(f);
    }

    @Test
    void dungExample() {
        String text = "# dung.lmm: a comment runs to the end of the line\n"
                + "data \"dung.csv\"            # CSV with a header row\n"
                + "factor oven_block          # numeric columns to treat as categorical\n"
                + "method REML                # REML (the default) or ML\n"
                + "model blocks = pr_dung ~ flies + (1 | oven_block)\n"
                + "model pr_dung ~ 1 + (1 | oven_block)      # the name is optional\n";
        assertEquals("(data \"dung.csv\")\n"
                + "(factor oven_block)\n"
                + "(method REML)\n"
                + "(model blocks (~ pr_dung (+ flies (paren (| 1 oven_block)))))\n"
                + "(model (~ pr_dung (+ 1 (paren (| 1 oven_block)))))", tree(text));
    }

    @Test
    void statements() {
        assertEquals("(data \"a b.csv\")", tree("data \"a b.csv\""));
        assertEquals("(data \"say \\\"hi\\\" \\\\ x\")", tree("data \"say \\\"hi\\\" \\\\ x\""));
        assertEquals("(factor a b `c d`)", tree("factor a, b,`c d`"));
        assertEquals("(factor a b c)", tree("factor a,\n   b,\n\n   c"));
        assertEquals("(method ML)", tree("  method ML"));
        assertEquals("(compare small big `a b`)", tree("compare small, big,`a b`"));
        assertEquals("(compare a b c)", tree("compare a,\n   b,\n\n   c"));
        // 'compare' is a keyword only at the start of a line: a column may be called compare
        assertEquals("(model m (~ y compare))", tree("model m = y ~ compare"));
        assertEquals("(model m (~ y x))", tree("model m = y ~ x"));
        assertEquals("(model m (~ y x))", tree("model m=y~x"));
        assertEquals("(model `my model` (~ y x))", tree("model `my model` = y ~ x"));
        assertEquals("(model (~ x))", tree("model ~ x"));
        assertEquals("(model (~ data model))", tree("model data ~ model"));
    }

    @Test
    void stringValueHasEscapesResolved() {
        SourceFile f = Parser.parse("data \"C:\\\\dir\\\\say \\\"x\\\".csv\"");
        assertEquals("C:\\dir\\say \"x\".csv", ((Statement.Data) f.statements().get(0)).path().value());
        // other backslashes are kept as written
        f = Parser.parse("data \"C:\\data\\x.csv\"");
        assertEquals("C:\\data\\x.csv", ((Statement.Data) f.statements().get(0)).path().value());
    }

    @Test
    void terms() {
        assertEquals("1", rhs("1"));
        assertEquals("0", rhs("0"));
        assertEquals("(+ x (- 1))", rhs("x + -1"));
        assertEquals("(- x 1)", rhs("x - 1"));
        assertEquals("(+ (- 1) x)", rhs("-1 + x"));
        assertEquals("(+ 0 x)", rhs("0 + x"));
        assertEquals("(: a b)", rhs("a:b"));
        assertEquals("(* a b)", rhs("a*b"));
        assertEquals("(/ a b)", rhs("a/b"));
        assertEquals("(^ (paren (+ (+ a b) c)) 2)", rhs("(a+b+c)^2"));
        assertEquals("(- (* a b) (: a b))", rhs("a*b - a:b"));
        assertEquals("(call log x)", rhs("log(x)"));
        assertEquals("(+ (call exp x) (call sqrt x))", rhs("exp(x) + sqrt(x)"));
        assertEquals("(call I (^ x 2))", rhs("I(x^2)"));
        assertEquals("(call I (+ (* 2 x) (/ x 3)))", rhs("I(2*x + x/3)"));
        assertEquals("(call f a b)", rhs("f(a, b)"));
        assertEquals("(call f)", rhs("f()"));
        assertEquals("(call log (call I (- x 1)))", rhs("log(I(x - 1))"));
        assertEquals("(paren (| 1 g))", rhs("(1 | g)"));
        assertEquals("(paren (|| (+ 1 x) g))", rhs("(1 + x || g)"));
        assertEquals("(paren (| 1 (/ g1 g2)))", rhs("(1 | g1/g2)"));
        assertEquals("(paren (| 1 (: g1 g2)))", rhs("(1 | g1:g2)"));
        assertEquals("(paren (| Days Subject))", rhs("(Days|Subject)"));
    }

    @Test
    void names() {
        assertEquals(".x", rhs(".x"));
        assertEquals("x.y_z2", rhs("x.y_z2"));
        assertEquals("`a b`", rhs("`a b`"));
        assertEquals("(+ `x+1` `y`)", rhs("`x+1` + `y`"));
        assertEquals("énergie", rhs("énergie"));
        SourceFile f = Parser.parse("model y ~ `a b`");
        Expr.Name n = (Expr.Name) f.models().get(0).formula().rhs();
        assertEquals("a b", n.name());
        assertTrue(n.quoted());
        assertEquals("`a b`", f.text(n.range()));
    }

    @Test
    void numbers() {
        for (String s : List.of("1", "0.5", "1e-3", ".5", "2.", "1E+5", "10")) {
            SourceFile f = Parser.parse("model y ~ " + s);
            assertEquals(List.of(), f.errors(), s);
            Expr.Number n = (Expr.Number) f.models().get(0).formula().rhs();
            assertEquals(Double.parseDouble(s), n.value(), s);
            assertEquals(s, n.text());
        }
    }

    @Test
    void precedence() {
        // ~ < | < + - < * / < : < unary < ^
        assertEquals("(| (+ a b) c)", rhs("a + b | c"));
        assertEquals("(|| a (+ b c))", rhs("a || b + c"));
        assertEquals("(+ a (* b c))", rhs("a + b * c"));
        assertEquals("(- (* a b) c)", rhs("a * b - c"));
        assertEquals("(* a (: b c))", rhs("a * b:c"));
        assertEquals("(/ (: a b) c)", rhs("a:b / c"));
        assertEquals("(: (- a) b)", rhs("-a:b"));
        assertEquals("(- (^ a 2))", rhs("-a^2"));
        assertEquals("(^ a (- 1))", rhs("a^-1"));
        assertEquals("(: a (^ b 2))", rhs("a:b^2"));
        assertEquals("(- (+ a b) c)", rhs("a + b - c"));
        assertEquals("(/ (* a b) c)", rhs("a * b / c"));
        assertEquals("(: (: a b) c)", rhs("a:b:c"));
        assertEquals("(^ a (^ b c))", rhs("a^b^c"));
        assertEquals("(| (| a b) c)", rhs("a | b | c"));
        assertEquals("(- (- a))", rhs("--a"));
        assertEquals("(+ (+ 1 x) (paren (| (+ 1 x) g)))", rhs("1 + x + (1 + x | g)"));
        assertEquals("(~ (+ a b) (| c d))", SyntaxDump.of(Parser.parse("model a + b ~ c | d").models().get(0).formula()));
    }

    @Test
    void continuationLines() {
        assertEquals("(model m (~ y (+ (+ a b) c)))", tree("model m = y ~ a +\n    b +\n    c"));
        assertEquals("(model m (~ y (+ a (paren (| 1 g)))))", tree("model m = y ~ a + (1 |\n g)"));
        assertEquals("(model m (~ y (+ a (paren (| 1 g)))))", tree("model m = y ~ a + (1\n | g\n )"));
        assertEquals("(model m (~ y (+ a b)))", tree("model m =\n  y ~\n  a + # comment\n\n  # another\n  b"));
        assertEquals("(model (~ y (call f a b)))", tree("model y ~ f(a,\n b)"));
        assertEquals("(model (~ y (: a b)))\n(method ML)", tree("model y ~ a:\n b\nmethod ML"));
        // a line that does not end with an operator ends the statement
        SourceFile f = Parser.parse("model y ~ a\n+ b");
        assertEquals("(model (~ y a))", SyntaxDump.of(f));
        assertEquals(1, f.errors().size());
    }

    @Test
    void keywordsOnlyAtLineStart() {
        assertEquals("(model model (~ data (+ factor method)))", tree("model model = data ~ factor + method"));
        assertEquals("(factor data model)", tree("factor data, model"));
    }

    @Test
    void crlfAndBom() {
        assertEquals("(data \"x.csv\")\n(model (~ y (+ a b)))", tree("\uFEFFdata \"x.csv\"\r\nmodel y ~ a +\r\n b\r\n"));
    }

    @Test
    void emptyAndCommentOnly() {
        assertEquals("", tree(""));
        assertEquals("", tree("# only a comment\n\n   \n"));
    }

    @Test
    void rangesCoverTheirText() {
        String text = "data \"dung.csv\"\nfactor a, b\nmethod ML\n"
                + "model m = log(y) ~ -1 + I(x^2) + a*b + (1 + x || g1/g2) + (1|g1:g2) + `q r`";
        SourceFile f = Parser.parse(text);
        assertEquals(List.of(), f.errors());
        assertEquals("data \"dung.csv\"", f.text(f.statements().get(0).range()));
        assertEquals("factor a, b", f.text(f.statements().get(1).range()));
        assertEquals("method ML", f.text(f.statements().get(2).range()));
        Statement.Model m = f.models().get(0);
        assertEquals(text.substring(text.indexOf("model m")), f.text(m.range()));
        assertEquals("model", f.text(m.keyword()));
        assertEquals("log(y) ~ -1 + I(x^2) + a*b + (1 + x || g1/g2) + (1|g1:g2) + `q r`", f.text(m.formula().range()));
        assertEquals("~", f.text(m.formula().tilde()));
        checkRanges(f, m.formula().rhs());
        checkRanges(f, m.formula().response());
        Expr e = m.formula().rhs().nodeAt(text.indexOf("g2)"));
        assertEquals("g2", f.text(e.range()));
    }

    /** Every node's range covers exactly its source: a Binary from left to right, a Call from name to ')'. */
    static void checkRanges(SourceFile f, Expr e) {
        String s = f.text(e.range());
        if (e instanceof Expr.Name n) assertEquals(n.quoted() ? "`" + n.name() + "`" : n.name(), s);
        if (e instanceof Expr.Number n) assertEquals(n.text(), s);
        if (e instanceof Expr.Paren p) {
            assertTrue(s.startsWith("(") && s.endsWith(")"), s);
            assertTrue(p.range().contains(p.inner().range()));
        }
        if (e instanceof Expr.Call c) {
            assertTrue(s.startsWith(c.function().name()) && s.endsWith(")"), s);
            assertEquals(c.range().start(), c.function().range().start());
        }
        if (e instanceof Expr.Binary b) {
            assertEquals(b.left().range().start(), b.range().start());
            assertEquals(b.right().range().end(), b.range().end());
            assertEquals(b.op().symbol, f.text(b.opRange()));
        }
        if (e instanceof Expr.Unary u) {
            assertEquals(u.op().symbol, s.substring(0, 1));
            assertEquals(u.operand().range().end(), u.range().end());
        }
        for (Expr c : e.children()) {
            assertTrue(e.range().contains(c.range()), s);
            checkRanges(f, c);
        }
    }

    @Test
    void referenceFilesParseWithoutErrors() throws Exception {
        for (String name : List.of("dung", "ols6", "pastes", "penicillin", "sleepstudy")) {
            String text = new String(getClass().getResourceAsStream("/reference/" + name + ".lmm").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            SourceFile f = Parser.parse(text);
            assertEquals(List.of(), f.errors(), name);
            assertFalse(f.models().isEmpty());
            String json = new String(getClass().getResourceAsStream("/reference/" + name + ".expected.json").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            for (Statement.Model m : f.models()) {
                assertTrue(json.contains("\"formula\": \"" + m.formula().toSource() + "\""), m.formula().toSource());
                checkRanges(f, m.formula().rhs());
            }
        }
    }
}
