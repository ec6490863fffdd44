package lmm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * Every check of the binder, written as a document with the expected range marked by [[ ]] and the
 * expected message. The data is the seed's dung table plus a few odd columns.
 */
class DocumentBinderTest {
    @TempDir Path dir;

    @BeforeEach
    void writeData() throws IOException {
        Files.writeString(dir.resolve("d.csv"), """
                y,flies,block,site,same,one,id,note,weight
                0.14,223,1,a,5,k,1,x,1.5
                0.15,0,1,b,5,k,2,NA,NA
                0.13,100,2,a,5,k,3,x,2.5
                0.12,97,2,b,5,k,4,x,3.1
                0.16,130,3,a,5,k,5,x,0.4
                0.17,169,3,b,5,k,6,x,2.2
                """);
        Files.writeString(dir.resolve("allna.csv"), "y,x\nNA,1\n2,NA\n");
        Files.writeString(dir.resolve("ragged.csv"), "y,x\n1,2\n3\n");
    }

    private BoundDocument bind(String text) {
        return DocumentBinder.bind(Parser.parse(text), dir, new DataCache()::load);
    }

    /** Asserts that the document, with [[ ]] removed, has a diagnostic at the marked range whose message contains {@code message}. */
    private Diagnostic assertDiagnostic(String marked, Severity severity, String message) {
        int start = marked.indexOf("[["), end = marked.indexOf("]]") - 2;
        String text = marked.replace("[[", "").replace("]]", "");
        List<Diagnostic> diags = bind(text).diagnostics();
        for (Diagnostic d : diags) {
            if (d.range().start() == start && d.range().end() == end && d.severity() == severity && d.message().contains(message)) return d;
        }
        throw new AssertionError("no " + severity + " '" + message + "' at " + start + ".." + end + " in " + diags);
    }

    @Test
    void unknownColumnSuggestsTheClosestName() {
        Diagnostic d = assertDiagnostic("data \"d.csv\"\nmodel y ~ [[flise]] + (1 | block)", Severity.ERROR,
                "unknown column 'flise'; did you mean 'flies'?");
        assertEquals("flies", d.suggestion());
    }

    @Test
    void missingDataFileIsReportedAtItsPath() {
        assertDiagnostic("data [[\"nope.csv\"]]\nmodel y ~ flies", Severity.ERROR, "nope.csv");
    }

    @Test
    void malformedDataFileIsReportedWithItsLine() {
        assertDiagnostic("data [[\"ragged.csv\"]]\nmodel y ~ x", Severity.ERROR, "line 3");
    }

    @Test
    void modelWithoutData() {
        assertDiagnostic("[[model]] y ~ x", Severity.ERROR, "no data for this model");
    }

    @Test
    void categoricalResponse() {
        assertDiagnostic("data \"d.csv\"\nmodel [[site]] ~ flies", Severity.ERROR, "the response 'site' is categorical");
    }

    @Test
    void factorNamingAMissingColumn() {
        assertDiagnostic("data \"d.csv\"\nfactor [[blok]]\nmodel y ~ flies", Severity.ERROR, "did you mean 'block'?");
    }

    @Test
    void unknownMethod() {
        Diagnostic d = assertDiagnostic("data \"d.csv\"\nmethod [[REMLL]]\nmodel y ~ flies", Severity.ERROR, "unknown method 'REMLL'");
        assertEquals("REML", d.suggestion());
    }

    @Test
    void groupingFactorWithOneLevel() {
        assertDiagnostic("data \"d.csv\"\nmodel y ~ flies + [[(1 | one)]]", Severity.ERROR, "has a single level");
    }

    @Test
    void groupingFactorWithALevelPerRow() {
        assertDiagnostic("data \"d.csv\"\nfactor id\nmodel y ~ flies + [[(1 | id)]]", Severity.ERROR, "6 levels for 6 rows");
    }

    @Test
    void noRowsLeftAfterDroppingMissingValues() {
        assertDiagnostic("data \"allna.csv\"\n[[model]] y ~ x", Severity.ERROR, "no rows left");
    }

    @Test
    void constantResponse() {
        assertDiagnostic("data \"d.csv\"\nmodel [[same]] ~ flies", Severity.ERROR, "is constant");
    }

    @Test
    void rowsDroppedForMissingValuesAreNotedOnlyWhenTheColumnIsUsed() {
        assertDiagnostic("data \"d.csv\"\n[[model]] y ~ flies + weight", Severity.INFORMATION, "1 of 6 rows dropped");
        assertTrue(bind("data \"d.csv\"\nmodel y ~ flies").diagnostics().isEmpty());
    }

