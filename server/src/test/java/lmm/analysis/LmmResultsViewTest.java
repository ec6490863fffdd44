package lmm.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data of the results view and the text results; values from the seed document and R (../shared/reference). */
class LmmResultsViewTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void data() throws IOException {
        Fixtures.dungDir(tmp);
        Files.copy(Fixtures.examples().resolve("sleepstudy.csv"), tmp.resolve("sleepstudy.csv"));
    }

    @Test
    void beforeAFitTheMatricesAlone() {
        DocumentSnapshot s = Fixtures.snapshot(tmp, Fixtures.DUNG);
        JsonObject v = LmmResultsView.json(s.uri(), s.model("blocks").orElseThrow(), null, false);
        assertEquals(18, v.get("n").getAsInt());
        assertEquals(3, v.get("q").getAsInt());
        assertFalse(v.get("fitted").getAsBoolean());
        assertFalse(v.has("fit"));
        assertTrue(v.get("rows").isJsonNull(), "rows 1..18: no labels sent");
        // the seed: Y row 1 0.1433747, X row 1 (1, 223), oven_block of rows 1, 8, 13 = 1, 2, 3
        assertEquals(0.1433747, v.getAsJsonArray("y").get(0).getAsDouble(), 0);
        JsonArray xcols = v.getAsJsonObject("x").getAsJsonArray("columns");
        assertEquals("1", xcols.get(0).getAsJsonArray().get(0).toString());
        assertEquals("223", xcols.get(1).getAsJsonArray().get(0).toString());
        JsonObject term = v.getAsJsonArray("z").get(0).getAsJsonObject();
        assertEquals("oven_block", term.get("group").getAsString());
        assertEquals(0, term.getAsJsonArray("refs").get(0).getAsInt());
        assertEquals(1, term.getAsJsonArray("refs").get(7).getAsInt());
        assertEquals(2, term.getAsJsonArray("refs").get(12).getAsInt());
        assertTrue(term.getAsJsonArray("z").get(0).isJsonNull(), "an intercept column is all ones: not sent");
    }

    @Test
    void afterAFitWithRsValues() {
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, Fixtures.DUNG), "blocks");
        JsonObject v = LmmResultsView.json(s.uri(), s.model("blocks").orElseThrow(), s.currentFit("blocks"), true);
        JsonObject f = v.getAsJsonObject("fit");
        // R (lme4 1.1-31): β 0.16623168802248, -3.46674259601632e-05; SE 0.00903661686527006; θ 1.82157560982933
        assertEquals(0.16623168802248, f.getAsJsonObject("fixef").getAsJsonArray("estimate").get(0).getAsDouble(), 1e-8);
        assertEquals(0.00903661686527006, f.getAsJsonObject("fixef").getAsJsonArray("stdError").get(0).getAsDouble(), 1e-8);
        assertEquals(1.82157560982933, f.getAsJsonArray("lambda").get(0).getAsJsonObject().getAsJsonArray("template")
                .get(0).getAsJsonArray().get(0).getAsDouble(), 1e-5);
        // row 1 of the seed's table: Xβ 0.1585009 (0.1662317 + 223 · -3.466743e-05), Zu -0.01620789, e 0.001081743
        assertEquals(0.1585009, f.getAsJsonArray("xb").get(0).getAsDouble(), 1e-7);
        assertEquals(-0.01620789, f.getAsJsonArray("zu").get(0).getAsDouble(), 1e-7);
        assertEquals(0.00108174254250246, f.getAsJsonArray("residuals").get(0).getAsDouble(), 1e-8);
        assertEquals(3, f.getAsJsonArray("ranefSd").get(0).getAsJsonObject().getAsJsonArray("values").size());
    }

    @Test
    void staleFitsAreMarkedAndNotSent() {
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, Fixtures.DUNG), "blocks");
        DocumentSnapshot edited = Fixtures.snapshot(tmp, Fixtures.DUNG + "\n").withFits(s.fits());
        JsonObject v = LmmResultsView.json(edited.uri(), edited.model("blocks").orElseThrow(), edited.fit("blocks"), false);
        assertTrue(v.get("stale").getAsBoolean());
        assertFalse(v.has("fit"));
    }

    /** The summary (Markdown and text) carries the random-effect correlation the command line prints: R 0.0655513775524519. */
    @Test
    void summariesIncludeTheCorrelation() {
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp,
                "data \"sleepstudy.csv\"\nfactor Subject\nmodel slopes = Reaction ~ Days + (Days | Subject)\n"), "slopes");
        StoredFit f = s.currentFit("slopes");
        String md = LmmResults.render(f, "summary", "markdown").content();
        assertTrue(md.contains("| Subject | (Intercept) | Days | 0.06555 |"), md);
        String text = LmmResults.render(f, "summary", "text").content();
        assertTrue(text.contains("correlation of (Intercept) and Days within Subject: 0.06555"), text);
        assertEquals("plaintext", LmmResults.render(f, "summary", "text").language());
        assertFalse(text.contains("\\"), text);
    }
}
