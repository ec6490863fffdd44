package lmm.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import lmm.data.DataCache;
import lmm.model.ModelEntry;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-analysis takes over the bindings of unchanged models, and gives exactly what a fresh analysis gives. */
class DocumentSnapshotTest {
    @TempDir
    Path tmp;
    DataCache cache = new DataCache();

    @BeforeEach
    void data() throws IOException {
        Fixtures.dungDir(tmp);
        Files.writeString(tmp.resolve("na.csv"), "y,x,g\n1,2,a\nNA,3,b\n3,4,a\n4,,b\n5,1,a\n6,2,b\n");
    }

    static final String DOC = """
            data "dung.csv"
            factor oven_block
            model blocks = pr_dung ~ flies + (1 | oven_block)
            model bad = pr_dung ~ flie
            model pr_dung ~ flies
            data "na.csv"
            model m = y ~ x + (1 | g)
            model blocks = y ~ x
            """;

    DocumentSnapshot analyse(String text, DocumentSnapshot previous) {
        return DocumentSnapshot.analyse("file:///t.lmm", tmp, text, previous == null ? 1 : previous.version() + 1, cache::load, previous);
    }

    @Test
    void unchangedModelsAreTakenOverWithTheirDiagnosticsMoved() {
        DocumentSnapshot v1 = analyse(DOC, null);
        // m's formula changes (x becomes log(x)); a change of spacing or comments alone would not re-bind it
        String text2 = "# a new first line\n" + DOC.replace("model m = y ~ x + (1 | g)", "model m = y ~ log(x)  + (1 | g) # noted");
        DocumentSnapshot v2 = analyse(text2, v1);
        DocumentSnapshot fresh = analyse(text2, null);
        assertEquals(fresh.bound().diagnostics(), v2.bound().diagnostics());
        assertSame(v1.models().get(0).bound().matrices(), v2.models().get(0).bound().matrices(), "blocks taken over");
        assertNotSame(v1.models().get(3).bound().matrices(), v2.models().get(3).bound().matrices(), "m changed: bound again");
        for (int i = 0; i < fresh.models().size(); i++) {
            ModelEntry a = fresh.models().get(i), b = v2.models().get(i);
            assertEquals(a.name(), b.name());
            assertEquals(a.statement(), b.statement());
            assertEquals(a.fittable(), b.fittable());
        }
    }

    @Test
    void spacingAndCommentsDoNotReBind() {
        DocumentSnapshot v1 = analyse(DOC, null);
        DocumentSnapshot v2 = analyse(DOC.replace("model m = y ~ x + (1 | g)", "model m = y ~ x  +  (1|g) # noted"), v1);
        assertSame(v1.models().get(3).bound().matrices(), v2.models().get(3).bound().matrices());
    }

    @Test
    void randomEditsGiveWhatAFreshAnalysisGives() {
        Random r = new Random(3);
        String text = DOC;
        DocumentSnapshot previous = analyse(text, null);
        String[] inserts = {"\n", "# c\n", " ", "x", "+ flies", "model z = pr_dung ~ 1\n", "factor g\n", "method ML\n", ")"};
        for (int round = 0; round < 60; round++) {
            int at = r.nextInt(text.length() + 1);
            if (r.nextBoolean() && text.length() > 5) {
                int end = Math.min(text.length(), at + r.nextInt(4));
                text = text.substring(0, at) + text.substring(end);
            } else {
                text = text.substring(0, at) + inserts[r.nextInt(inserts.length)] + text.substring(at);
            }
            DocumentSnapshot next = analyse(text, previous);
            DocumentSnapshot fresh = analyse(text, null);
            assertEquals(fresh.bound().diagnostics(), next.bound().diagnostics(), text);
            assertEquals(fresh.models().stream().map(ModelEntry::name).toList(), next.models().stream().map(ModelEntry::name).toList());
            assertEquals(fresh.models().stream().map(ModelEntry::fittable).toList(), next.models().stream().map(ModelEntry::fittable).toList());
            previous = next;
        }
    }

    @Test
    void aFitOnATakenOverBindingPutsItsHintsInTheRightPlace() {
        DocumentSnapshot v1 = analyse(Fixtures.DUNG, null);
        DocumentSnapshot v2 = analyse("# moved down\n" + Fixtures.DUNG, v1);
        assertSame(v1.models().get(0).bound().matrices(), v2.models().get(0).bound().matrices());
        List<InlayHint> hints = LmmInlayHints.hints(Fixtures.fitted(v2, "blocks"), null);
        assertEquals(new Position(3, 30), hints.get(0).getPosition(), "right after flies, one line down");
        Fixtures.Cursor c = Fixtures.cursor("# moved down\n" + Fixtures.DUNG.replace("~ flies", "~ fl‸ies"));
        String md = LmmHover.hover(Fixtures.fitted(v2, "blocks"), c.offset(), 3).getContents().getRight().getValue();
        assertEquals(true, md.contains("**flies** · fixed effect"), md);
    }
}
