package lmm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lmm.data.DataCache;
import lmm.syntax.Diagnostic;
import lmm.syntax.Parser;
import lmm.syntax.Severity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every check of a {@code compare} line (see ComparisonBinder), each as a document with the expected
 * range marked by [[ ]] and the expected message; and what passes: nesting decided by column spaces
 * and groupings, not by how a formula is written.
 */
class ComparisonBinderTest {
    @TempDir Path dir;

    private static final String MODELS = """
            data "d.csv"
            factor block
            model blocks = y ~ flies + (1 | block)
            model null = y ~ 1 + (1 | block)
            """;

    @BeforeEach
    void writeData() throws IOException {
        Files.writeString(dir.resolve("d.csv"), """
                y,flies,block,site,x,y2
                0.14,223,1,a,1.5,3
                0.15,0,1,b,2.5,4
                0.13,100,1,a,NA,2
                0.12,97,2,b,1.1,7
                0.16,130,2,a,3.2,1
                0.17,169,2,b,0.4,5
                0.19,81,3,a,2.2,6
                0.18,45,3,b,1.9,3
                0.11,98,3,a,0.7,8
                0.15,168,4,b,2.8,2
                0.14,22,4,a,3.3,4
                0.13,4,4,b,1.2,9
                """);
        Files.writeString(dir.resolve("e.csv"), Files.readString(dir.resolve("d.csv")));
    }

    private BoundDocument bind(String text) {
        return DocumentBinder.bind(Parser.parse(text), dir, new DataCache()::load);
    }

    private void assertDiagnostic(String marked, Severity severity, String message) {
        int start = marked.indexOf("[["), end = marked.indexOf("]]") - 2;
        String text = marked.replace("[[", "").replace("]]", "");
        List<Diagnostic> diags = bind(text).diagnostics();
        for (Diagnostic d : diags) {
            if (d.range().start() == start && d.range().end() == end && d.severity() == severity && d.message().equals(message)) return;
        }
        throw new AssertionError("no " + severity + " '" + message + "' at " + start + ".." + end + " in " + diags);
    }

    private void assertError(String marked, String message) { assertDiagnostic(marked, Severity.ERROR, message); }

    private BoundComparison only(String text) {
        BoundDocument doc = bind(text);
        assertEquals(1, doc.comparisons().size());
        return doc.comparisons().get(0);
    }

    @Test
    void unknownModelSuggestsTheClosestName() {
        assertError(MODELS + "compare [[blcks]], null",
                "unknown model 'blcks'; did you mean 'blocks'? (models: blocks, null)");
    }

    @Test
    void unknownModelWithoutSuggestion() {
        assertError(MODELS + "compare null, [[zzzzzzz]]", "unknown model 'zzzzzzz' (models: blocks, null)");
    }

    @Test
    void aModelNamedTwice() {
        assertError(MODELS + "compare null, blocks, [[null]]", "'null' is named twice in this comparison");
    }

    @Test
    void oneModelIsNoComparison() {
        assertError(MODELS + "[[compare]] blocks", "compare needs at least two models: compare small, big");
    }

    @Test
    void fixedEffectsNotNested() {
        assertError(MODELS + "model other = y ~ x + y2 + (1 | block)\n"
                        + "model other2 = y ~ y2 + (1 | block)\ncompare [[other2]], blocks",
                "'other2' is not nested in 'blocks': its fixed effect 'y2' is not in the span of the fixed effects of 'blocks'");
    }

    @Test
    void randomTermsNotNested() {
        assertError(MODELS + "model sites = y ~ flies + (1 | site) + (0 + flies | site)\ncompare [[blocks]], sites",
                "'blocks' is not nested in 'sites': its random term ((Intercept) | block) has no counterpart in 'sites'"
                        + " (a term with the same grouping whose covariates include these)");
    }

