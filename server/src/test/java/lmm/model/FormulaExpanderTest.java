package lmm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lmm.syntax.Parser;
import lmm.syntax.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** R's term algebra; the expected labels are what R's attr(terms(f), "term.labels") prints. */
class FormulaExpanderTest {
    static ExpandedFormula expand(String formula) {
        Statement.Model m = Parser.parse("model " + formula).models().get(0);
        return FormulaExpander.expand(m.formula());
    }

    static String labels(ExpandedFormula f) {
        return (f.intercept() ? "1 " : "0 ") + String.join(" ", f.terms().stream().map(f::label).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "y ~ a*b; 1 a b a:b",
            "y ~ a/b; 1 a a:b",
            "y ~ (a+b+c)^2; 1 a b c a:b a:c b:c",
            "y ~ (a+b+c)^2 - a:b; 1 a b c a:c b:c",
            "y ~ a*b - a; 1 b a:b",
            "y ~ b:a + a; 1 a b:a",
            "y ~ a + b:a; 1 a a:b",
            "y ~ 0 + a; 0 a",
            "y ~ a - 1; 0 a",
            "y ~ -1 + a; 0 a",
            "y ~ (1 + a):b; 1 b a:b",
            "y ~ a + log(x) + I(x^2); 1 a log(x) I(x^2)",
            "y ~ a + a + a:a; 1 a",
            "y ~ (a + b)/c; 1 a b a:b:c",
            "y ~ a*b*c - a:b:c; 1 a b c a:b a:c b:c",
    })
    void termLabelsAsR(String formula, String expected) {
        ExpandedFormula f = expand(formula);
        assertTrue(f.errors().isEmpty(), f.errors()::toString);
        assertEquals(expected, labels(f));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "y ~ x + (1 | g); g",
            "y ~ x + (x | g1/g2); g1,g2:g1",
            "y ~ (1 | a/b/c); a,b:a,c:b:a",
            "y ~ (1 | a:b); a:b",
            "y ~ (1 | g) + (1 | h); g,h",
    })
    void randomTermsAsLme4(String formula, String groups) {
        ExpandedFormula f = expand(formula);
        assertTrue(f.errors().isEmpty(), f.errors()::toString);
        assertEquals(List.of(groups.split(",")), f.random().stream().map(RandomTermSpec::groupName).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "y ~ (x || g); 1:0,0:1",
            "y ~ (0 + x + z || g); 0:1,0:1",
    })
    void doubleBarSplitsTerms(String formula, String interceptsAndTerms) {
        ExpandedFormula f = expand(formula);
        List<String> got = f.random().stream().map(s -> (s.intercept() ? 1 : 0) + ":" + s.terms().size()).toList();
        assertEquals(List.of(interceptsAndTerms.split(",")), got);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "y ~ x + 2; a number in a formula can only be 1",
            "y ~ foo(x); unknown function 'foo'",
            "y ~ x + 1 | g; must be in parentheses",
            "y ~ x * (1 | g); can only be added",
            "y ~ (1 | log(g)); grouping factor",
            "y ~ x^z; whole number",
    })
    void errors(String formula, String message) {
        ExpandedFormula f = expand(formula);
        assertFalse(f.errors().isEmpty());
        assertTrue(f.errors().get(0).message().contains(message), f.errors()::toString);
    }
}
