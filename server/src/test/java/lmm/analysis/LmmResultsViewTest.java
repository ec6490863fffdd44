package lmm.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** The client's decoding, written again here: a constant, or base64 of little-endian doubles / u8 / u16 / i32. */
    static double[] unpack(com.google.gson.JsonElement packed, int n) {
        JsonObject o = packed.getAsJsonObject();
        double[] out = new double[n];
        if (o.has("const")) { java.util.Arrays.fill(out, o.get("const").getAsDouble()); return out; }
        String kind = o.keySet().iterator().next();
        if (kind.equals("dec")) return java.util.Arrays.stream(o.get("dec").getAsString().split(",")).mapToDouble(Double::parseDouble).toArray();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(o.get(kind).getAsString()))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) out[i] = switch (kind) { case "f64" -> b.getDouble(); case "u8" -> b.get() & 0xff; case "u16" -> b.getShort() & 0xffff; default -> b.getInt(); };
        assertEquals(0, b.remaining(), "exactly n values");
        return out;
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
        assertEquals(0.1433747, unpack(v.get("y"), 18)[0], 0);
        assertEquals(0.1701061, unpack(v.get("y"), 18)[17], 0);
        JsonArray xcols = v.getAsJsonObject("x").getAsJsonArray("columns");
        assertEquals(1, xcols.get(0).getAsJsonObject().get("const").getAsInt(), "the intercept column: a constant");
        assertEquals(List.of(223.0, 0.0, 100.0, 97.0), java.util.Arrays.stream(unpack(xcols.get(1), 18)).limit(4).boxed().toList());
        JsonObject term = v.getAsJsonArray("z").get(0).getAsJsonObject();
        assertEquals("oven_block", term.get("group").getAsString());
        assertEquals(List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0),
                java.util.Arrays.stream(unpack(term.get("refs"), 18)).boxed().toList());
        assertEquals(1, term.getAsJsonArray("z").get(0).getAsJsonObject().get("const").getAsInt(), "an intercept column is all ones");
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
        assertEquals(0.1585009, unpack(f.get("xb"), 18)[0], 1e-7);
        assertEquals(-0.01620789, unpack(f.get("zu"), 18)[0], 1e-7);
        assertEquals(0.00108174254250246, unpack(f.get("residuals"), 18)[0], 1e-8);
        assertEquals(3, f.getAsJsonArray("ranefSd").get(0).getAsJsonObject().getAsJsonArray("values").size());
    }

    /** The first screen of a big view: rows cut, Z's levels whole (for its picture). */
    @Test
    void theFirstRowsAlone() {
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, Fixtures.DUNG), "blocks");
        JsonObject v = LmmResultsView.json(s.uri(), s.model("blocks").orElseThrow(), s.currentFit("blocks"), true, 5);
        assertEquals(5, v.get("rowsSent").getAsInt());
        assertEquals(18, v.get("n").getAsInt());
        assertEquals(0.1488016, unpack(v.get("y"), 5)[4], 0, "the seed's row 5");
        assertEquals(18, unpack(v.getAsJsonArray("z").get(0).getAsJsonObject().get("refs"), 18).length);
        assertEquals(0.0032845719282073, unpack(v.getAsJsonObject("fit").get("residuals"), 5)[4], 1e-8, "R's fifth residual");
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