    @Test
    void differentRowsBecauseOfMissingValues() {
        assertError(MODELS + "model withx = y ~ flies + x + (1 | block)\ncompare blocks, [[withx]]",
                "cannot compare: 'withx' is fitted to 11 rows and 'blocks' to 12 rows (rows with missing values in the columns"
                        + " a model uses are dropped); models must be fitted to the same rows");
    }

    @Test
    void differentResponses() {
        assertError(MODELS + "model other = y2 ~ flies + (1 | block)\ncompare blocks, [[other]]",
                "cannot compare: 'other' has the response 'y2' and 'blocks' the response 'y'; models must have the same response");
    }

    @Test
    void differentDataFiles() {
        assertError(MODELS + "data \"e.csv\"\nfactor block\nmodel again = y ~ 1 + (1 | block)\ncompare blocks, [[again]]",
                "cannot compare: 'again' and 'blocks' are fitted to different data files");
    }

    @Test
    void sameNumberOfParametersIsNothingToTest() {
        assertError(MODELS + "model scaled = y ~ I(2 * flies) + (1 | block)\ncompare [[blocks]], scaled",
                "'blocks' is not nested in 'scaled': both have 4 parameters, so there is nothing to test");
    }

    @Test
    void aModelWithErrorsIsNotRun() {
        String text = MODELS + "model broken = y ~ flise + (1 | block)\ncompare null, [[broken]]";
        assertDiagnostic(text, Severity.INFORMATION, "'broken' cannot be fitted (see its errors), so this comparison is not run");
        assertFalse(only(text.replace("[[", "").replace("]]", "")).ready());
    }

    @Test
    void syntaxErrorsOnTheLine() {
        assertError(MODELS + "compare null,[[]]", "expected a model name after ',', found end of file");
        assertError(MODELS + "compare [[3]]", "expected a model name after 'compare', found number 3");
        assertError(MODELS + "compare null [[blocks]]", "expected ',' or end of line, found 'blocks'");
        // a line with a syntax error is not bound at all
        assertTrue(bind(MODELS + "compare null blocks").comparisons().isEmpty());
    }

    @Test
    void orderedByParametersAndTestChosenByModelKind() {
        BoundComparison c = only(MODELS + "model slopes = y ~ flies + (flies | block)\ncompare slopes, null, blocks");
        assertTrue(c.ready(), () -> bind(MODELS).diagnostics().toString());
        assertEquals(List.of("slopes", "null", "blocks"), c.models().stream().map(ModelEntry::name).toList());
        assertEquals(List.of("null", "blocks", "slopes"), c.ordered().stream().map(ModelEntry::name).toList());
        assertEquals(BoundComparison.Test.LRT, c.test());
        BoundComparison f = only("data \"d.csv\"\nmodel a = y ~ flies\nmodel b = y ~ 1\ncompare a, b");
        assertTrue(f.ready());
        assertEquals(BoundComparison.Test.F, f.test());
        // a least-squares model against a mixed one: a likelihood-ratio test
        assertEquals(BoundComparison.Test.LRT, only(MODELS + "model ols = y ~ flies\ncompare ols, blocks").test());
    }

    @Test
    void nestingIsDecidedByColumnSpacesAndGroupings() {
        // y ~ 1 lies in the span of y ~ 0 + site (two indicator columns)
        assertTrue(only(MODELS + "model sites = y ~ 0 + site + (1 | block)\ncompare null, sites").ready());
        // (1 | block:site) is nested in (1 | block/site), whatever the grouping's name
        assertTrue(only(MODELS + "model bs = y ~ 1 + (1 | block:site)\nmodel nested = y ~ 1 + (1 | block/site)\ncompare bs, nested").ready());
        // an uncorrelated pair is nested in the correlated term
        assertTrue(only(MODELS + "model u = y ~ flies + (flies || block)\nmodel c = y ~ flies + (flies | block)\ncompare u, c").ready());
        // a model may be named on any line, before or after the compare line
        assertTrue(only("data \"d.csv\"\nfactor block\ncompare null, blocks\n" + MODELS.substring(MODELS.indexOf("model"))).ready());
    }
}
