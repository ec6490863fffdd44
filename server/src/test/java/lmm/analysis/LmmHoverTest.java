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

    /** The seed's data: pr_dung, flies and oven_block of its 18 rows (mixed-models-intro.txt). */
    static final String[] Y = {"0.1433747", "0.1551917", "0.1413354", "0.1380987", "0.1488016", "0.1443227", "0.1428871",
            "0.1705165", "0.1593878", "0.1651354", "0.1747078", "0.1904174", "0.1806727", "0.1700109", "0.1654107",
            "0.1803931", " 0.172739", "0.1701061"};
    static final int[] FLIES = {223, 0, 100, 97, 130, 169, 183, 77, 0, 51, 49, 81, 45, 98, 168, 22, 4, 98};
    static final int[] BLOCK = {1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3};
    /** R's residuals of the REML fit (lme4 1.1-31, ../shared/reference/dung.expected.json) to 5 significant digits. */
    static final String[] E = {"0.0010817", "0.0051679", "-0.0052217", "-0.0085624", "0.0032846", "0.0001577", "-0.00079255",
            "-0.00020444", "-0.014003", "-0.0064869", "0.0030162", "0.019835", "0.0069518", "-0.0018726", "-0.0040461",
            "0.0058748", "-0.0024033", "-0.0017774"};

    static String zRow(int block) { return block == 1 ? "1 0 0" : block == 2 ? "0 1 0" : "0 0 1"; }

    /** The whole hover before a fit: Y, X and Z side by side as the seed draws them, every row. */
    @Test
    void theModelAsTheSeedDrawsIt() {
        StringBuilder block = new StringBuilder();
        block.append("    Y           X       β   Z     u   e\n");
        block.append("row pr_dung     1 flies     1 2 3\n");
        for (int i = 0; i < 18; i++) {
            String line = String.format("%3d %s %s 1 %5d %s %s%s", i + 1, Y[i], i == 0 ? "=" : " ", FLIES[i],
                    i == 0 ? "β +" : "   ", zRow(BLOCK[i]), i == 0 ? " u + e" : "");
            block.append(line).append("\n");
        }
        String expected = "**model blocks** · REML · 18 rows · data dung.csv\n\n"
                + "`pr_dung ~ flies + (1 | oven_block)`\n\n"
                + "```text\n" + block + "```\n\n"
                + "Y 18 × 1 = X 18 × 2 · β 2 × 1 + Z 18 × 3 · u 3 × 1 + e 18 × 1  \n"
                + "Z: the columns of oven_block, by level\n\n"
                + "[Open the full view of blocks](" + LmmHover.fullViewUri(Fixtures.snapshot(tmp, "").uri(), "blocks") + ")\n";
        assertEquals(expected, markdown(MODEL, 20));
    }

    /** After the fit: β, u and e beside Y, X and Z, with R's values; the whole hover. */
    @Test
    void afterAFitBetaUAndEStandBeside() {
        Fixtures.Cursor c = cursor(MODEL);
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, c.text()), "blocks");
        // R: β 0.16623169, -3.4667426e-05; u -0.016207895, 0.0071586454, 0.0090492492; σ 0.0079512877
        String[] beta = {"    0.16623", "-3.4667e-05"};
        String[] u = {"-0.016208", "0.0071586", "0.0090492"};
        StringBuilder block = new StringBuilder();
        block.append("    Y           X       β             Z     u           e\n");
        block.append("row pr_dung     1 flies               1 2 3\n");
        for (int i = 0; i < 18; i++) {
            String b = i < 2 ? beta[i] : "           ";
            String uu = i < 3 ? String.format("%9s", u[i]) : "         ";
            String line = String.format("%3d %s %s 1 %5d %s %s %s %s %s %11s", i + 1, Y[i], i == 0 ? "=" : " ", FLIES[i], b,
                    i == 0 ? "+" : " ", zRow(BLOCK[i]), uu, i == 0 ? "+" : " ", E[i]);
            block.append(line).append("\n");
        }
        String expected = "**model blocks** · REML · 18 rows · data dung.csv\n\n"
                + "`pr_dung ~ flies + (1 | oven_block)`\n\n"
                + "```text\n" + block + "```\n\n"
                + "Y 18 × 1 = X 18 × 2 · β 2 × 1 + Z 18 × 3 · u 3 × 1 + e 18 × 1  \n"
                + "Z: the columns of oven_block, by level\n\n"
                + "Fitted (REML): σ = 0.0079513 · max |Y − (Xβ + Zu + e)| = ";
        String md = LmmHover.hover(s, c.offset(), 20).getContents().getRight().getValue();
        assertTrue(md.startsWith(expected), md);
        assertTrue(md.endsWith(" ✓\n\n[Open the full view of blocks](" + LmmHover.fullViewUri(s.uri(), "blocks") + ")\n"), md);
        assertTrue(md.split("\n").length <= 60, "at most 60 lines: " + md.split("\n").length);
        // every line of the block fits a hover box without scrolling sideways
        for (String line : block.toString().split("\n")) assertTrue(line.length() <= 70, line);
    }

    @Test
    void plaintextClientsGetTheSameWithoutMarkup() {
        Fixtures.Cursor c = cursor(MODEL);
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, c.text()), "blocks");
        Hover h = LmmHover.hover(s, c.offset(), 20, ClientFormats.PLAIN);
        assertEquals("plaintext", h.getContents().getRight().getKind());
        String text = h.getContents().getRight().getValue();
        assertTrue(text.startsWith("model blocks · REML · 18 rows · data dung.csv\npr_dung ~ flies + (1 | oven_block)\n"
                + "    Y           X       β             Z     u           e\n"), text);
        assertTrue(text.contains("\n  1 0.1433747 = 1   223     0.16623 + 1 0 0 -0.016208 +   0.0010817\n"), text);
        assertFalse(text.contains("\\"), "nothing escaped: " + text);
        assertFalse(text.contains("```") || text.contains("**") || text.contains("](command:"), text);
        assertTrue(text.endsWith("Full view: command lmm.results (blocks, matrices), or ./lmm matrices on the command line\n"), text);
    }

    /** sleepstudy: 180 rows, 18 subjects; one row per subject shows every level; Z's 36 columns are cut to 12 with the count. */
    @Test
    void rowsAreChosenSoEveryLevelAppearsAndWideZIsCut() throws IOException {
        Files.copy(Fixtures.examples().resolve("sleepstudy.csv"), tmp.resolve("sleepstudy.csv"));
        String md = markdown("data \"sleepstudy.csv\"\nmodel sl = Reaction ~ Days ‸+ (Days | Subject)\n", 20);
        // the data's first row of each subject: rows 1, 11, …, 171 (sleepstudy is sorted by Subject, 10 days each)
        for (int r = 1; r <= 171; r += 10) assertTrue(md.contains("\n" + String.format("%3d", r) + " "), "row " + r + ": " + md);
        // the two rows left of the 20 are the first others
        assertTrue(md.contains("\n  2 ") && md.contains("\n  3 ") && !md.contains("\n  4 "), md);
        assertTrue(md.contains("20 of 180 rows, chosen so that every level of Subject appears"), md);
        assertTrue(md.contains("Z Subject: 12 of 36 columns shown (24 more)"), md);
        assertTrue(md.contains("    308    309    310    330    331    332\n"), md);
        assertTrue(md.contains("  1   249.56 = 1    0 β + 1    0 0    0"), md);
    }

    /** Penicillin's crossed factors: too many levels (24 plates, 6 samples) for 5 rows, so the first rows; both factors appear in Z. */
    @Test
    void crossedFactorsBothAppear() throws IOException {
        Files.copy(Fixtures.examples().resolve("penicillin.csv"), tmp.resolve("penicillin.csv"));
        String md = markdown("data \"penicillin.csv\"\nmodel p = diameter ~ 1 ‸+ (1 | plate) + (1 | sample)\n", 5);
        assertTrue(md.contains("the first 5 of 144 rows"), md);
        assertTrue(md.contains("Z plate: 1 of 24 columns shown (23 more)"), md);
        // row 1: plate a, sample A (the data's first row: 27,"a","A")
        assertTrue(md.contains("\n  1       27 = 1 β + 1 1 0 0 0 0 u + e\n"), md);
    }

    @Test
    void longDataIsCutToMaxRowsWithTheDimensionsKept() {
        String md = markdown(MODEL, 3);
        assertTrue(md.contains("Z 18 × 3"), md);
        // the first 3 rows are all in block 1; the cover (rows 1, 8, 13) shows every block
        assertTrue(md.contains("3 of 18 rows, chosen so that every level of oven_block appears"), md);
        assertTrue(md.contains("\n 13 0.1806727"), md);
        assertFalse(md.contains("\n  2 "), md);
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
        assertTrue(md.startsWith("**flies** · numeric column of dung.csv\n\n| count | missing | mean | SD | min | max |\n"), md);
        assertTrue(md.contains("| 18 | 0 | " + Num.format(mean) + " | "), md);
        assertTrue(md.contains(" | " + Num.format(java.util.Arrays.stream(flies).min().getAsDouble()) + " | "
                + Num.format(java.util.Arrays.stream(flies).max().getAsDouble()) + " |\n"), md);
        assertTrue(md.contains("---\n\n**model blocks**"), "the model follows: " + md);
    }

    @Test
    void factorColumnShowsItsLevelsWithCounts() {
        String md = markdown("data \"dung.csv\"\nfactor oven_bl‸ock\n", 5);
        assertTrue(md.startsWith("**oven_block** · numeric column, declared factor of dung.csv"), md);
        assertTrue(md.contains("As a factor: 3 levels\n\n| level | count |\n|:---|---:|\n| 1 | 7 |\n| 2 | 5 |\n| 3 | 6 |\n"), md);
    }

    @Test
    void keywordAndDataPath() {
        assertTrue(markdown("da‸ta \"dung.csv\"\n", 5).startsWith("**data** statement\n\n`data \"file.csv\"`: the CSV file"));
        String md = markdown("data \"du‸ng.csv\"\n", 5);
        assertTrue(md.startsWith("**dung.csv** · 18 rows × 3 columns\n\n| column | type |\n"), md);
        assertTrue(md.contains("| pr_dung | numeric · mean "), md);
        assertTrue(markdown("data \"no‸file.csv\"\n", 5).startsWith("**nofile.csv**: cannot be read: "));
        assertTrue(markdown("method RE‸ML\n", 5).startsWith("**REML**: restricted maximum likelihood"));
        assertNull(hover("# a comm‸ent\n", 5));
    }

    @Test
    void afterAFitTheTermsEstimateAndStaleMarking() {
        Fixtures.Cursor c = cursor("data \"dung.csv\"\nfactor oven_block\nmodel blocks = pr_dung ~ fl‸ies + (1 | oven_block)\n");
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, c.text()), "blocks");
        String md = LmmHover.hover(s, c.offset(), 2).getContents().getRight().getValue();
        // β, SE and t of flies, as R's summary prints them (-3.466743e-05, 3.37894e-05, -1.026): numbers go out unescaped
        assertTrue(md.contains("**flies** · fixed effect (β, REML)\n\n| coefficient | estimate | std. error | t value |\n|:---|---:|---:|---:|\n"
                + "| flies | -3.466743e-05 | 3.37894e-05 | -1.026 |\n"), md);
        DocumentSnapshot changed = DocumentSnapshot.analyse(s.uri(), tmp, c.text() + "# edited\n", 2, new lmm.data.DataCache()::load)
                .withFits(s.fits());
        String stale = LmmHover.hover(changed, c.offset(), 2).getContents().getRight().getValue();
        assertTrue(stale.contains("⚠ The results of the last fit are stale"), stale);
        assertFalse(stale.contains("fixed effect (β"), stale);
        assertFalse(stale.contains("0.16623"), "no fitted values beside a stale model: " + stale);
    }

    @Test
    void namesFromTheDataAreEscaped() throws IOException {
        Files.writeString(tmp.resolve("evil.csv"), "y,\"[x](command:rm)\",\"<b>g</b>\"\n1,2,a\n2,3,b\n3,1,a\n4,5,b\n5,2,c\n6,7,c\n");
        String md = markdown("data \"evil.csv\"\nmodel m = y ~ `[x](command:rm)` + (1 | `<b>g</b>`‸)\n", 5);
        // in code blocks and code spans the names are shown as typed and render as text; everywhere else they are escaped
        String outsideCode = md.replaceAll("(?s)```text\n.*?```\n", "").replaceAll("``[^\n]*?``", "");
        assertTrue(md.contains("row y   1 `[x](command:rm)`"), md);
        assertFalse(outsideCode.contains("[x](command"), outsideCode);
        assertFalse(outsideCode.contains("<b>"), outsideCode);
        assertTrue(outsideCode.contains("&lt;b>g&lt;/b>"), outsideCode);
    }
}
