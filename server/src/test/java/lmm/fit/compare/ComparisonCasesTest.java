package lmm.fit.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lmm.cli.Main;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code compare} line of the R-made cases: the shared inference cases (copied into
 * src/test/resources/reference-inference) and the project's own (reference-compare, built by
 * tools/make-compare-references.R: REML and ML fits mixed, three models out of order, nested random
 * terms, a least-squares fit against a mixed one, R's F tests in written order). Each file goes
 * through {@code lmm fit --json} as the shared checker runs it, with check-inference.py's tolerances.
 */
class ComparisonCasesTest {
    @TestFactory
    Stream<DynamicTest> sharedCases() throws Exception { return cases("reference-inference"); }

    @TestFactory
    Stream<DynamicTest> ownCases() throws Exception { return cases("reference-compare"); }

    private Stream<DynamicTest> cases(String folder) throws Exception {
        Path dir = Path.of(getClass().getResource("/" + folder).toURI());
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path expected : files.filter(p -> p.toString().endsWith(".inference.json")).sorted().toList()) {
                String name = expected.getFileName().toString().replace(".inference.json", "");
                JsonObject want = JsonParser.parseString(Files.readString(expected)).getAsJsonObject();
                if (!want.has("comparisons")) continue;
                JsonObject got = runFit(dir.resolve(name + ".lmm"));
                Map<List<String>, JsonObject> byModels = new HashMap<>();
                for (JsonElement e : got.getAsJsonArray("comparisons")) byModels.put(strings(e.getAsJsonObject(), "models"), e.getAsJsonObject());
                for (JsonElement e : want.getAsJsonArray("comparisons")) {
                    JsonObject w = e.getAsJsonObject();
                    List<String> models = strings(w, "models");
                    tests.add(DynamicTest.dynamicTest(name + "/compare " + String.join(", ", models), () -> {
                        JsonObject g = byModels.get(models);
                        assertNotNull(g, "comparison missing; have " + byModels.keySet());
                        check(g, w);
                    }));
                }
            }
        }
        assertTrue(!tests.isEmpty(), "no comparisons in " + folder);
        return tests.stream();
    }

    /** The text output's tables, line for line as R prints them (R's print captured by tools/make-compare-references.R). */
    @TestFactory
    Stream<DynamicTest> textAsRPrintsIt() throws Exception {
        Path dir = Path.of(getClass().getResource("/reference-compare").toURI());
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path printed : files.filter(p -> p.toString().endsWith(".printed.txt")).sorted().toList()) {
                String name = printed.getFileName().toString().replace(".printed.txt", "");
                Map<String, List<String>> want = tables(Files.readString(printed));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Main.run(new String[] {"fit", dir.resolve(name + ".lmm").toString(), "--rows", "0"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                Map<String, List<String>> got = tables(out.toString(StandardCharsets.UTF_8));
                for (var e : want.entrySet()) {
                    tests.add(DynamicTest.dynamicTest(name + "/" + e.getKey(), () -> assertEquals(e.getValue(), got.get(e.getKey()))));
                }
            }
        }
        assertTrue(!tests.isEmpty());
        return tests.stream();
    }

    /**
     * Per "compare ..." heading, the lines of its table: from the column header to the significance
     * legend, trailing blanks stripped, R's curly quotes as straight ones.
     */
    private static Map<String, List<String>> tables(String text) {
        Map<String, List<String>> out = new HashMap<>();
        String current = null;
        boolean inTable = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("compare ")) { current = line; inTable = false; out.put(current, new ArrayList<>()); continue; }
            if (current == null) continue;
            if (line.contains(" npar ") || line.contains(" Res.Df ")) inTable = true;
            if (line.isBlank()) { inTable = false; continue; }
            if (inTable) out.get(current).add(line.stripTrailing().replace('\u2018', '\'').replace('\u2019', '\''));
        }
        return out;
    }

    static JsonObject runFit(Path lmm) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"fit", lmm.toString(), "--json"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, () -> "exit status; stderr: " + err.toString(StandardCharsets.UTF_8));
        return JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** check-inference.py's compare_comparison, plus refitML and the order of the rows. */
    private static void check(JsonObject got, JsonObject want) {
        assertEquals(want.get("test").getAsString(), got.get("test").getAsString(), "test");
        if (want.has("refitML")) assertEquals(want.get("refitML").getAsBoolean(), got.get("refitML").getAsBoolean(), "refitML");
        var wt = want.getAsJsonArray("table");
        var gt = got.getAsJsonArray("table");
        assertEquals(wt.size(), gt.size(), "rows");
        for (int i = 0; i < wt.size(); i++) {
            JsonObject w = wt.get(i).getAsJsonObject(), g = gt.get(i).getAsJsonObject();
            String model = w.get("model").getAsString();
            assertEquals(model, g.get("model").getAsString(), "row " + i + " (R's order)");
            for (String k : List.of("npar", "df", "resDf")) {
                if (has(w, k)) close(model + " " + k, g, k, w.get(k).getAsDouble(), 1e-9);
                else if (w.has(k)) assertTrue(!has(g, k), model + " " + k + " should be absent (R: NA)");
            }
            for (String k : List.of("aic", "bic", "logLik", "deviance", "rss", "chisq", "F", "sumOfSq")) {
                if (has(w, k)) close(model + " " + k, g, k, w.get(k).getAsDouble(), 1e-4 + 1e-7 * Math.abs(w.get(k).getAsDouble()));
            }
            if (has(w, "p")) {
                double p = w.get("p").getAsDouble();
                close(model + " p", g, "p", p, Math.max(2e-3 * p, 1e-12));
            } else {
                assertTrue(!has(g, "p"), model + " p should be absent (R: NA)");
            }
        }
    }

    private static boolean has(JsonObject o, String k) { return o.has(k) && !o.get(k).isJsonNull(); }

    private static void close(String what, JsonObject got, String key, double want, double tol) {
        assertTrue(has(got, key), what + " missing");
        double g = got.get(key).getAsDouble();
        assertTrue(Math.abs(g - want) <= tol, () -> what + ": got " + g + ", want " + want + " (tol " + tol + ")");
    }

    private static List<String> strings(JsonObject o, String key) {
        List<String> out = new ArrayList<>();
        o.getAsJsonArray(key).forEach(e -> out.add(e.getAsString()));
        return out;
    }
}