    @Test
    void aliasedColumnsAreDroppedWithAWarning() {
        // I(2 * flies) is a multiple of flies: R's lm reports it as NA, lme4 drops it
        Diagnostic d = assertDiagnostic("data \"d.csv\"\n[[model]] y ~ flies + I(2 * flies)", Severity.WARNING, "I(2 * flies)");
        assertNotNull(d);
        BoundModel m = bind("data \"d.csv\"\nmodel y ~ flies + I(2 * flies)").models().get(0).bound();
        assertEquals(List.of("(Intercept)", "flies"), m.matrices().xNames());
    }

    @Test
    void laterDataAndMethodLinesApplyToTheModelsAfterThem() {
        BoundDocument doc = bind("data \"d.csv\"\nmodel a = y ~ flies + (1 | site)\nmethod ML\nmodel y ~ flies + (1 | site)\nmodel c = y ~ flies");
        assertEquals(List.of("a", "model2", "c"), doc.models().stream().map(ModelEntry::name).toList());
        assertEquals(List.of(Method.REML, Method.ML, Method.OLS), doc.models().stream().map(ModelEntry::method).toList());
    }

    @Test
    void factorTurnsNumbersIntoLevels() {
        BoundModel m = bind("data \"d.csv\"\nfactor block\nmodel y ~ block").models().get(0).bound();
        assertEquals(List.of("(Intercept)", "block2", "block3"), m.matrices().xNames());
    }

    @Test
    void duplicateModelNames() {
        assertDiagnostic("data \"d.csv\"\nmodel a = y ~ flies\nmodel [[a]] = y ~ 1", Severity.ERROR, "already named 'a'");
    }

    @Test
    void aModelThatCannotBeBoundHasNoBoundModel() {
        assertNull(bind("data \"d.csv\"\nmodel y ~ nothing").models().get(0).bound());
    }

    @Test
    void aModelWithASyntaxErrorIsNotFittedButTheOthersAre() {
        BoundDocument doc = bind("data \"d.csv\"\nmodel a = y ~ flies + (1 | site\nmodel b = y ~ flies");
        assertNull(doc.models().get(0).bound());
        assertNotNull(doc.models().get(1).bound());
    }

    // R's refusals (issue 8)

    @Test
    void singleLevelFixedFactorIsRefusedAsRDoes() {
        // column 'one' has the single value k
        assertDiagnostic("data \"d.csv\"\nmodel y ~ flies + [[one]] + (1 | block)", Severity.ERROR,
                "contrasts can be applied only to factors with 2 or more levels: 'one' has only the level 'k'");
    }

    @Test
    void singleLevelAfterMissingRowsIsRefused() {
        // note is 'x' wherever it is not missing
        assertDiagnostic("data \"d.csv\"\nmodel y ~ [[note]] + (1 | block)", Severity.ERROR,
                "contrasts can be applied only to factors with 2 or more levels: 'note' has only the level 'x'");
    }

    @Test
    void modelWithATakenNameIsNotFitted() {
        String text = "data \"d.csv\"\nmodel m = y ~ flies + (1 | block)\nmodel m = y ~ site + (1 | block)";
        assertDiagnostic("data \"d.csv\"\nmodel m = y ~ flies + (1 | block)\nmodel [[m]] = y ~ site + (1 | block)", Severity.ERROR,
                "another model is already named 'm'");
        BoundDocument doc = bind(text);
        assertNotNull(doc.models().get(0).bound());
        assertNull(doc.models().get(1).bound(), "the second model named m is not bound, so not fitted");
    }

    @Test
    void dotInAFormulaIsNotSupported() {
        assertDiagnostic("data \"d.csv\"\nmodel y ~ [[.]]", Severity.ERROR, "'.' (all other columns) is not supported");
        assertDiagnostic("data \"d.csv\"\nmodel y ~ flies + [[.]] + (1 | block)", Severity.ERROR, "'.' (all other columns) is not supported");
    }

    @Test
    void fileWithoutAModelSaysSo() {
        assertDiagnostic("[[]]data \"d.csv\"\nmethod ML\n", Severity.WARNING, "this file has no model to fit");
        assertDiagnostic("[[]]# nothing yet\n", Severity.WARNING, "this file has no model to fit");
    }
}
