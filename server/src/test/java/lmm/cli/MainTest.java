package lmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on the seed's dung example: values from the seed document and R's lme4. */
class MainTest {
    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path example(String name) { return Path.of("..", "examples", name).toAbsolutePath().normalize(); }

    @Test
    void fitPrintsTheSeedsBetaUAndResiduals() {
        Run r = run("fit", example("dung.lmm").toString());
        assertEquals(0, r.status(), r.err());
        // β and u as the seed document and the issue give them (lme4's REML fit)
        for (String s : new String[] {"0.1662317", "-3.466743e-05", "-0.0162079", "0.0071586", "0.0090492",
                // residuals of rows 1, 9 and 12 (lme4: 0.00108174, -0.01400253, 0.01983513)
                "0.001081743", "-0.01400253", "0.01983513", "✓ Y = Xβ + Zu + e holds"}) {
            assertTrue(r.out().contains(s), () -> "missing " + s + " in\n" + r.out());
        }
    }

    @Test
    void jsonHasTheReferenceFields() {
        Run r = run("fit", example("dung.lmm").toString(), "--json");
        assertEquals(0, r.status(), r.err());
        JsonObject model = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("models").get(0).getAsJsonObject();
        assertEquals("blocks", model.get("name").getAsString());
        assertEquals("REML", model.get("method").getAsString());
        assertEquals(18, model.get("nobs").getAsInt());
        assertEquals(0.16623168802248, model.getAsJsonObject("fixef").getAsJsonArray("estimate").get(0).getAsDouble(), 1e-6);
        assertEquals(-89.4292250455911, model.get("remlCriterion").getAsDouble(), 1e-5);
    }

    @Test
    void matricesShowsYXAndZAsTheSeed() {
        Run r = run("matrices", example("dung.lmm").toString(), "--model", "blocks");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("X (18 × 2)"), r.out());
        assertTrue(r.out().contains("Z (18 × 3)"), r.out());
        assertTrue(r.out().contains("223"), r.out());
    }

    @Test
    void errorsArePrintedWithFileLineAndColumnAndExitOne() throws IOException {
        Files.copy(example("dung.csv"), dir.resolve("dung.csv"));
        Path f = dir.resolve("bad.lmm");
        Files.writeString(f, "data \"dung.csv\"\nmodel pr_dung ~ flise + (1 | oven_block)\n");
        Run r = run("fit", f.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("bad.lmm:2:17: error: unknown column 'flise'; did you mean 'flies'?"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("fit").status());
        assertEquals(2, run("frobnicate").status());
        assertEquals(2, run("fit", "x.lmm", "--bogus").status());
        assertEquals(2, run("fit", example("dung.lmm").toString(), "--model", "nope").status());
    }

    @Test
    void missingFileExitsOneWithAMessage() {
        Run r = run("fit", dir.resolve("none.lmm").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void olsModelsReportMethodOls() {
        Run r = run("fit", example("regression.lmm").toString(), "--json");
        assertEquals(0, r.status(), r.err());
        JsonObject model = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("models").get(0).getAsJsonObject();
        assertEquals("OLS", model.get("method").getAsString());
        // the seed: intercept 7.3824167, slope 0.600529
        assertEquals(7.3824167, model.getAsJsonObject("fixef").getAsJsonArray("estimate").get(0).getAsDouble(), 1e-6);
        assertEquals(0.600529, model.getAsJsonObject("fixef").getAsJsonArray("estimate").get(1).getAsDouble(), 1e-6);
    }

    @Test
    void longTablesAreCutUnlessAskedForInFull() {
        // sleepstudy: 180 rows, so 50 are printed and 130 counted
        Run r = run("fit", example("sleepstudy.lmm").toString(), "--model", "slopes");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("… 130 more rows"), r.out());
        Run all = run("fit", example("sleepstudy.lmm").toString(), "--model", "slopes", "--rows", "all");
        assertFalse(all.out().contains("more rows"), all.out());
        assertEquals(2, run("fit", example("sleepstudy.lmm").toString(), "--rows", "many").status());
    }

    @Test
    void matricesShowLambdaThetasLayoutAsLme4() {
        // lme4: getME(m, "Lambdat") for (Days | Subject) is 18 blocks of the lower triangle (θ1, θ2, θ3)
        Run r = run("matrices", example("sleepstudy.lmm").toString(), "--model", "slopes", "--rows", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Λθ (36 × 36)"), r.out());
        assertTrue(r.out().contains("Subject ((Intercept), Days): [θ1 0; θ2 θ3] for each of 18 levels"), r.out());
    }
}
