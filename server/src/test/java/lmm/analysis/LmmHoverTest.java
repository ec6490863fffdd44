package lmm.analysis;

import static lmm.analysis.Fixtures.cursor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hover, LemMinX style: a document with a cursor marker (‸), the dung data, the expected Markdown. */
class LmmHoverTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void data() throws IOException {
        Fixtures.dungDir(tmp);
    }

    Hover hover(String marked, int maxRows) {
        Fixtures.Cursor c = cursor(marked);
        return LmmHover.hover(Fixtures.snapshot(tmp, c.text()), c.offset(), maxRows);
    }

    String markdown(String marked, int maxRows) {
        Hover h = hover(marked, maxRows);
        return h == null ? null : h.getContents().getRight().getValue();
    }

    static final String MODEL = "data \"dung.csv\"\nfactor oven_block\nmodel blocks = pr_dung ~ flies ‸+ (1 | oven_block)\n";

    @Test
    void modelEquationWithDimensionsAndTheSeedsMatrices() {
        String md = markdown(MODEL, 20);
        assertTrue(md.startsWith("**model blocks** · REML · 18 rows · data dung\\.csv\n\n"), md);
        assertTrue(md.contains("**Y = Xβ + Zu + e** · Y: 18 × 1 · X: 18 × 2 · β: 2 × 1 · Z: 18 × 3 · u: 3 × 1 · e: 18 × 1"), md);
        // Y: the seed's first value
        assertTrue(md.contains("**Y \\(18 × 1\\)**\n\n| row | pr\\_dung |\n|:---|---:|\n| 1 | 0\\.1433747 |\n"), md);
        // X: 18 × 2, first row 1, 223 (the seed's X)
        assertTrue(md.contains("**X \\(18 × 2\\)**\n\n| row | \\(Intercept\\) | flies |\n|:---|---:|---:|\n| 1 | 1 | 223 |\n| 2 | 1 | 0 |\n"), md);
        // Z: 18 × 3, a column per oven block; rows 1–7 in block 1, 8–12 in block 2, 13–18 in block 3
        StringBuilder z = new StringBuilder("**Z \\(18 × 3\\)\\: oven\\_block**\n\n| row | 1 | 2 | 3 |\n|:---|---:|---:|---:|\n");
        for (int i = 1; i <= 18; i++) z.append("| ").append(i).append(" | ").append(i <= 7 ? "1 | 0 | 0" : i <= 12 ? "0 | 1 | 0" : "0 | 0 | 1").append(" |\n");
        assertTrue(md.contains(z), md);
        assertFalse(md.contains("more rows"), md);
    }

    @Test
    void longDataIsCutToMaxRowsWithTheDimensionsKept() {
        String md = markdown(MODEL, 3);
        assertTrue(md.contains("Z: 18 × 3"), md);
        assertTrue(md.contains("| 3 | 1 | 0 | 0 |\n\n… 15 more rows\n"), md);
        assertFalse(md.contains("| 4 | 1 | 0 | 0 |"), md);
    }

    @Test
    void rangeIsTheFormulaOrTheName() {
        Hover h = hover(MODEL, 5);
        assertEquals(new Range(new Position(2, 15), new Position(2, 49)), h.getRange());
        Hover name = hover("data \"dung.csv\"\nmodel blocks = pr_dung ~ fl‸ies + (1 | oven_block)\n", 5);
        assertEquals(new Range(new Position(1, 25), new Position(1, 30)), name.getRange());
    }

    @Test
    void columnSummary() throws IOException {
        String md = markdown("data \"dung.csv\"\nmodel blocks = pr_dung ~ fl‸ies + (1 | oven_block)\n", 5);
        // expected figures computed here from the CSV itself
        List<String> lines = Files.readAllLines(tmp.resolve("dung.csv"));
        double[] flies = lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
        double mean = java.util.Arrays.stream(flies).average().orElseThrow();
        assertTrue(md.startsWith("**flies** · numeric column of dung\\.csv\n\n| count | missing | mean | SD | min | max |\n"), md);
        assertTrue(md.contains("| 18 | 0 | " + Num.format(mean) + " | "), md);
        assertTrue(md.contains(" | " + Num.format(java.util.Arrays.stream(flies).min().getAsDouble()) + " | "
                + Num.format(java.util.Arrays.stream(flies).max().getAsDouble()) + " |\n"), md);
        assertTrue(md.contains("---\n\n**model blocks**"), "the model follows: " + md);
    }

    @Test
    void factorColumnShowsItsLevelsWithCounts() {
        String md = markdown("data \"dung.csv\"\nfactor oven_bl‸ock\n", 5);
        assertTrue(md.startsWith("**oven\\_block** · numeric column, declared factor of dung\\.csv"), md);
        assertTrue(md.contains("As a factor: 3 levels\n\n| level | count |\n|:---|---:|\n| 1 | 7 |\n| 2 | 5 |\n| 3 | 6 |\n"), md);
    }

    @Test
    void keywordAndDataPath() {
        assertTrue(markdown("da‸ta \"dung.csv\"\n", 5).startsWith("**data** statement\n\n`data \"file.csv\"`: the CSV file"));
        String md = markdown("data \"du‸ng.csv\"\n", 5);
        assertTrue(md.startsWith("**dung\\.csv** · 18 rows × 3 columns\n\n| column | type |\n"), md);
        assertTrue(md.contains("| pr\\_dung | numeric · mean "), md);
        assertTrue(markdown("data \"no‸file.csv\"\n", 5).startsWith("**nofile\\.csv**: cannot be read: "));
        assertTrue(markdown("method RE‸ML\n", 5).startsWith("**REML**: restricted maximum likelihood"));
        assertNull(hover("# a comm‸ent\n", 5));
    }

    @Test
    void afterAFitTheDecompositionAndTheTermsEstimate() {
        Fixtures.Cursor c = cursor("data \"dung.csv\"\nfactor oven_block\nmodel blocks = pr_dung ~ fl‸ies + (1 | oven_block)\n");
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, c.text()), "blocks");
        String md = LmmHover.hover(s, c.offset(), 2).getContents().getRight().getValue();
        // β, SE and t of flies, as R's summary prints them (-3.466743e-05, 3.37894e-05, -1.026)
        assertTrue(md.contains("**flies** · fixed effect (β, REML)\n\n| coefficient | estimate | std. error | t value |\n|:---|---:|---:|---:|\n"
                + "| flies | \\-3\\.466743e\\-05 | 3\\.37894e\\-05 | \\-1\\.026 |\n"), md);
        assertTrue(md.contains("**Fitted** (REML): β̂ = \\(Intercept\\) 0\\.16623, flies \\-3\\.4667e\\-05 · σ = 0\\.0079513"), md);
        // the decomposition, row 1: Y 0.1433747 = Xβ 0.1585009 + Zu -0.01620789 + e 0.001081743
        assertTrue(md.contains("| row | Y | Xβ | Zu | e |\n|:---|---:|---:|---:|---:|\n| 1 | 0\\.1433747 | 0\\.1585009 | \\-0\\.01620789 | 0\\.001081743 |"), md);
        assertTrue(md.contains("✓ the parts add up to Y"), md);

        DocumentSnapshot changed = DocumentSnapshot.analyse(s.uri(), tmp, c.text() + "# edited\n", 2, new lmm.data.DataCache()::load)
                .withFits(s.fits());
        String stale = LmmHover.hover(changed, c.offset(), 2).getContents().getRight().getValue();
        assertTrue(stale.contains("⚠ The results of the last fit are stale"), stale);
        assertFalse(stale.contains("fixed effect (β"), stale);
    }

    @Test
    void namesFromTheDataAreEscaped() throws IOException {
        Files.writeString(tmp.resolve("evil.csv"), "y,\"[x](command:rm)\",\"<b>g</b>\"\n1,2,a\n2,3,b\n3,1,a\n4,5,b\n5,2,c\n6,7,c\n");
        String md = markdown("data \"evil.csv\"\nmodel m = y ~ `[x](command:rm)` + (1 | `<b>g</b>`‸)\n", 5);
        assertFalse(md.contains("[x](command"), md);
        assertFalse(md.contains("<b>"), md);
        assertTrue(md.contains("\\[x\\]\\(command\\:rm\\)"), md);
        assertTrue(md.contains("&lt;b&gt;g&lt;/b&gt;"), md);
    }
}
