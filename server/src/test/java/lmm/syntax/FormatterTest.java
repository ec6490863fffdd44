package lmm.syntax;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class FormatterTest {
    static void assertFormat(String input, String expected) {
        assertEquals(expected, Formatter.format(input));
        assertEquals(expected, Formatter.format(expected), "idempotent");
    }

    @Test
    void formulaSpacing() {
        assertFormat("model blocks=pr_dung~flies+(1|oven_block)", "model blocks = pr_dung ~ flies + (1 | oven_block)");
        assertFormat("model y~a*b-a : b+c/d", "model y ~ a * b - a:b + c / d");
        assertFormat("model y ~ ( a+b+c ) ^ 2", "model y ~ (a + b + c)^2");
        assertFormat("model y ~ log ( x ) + I( x ^ 2 )+f(a ,b)", "model y ~ log(x) + I(x^2) + f(a, b)");
        assertFormat("model y ~ - 1 + x + - 1", "model y ~ -1 + x + -1");
        assertFormat("model y ~ x^ - 1 + (- 1|g)", "model y ~ x^-1 + (-1 | g)");
        assertFormat("model y ~ (1+x||g1 / g2)+(1|g1 : g2)", "model y ~ (1 + x || g1 / g2) + (1 | g1:g2)");
        assertFormat("model ~x", "model ~ x");
    }

    @Test
    void otherStatements() {
        assertFormat("   data    \"dung.csv\"", "data \"dung.csv\"");
        assertFormat("factor a,b ,  c", "factor a, b, c");
        assertFormat("method\tML   ", "method ML");
        assertFormat("compare  small ,big,`a b`", "compare small, big, `a b`");
    }

    @Test
    void commentsAndBlankLinesKept() {
        assertFormat("# head  \n\n   \nmodel y~x   # why\n  # indented comment\n",
                "# head\n\n\nmodel y ~ x   # why\n  # indented comment\n");
        assertFormat("data \"d.csv\"# c", "data \"d.csv\" # c");
    }

    @Test
    void continuationLinesKeepTheirIndentation() {
        assertFormat("model m = y ~ a+\n      b+ # note\n      (1|g)", "model m = y ~ a +\n      b + # note\n      (1 | g)");
        assertFormat("model y ~ f(a,\n  b )", "model y ~ f(a,\n  b)");
    }

    @Test
    void linesWithErrorsAreUntouched() {
        String text = "model y~x+\nmodel  y ~ (x|g\nmodle y~x\ndata  x\nmodel y~x $\nmodel  ok=y~x\n";
        assertEquals("model y~x+\nmodel  y ~ (x|g\nmodle y~x\ndata  x\nmodel y~x $\nmodel ok = y ~ x\n", Formatter.format(text));
    }

    @Test
    void crlfIsKept() {
        assertFormat("model y~x\r\nmethod  ML\r\n", "model y ~ x\r\nmethod ML\r\n");
    }

    @Test
    void editsAreOnePerChangedLine() {
        List<Formatter.Edit> edits = Formatter.edits("model y~x\nmethod ML\nfactor a,b");
        assertEquals(List.of(new Formatter.Edit(new TextRange(0, 9), "model y ~ x"),
                new Formatter.Edit(new TextRange(20, 30), "factor a, b")), edits);
        assertEquals(List.of(), Formatter.edits("model y ~ x\n"));
    }
}
