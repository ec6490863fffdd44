package lmm.syntax;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeparseTest {
    static String deparse(String rhs) {
        SourceFile f = Parser.parse("model y ~ " + rhs);
        assertEquals(List.of(), f.errors(), rhs);
        return f.models().get(0).formula().rhs().toSource();
    }

    @Test
    void likeR() {
        assertEquals("flies + (1 | oven_block)", deparse("flies+(1|oven_block)"));
        assertEquals("I(x^2)", deparse("I( x ^ 2 )"));
        assertEquals("log(x)", deparse("log (x)"));
        assertEquals("a:b", deparse("a : b"));
        assertEquals("a * b", deparse("a*b"));
        assertEquals("a/b", deparse("a / b"));
        assertEquals("(1 | batch/cask)", deparse("(1|batch/cask)"));
        assertEquals("(1 + x || g)", deparse("(1+x||g)"));
        assertEquals("x - 1", deparse("x-1"));
        assertEquals("-1 + x", deparse("- 1 + x"));
        assertEquals("(a + b + c)^2", deparse("(a+b+c)^2"));
        assertEquals("I(x^-1)", deparse("I(x^-1)"));
        assertEquals("f(a, b)", deparse("f(a,b)"));
        assertEquals("`a b` + x", deparse("`a b` + `x`"));
    }

    @Test
    void quotedSyntacticNamesLoseTheirBackquotes() {
        assertEquals("x + `a b` + `_id` + `2x` + `if`", deparse("`x` + `a b` + `_id` + `2x` + `if`"));
    }

    @Test
    void numbers() {
        assertEquals("I(x^2)", deparse("I(x^2.0)"));
        assertEquals("0.001", Deparse.number(1e-3));
        assertEquals("1e-04", Deparse.number(1e-4));
        assertEquals("1e+05", Deparse.number(1e5));
        assertEquals("123456", Deparse.number(123456));
        assertEquals("0.5", Deparse.number(.5));
        assertEquals("-2.5", Deparse.number(-2.5));
        assertEquals("0", Deparse.number(0));
        assertEquals("0.1", Deparse.number(0.1));
        assertEquals("0.333333333333333", Deparse.number(1.0 / 3));
        assertEquals("1.5e-10", Deparse.number(1.5e-10));
        assertEquals("Inf", Deparse.number(Double.POSITIVE_INFINITY));
    }

    @Test
    void formulas() {
        SourceFile f = Parser.parse("model m = pr_dung~flies+(1|oven_block)\nmodel ~ x");
        assertEquals("pr_dung ~ flies + (1 | oven_block)", f.models().get(0).formula().toSource());
        assertEquals("~x", f.models().get(1).formula().toSource());
    }

    @Test
    void parenthesesAddedForBuiltTrees() {
        TextRange r = TextRange.at(0);
        Expr a = new Expr.Name("a", false, r), b = new Expr.Name("b", false, r), c = new Expr.Name("c", false, r);
        Expr sum = new Expr.Binary(Expr.BinaryOp.PLUS, a, b, r, r);
        assertEquals("(a + b):c", new Expr.Binary(Expr.BinaryOp.COLON, sum, c, r, r).toSource());
        assertEquals("a - (a + b)", new Expr.Binary(Expr.BinaryOp.MINUS, a, sum, r, r).toSource());
        assertEquals("a + b + c", new Expr.Binary(Expr.BinaryOp.PLUS, sum, c, r, r).toSource());
        Expr pow = new Expr.Binary(Expr.BinaryOp.POWER, a, b, r, r);
        assertEquals("(a^b)^c", new Expr.Binary(Expr.BinaryOp.POWER, pow, c, r, r).toSource());
        assertEquals("a^b^c", new Expr.Binary(Expr.BinaryOp.POWER, a, new Expr.Binary(Expr.BinaryOp.POWER, b, c, r, r), r, r).toSource());
        assertEquals("-(a + b)", new Expr.Unary(Expr.UnaryOp.MINUS, sum, r).toSource());
    }

    @Test
    void deparseReparsesToTheSameTree() {
        for (String rhs : List.of("a*b - a:b + (1 + x || g1/g2) + -1", "I(x^2) + log(y):z + (a+b+c)^2", "--a^-b^c", "`a b`:`c`")) {
            String once = deparse(rhs);
            assertEquals(once, deparse(once));
            assertEquals(ParserTest.rhs(rhs).replace("`c`", "c"), ParserTest.rhs(once));
        }
    }
}
