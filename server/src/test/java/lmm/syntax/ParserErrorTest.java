package lmm.syntax;

import static lmm.syntax.Marked.assertErrors;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ParserErrorTest {
    @Test
    void danglingOperatorThenNextStatement() {
        SourceFile f = assertErrors("model y ~ x +[[]]\nmodel z ~ w",
                "expected a term after '+', found end of line");
        assertEquals("(model (~ y (+ x <missing>)))\n(model (~ z w))", SyntaxDump.of(f));
    }

    @Test
    void danglingOperatorAtEndOfFile() {
        assertErrors("model y ~ x *[[]]   # comment\n\n", "expected a term after '*', found end of line");
    }

    @Test
    void unclosedParenthesis() {
        SourceFile f = assertErrors("model y ~ (x | g[[]]\nmethod ML",
                "expected ')' to close the '(' at 1:11, found end of line");
        assertEquals("(model (~ y (paren (| x g))))\n(method ML)", SyntaxDump.of(f));
        assertEquals("(x | g", f.text(((Expr.Paren) f.models().get(0).formula().rhs()).range()));
    }

    @Test
    void unclosedParenthesisBeforeAnotherTerm() {
        assertErrors("model y ~ (x | g [[z]]\nmodel a ~ b", "expected ')' to close the '(' at 1:11, found 'z'");
    }

    @Test
    void unclosedCall() {
        assertErrors("model y ~ log(x[[]]", "expected ')' to close the '(' at 1:14, found end of file");
    }

    @Test
    void strayClosingParenthesis() {
        SourceFile f = assertErrors("model y ~ x [[)]] + z\nmodel a ~ b", "unexpected ')' without a matching '('");
        assertEquals("(model (~ y x))\n(model (~ a b))", SyntaxDump.of(f));
    }

    @Test
    void unknownStatement() {
        SourceFile f = assertErrors("[[modle]] y ~ x\nmodel y ~ x", "unknown statement 'modle'; did you mean 'model'?");
        Diagnostic d = f.errors().get(0);
        assertEquals("model", d.suggestion());
        assertEquals(Parser.UNKNOWN_STATEMENT, d.code());
        assertEquals(1, f.statements().size());
        assertEquals("data", Marked.assertErrors("[[dta]] \"x.csv\"", "unknown statement 'dta'; did you mean 'data'?")
                .errors().get(0).suggestion());
        assertEquals("method", Marked.assertErrors("[[Method]] ML", "unknown statement 'Method'; did you mean 'method'?")
                .errors().get(0).suggestion());
    }

    @Test
    void formulaWithoutModelKeyword() {
        SourceFile f = assertErrors("[[y]] ~ x + z", "unknown statement 'y'; a formula must follow 'model'");
        assertEquals("model y", f.errors().get(0).suggestion());
        f = assertErrors("[[frobnicate]] 3", "unknown statement 'frobnicate'; expected data, factor, method, model, compare or level");
        assertNull(f.errors().get(0).suggestion());
    }

    @Test
    void lineStartingWithSomethingElse() {
        assertErrors("[[+]] x\n[[\"a\"]]\n[[3]]",
                "expected a statement (data, factor, method, model, compare or level), found '+'",
                "expected a statement (data, factor, method, model, compare or level), found string \"a\"",
                "expected a statement (data, factor, method, model, compare or level), found number 3");
    }

    @Test
    void garbageCharacters() {
        assertErrors("model y ~ x [[$]] z\nmodel y ~ a [[&&]] b\n[[@]]\nfactor a[[;]]",
                "unexpected character '$'", "unexpected characters '&&'", "unexpected character '@'",
                "unexpected character ';'");
        assertErrors("model y ~ [[_id]]", "a name cannot start with '_'; write it in backquotes: `_id`");
        assertErrors("data [['x.csv']]", "strings are written in double quotes, not single quotes");
    }

    @Test
    void dataErrors() {
        assertErrors("data[[]]\ndata [[x]]\ndata \"a.csv\" [[\"b.csv\"]]",
                "expected a file name in double quotes after 'data', found end of line",
                "expected a file name in double quotes after 'data', found 'x'",
                "expected end of line after the data file name, found string \"b.csv\"");
        SourceFile f = assertErrors("data [[dung.csv]]", "expected a file name in double quotes after 'data', found 'dung.csv'");
        assertEquals("\"dung.csv\"", f.errors().get(0).suggestion());
        assertEquals("(data <missing>)", SyntaxDump.of(f));
    }

    @Test
    void unclosedString() {
        SourceFile f = assertErrors("data [[\"dung.csv]]\nmodel y ~ x",
                "unclosed string: expected '\"' before the end of the line");
        assertEquals("(data \"dung.csv\")\n(model (~ y x))", SyntaxDump.of(f));
        assertErrors("data [[\"dung.csv\\\"]]", "unclosed string: expected '\"' before the end of the line");
        assertErrors("model y ~ [[`a b]]", "unclosed backquote: expected '`' before the end of the line");
    }

    @Test
    void methodErrors() {
        assertErrors("method[[]]   # nothing\nmethod [[\"ML\"]]\nmethod ML [[REML]]",
                "expected 'REML' or 'ML' after 'method', found end of line",
                "expected 'REML' or 'ML' after 'method', found string \"ML\"",
                "expected end of line after the method, found 'REML'");
    }

    @Test
    void factorErrors() {
        assertErrors("factor[[]]\nfactor a,[[]]\nfactor a [[b]]\nfactor a, [[1]]",
                "expected a column name after 'factor', found end of line",
                "expected a column name after ',', found end of line",
                "expected ',' or end of line, found 'b'",
                "expected a column name after ',', found number 1");
    }

    @Test
    void modelWithoutFormula() {
        SourceFile f = assertErrors("model[[]]\nmodel m =[[]]\nmodel [[=]] y ~ x",
                "expected a formula after 'model', found end of line",
                "expected a formula after '=', found end of line",
                "expected a model name before '='");
        assertEquals("(model <missing>)\n(model m <missing>)\n(model (~ y x))", SyntaxDump.of(f));
        assertNull(f.models().get(0).formula());
    }

    @Test
    void formulaWithoutTilde() {
        SourceFile f = assertErrors("model y + x[[]]\nmodel m = y [[x]]\nmodel y [[=]]= x",
                "expected '~' after the response, found end of line",
                "expected '~' after the response, found 'x'",
                "expected '~' after the response, found '='");
        assertEquals("(model (~ (+ y x) <missing>))", SyntaxDump.of(f.statements().get(0)));
    }

    @Test
    void nothingAfterTilde() {
        SourceFile f = assertErrors("model y ~[[]]\nmodel y ~ [[)]]",
                "expected a term after '~', found end of line",
                "expected a term after '~', found ')'");
        assertEquals("(model (~ y <missing>))", SyntaxDump.of(f.statements().get(0)));
        assertEquals("y ~", f.text(f.models().get(0).formula().range()));
    }

    @Test
    void missingOperands() {
        SourceFile f = assertErrors("model y ~ x + [[*]] z", "expected a term after '+', found '*'");
        assertEquals("(model (~ y (+ x (* <missing> z))))", SyntaxDump.of(f));
        assertErrors("model y ~ ([[)]]", "expected a term after '(', found ')'");
        assertErrors("model y ~ f(x, [[)]]", "expected a term after ',', found ')'");
        assertErrors("model y ~ x [[z]]", "expected an operator or end of line, found 'z'");
        assertErrors("model y ~ x [[~]] z", "unexpected '~': a formula has only one '~'");
        assertErrors("model y ~ [[~]] z", "expected a term after '~', found '~'");
        assertErrors("model y ~ (x | | g)".replace("| |", "| [[|]]"), "expected a term after '|', found '|'");
    }

    @Test
    void everyErrorIsReported() {
        assertErrors("data[[]]\n"
                        + "[[modle]] y ~ x\n"
                        + "model y ~ x +[[]]\n"
                        + "model y ~ (x | g[[]]\n"
                        + "model y ~ x [[)]] + z\n"
                        + "method[[]]\n"
                        + "model y[[]]\n"
                        + "model ok = y ~ x\n"
                        + "model[[]]\n",
                "expected a file name in double quotes after 'data', found end of line",
                "unknown statement 'modle'; did you mean 'model'?",
                "expected a term after '+', found end of line",
                "expected ')' to close the '(' at 4:11, found end of line",
                "unexpected ')' without a matching '('",
                "expected 'REML' or 'ML' after 'method', found end of line",
                "expected '~' after the response, found end of line",
                "expected a formula after 'model', found end of line");
    }

    @Test
    void recoverySkipsContinuationLinesOfTheBrokenStatement() {
        // the error is on the first line; its continuation lines are skipped, not reported again
        SourceFile f = assertErrors("model y ~ x [[z]] +\n   w +\n   v\nmodel a ~ b", "expected an operator or end of line, found 'z'");
        assertEquals(2, f.statements().size());
        assertEquals(1, f.errorsOn(f.statements().get(0)).size());
        assertEquals(0, f.errorsOn(f.statements().get(1)).size());
    }

    @Test
    void keywordLineEndsAnOpenFormula() {
        assertErrors("model y ~ (x +[[]][[]]\nmodel a ~ b",
                "expected a term after '+', found end of line",
                "expected ')' to close the '(' at 1:11, found end of line");
    }

    @Test
    void deepNestingDoesNotOverflow() {
        String deep = "(".repeat(5000) + "x" + ")".repeat(5000);
        SourceFile f = Parser.parse("model y ~ " + deep + "\nmodel a ~ b");
        assertEquals(1, f.errors().size());
        assertEquals("formula nested too deeply", f.errors().get(0).message());
        assertEquals("(model (~ a b))", SyntaxDump.of(f.statements().get(1)));
        f = Parser.parse("model y ~ " + "-".repeat(100000) + "x");
        assertEquals(1, f.errors().size());
    }
}
