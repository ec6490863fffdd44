package lmm.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
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
 * The per-model inference of every R-made case, through {@code lmm fit --json} as the shared checker
 * runs it and with check-inference.py's tolerances: Satterthwaite df and p (lmerTest), Kenward–Roger
 * SE, df and p (pbkrtest), the type III tables, Wald and profile intervals (lme4), lm's t tests and
 * anova. Cases: the shared ones (copied into src/test/resources/reference-inference) and the
 * project's own (reference-inference-extra, built by tools/make-inference-references-extra.R).
 */
class InferenceCasesTest {
    @TestFactory
    Stream<DynamicTest> sharedCases() throws Exception { return cases("reference-inference"); }

    @TestFactory
    Stream<DynamicTest> ownCases() throws Exception { return cases("reference-inference-extra"); }

    private Stream<DynamicTest> cases(String folder) throws Exception {
        Path dir = Path.of(getClass().getResource("/" + folder).toURI());
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path expected : files.filter(p -> p.toString().endsWith(".inference.json")).sorted().toList()) {
                String name = expected.getFileName().toString().replace(".inference.json", "");
                JsonObject want = JsonParser.parseString(Files.readString(expected)).getAsJsonObject();
                JsonObject got = runFit(dir.resolve(name + ".lmm"));
                Map<String, JsonObject> byName = new HashMap<>();
                for (JsonElement e : got.getAsJsonArray("models")) byName.put(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject());
                for (JsonElement e : want.getAsJsonArray("models")) {
                    JsonObject w = e.getAsJsonObject();
                    String model = w.get("name").getAsString();
                    tests.add(DynamicTest.dynamicTest(name + "/" + model, () -> {
                        JsonObject g = byName.get(model);
                        assertNotNull(g, "model missing");
                        List<String> errors = new ArrayList<>();
                        check(g, w, errors);
                        assertTrue(errors.isEmpty(), () -> String.join("\n", errors));
                    }));
                }
            }
        }
        assertFalse(tests.isEmpty(), "no cases in " + folder);
        return tests.stream();
    }

    static JsonObject runFit(Path lmm) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"fit", lmm.toString(), "--json"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, () -> "exit status; stderr: " + err.toString(StandardCharsets.UTF_8));
        return JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static String nn(String s) { return s.replaceAll("\\s+", ""); }

    /** check-inference.py's compare_model. */
    private static void check(JsonObject g, JsonObject w, List<String> errors) {
        JsonObject gf = g.getAsJsonObject("fixef");
        Map<String, Integer> gi = new HashMap<>();
        JsonArray names = gf.getAsJsonArray("names");
        for (int i = 0; i < names.size(); i++) gi.put(nn(names.get(i).getAsString()), i);
        JsonObject s = w.getAsJsonObject("satterthwaite");
        for (int i = 0; i < s.getAsJsonArray("names").size(); i++) {
            String n = s.getAsJsonArray("names").get(i).getAsString();
            Integer j = gi.get(nn(n));
            if (j == null) { errors.add("fixef " + n + ": missing"); continue; }
            double df = s.getAsJsonArray("df").get(i).getAsDouble();
            close(errors, "fixef " + n + " df", at(gf, "df", j), df, 2e-3 * df);
            p(errors, "fixef " + n + " p", at(gf, "p", j), s.getAsJsonArray("p").get(i).getAsDouble());
        }
        if (has(w, "kenwardRoger")) {
            JsonObject kr = w.getAsJsonObject("kenwardRoger");
            JsonObject gk = has(g, "kenwardRoger") ? g.getAsJsonObject("kenwardRoger") : new JsonObject();
            for (int i = 0; i < kr.getAsJsonArray("names").size(); i++) {
                String n = kr.getAsJsonArray("names").get(i).getAsString();
                Integer j = gi.get(nn(n));
                if (j == null) continue;
                for (String k : List.of("stdError", "df")) {
                    double v = kr.getAsJsonArray(k).get(i).getAsDouble();
                    close(errors, "kenwardRoger " + n + " " + k, at(gk, k, j), v, 2e-3 * Math.abs(v));
                }
                p(errors, "kenwardRoger " + n + " p", at(gk, "p", j), kr.getAsJsonArray("p").get(i).getAsDouble());
            }
        }
        for (String key : List.of("anova", "anovaKenwardRoger")) {
            if (!has(w, key)) continue;
            Map<String, JsonObject> ga = byKey(has(g, key) ? g.getAsJsonArray(key) : new JsonArray(), "term");
            for (JsonElement e : w.getAsJsonArray(key)) {
                JsonObject r = e.getAsJsonObject();
                String term = r.get("term").getAsString();
                JsonObject a = ga.get(nn(term));
                if (a == null) { errors.add(key + " " + term + ": missing (have " + ga.keySet() + ")"); continue; }
                close(errors, key + " " + term + " numDf", num(a, "numDf"), r.get("numDf").getAsDouble(), 1e-9);
                double den = r.get("denDf").getAsDouble();
                close(errors, key + " " + term + " denDf", num(a, "denDf"), den, 2e-3 * den);
                double f = r.get("F").getAsDouble();
                close(errors, key + " " + term + " F", num(a, "F"), f, 1e-3 * Math.max(1, f));
                p(errors, key + " " + term + " p", num(a, "p"), r.get("p").getAsDouble());
            }
        }
        JsonObject wc = w.getAsJsonObject("confint");
        JsonObject gc = has(g, "confint") ? g.getAsJsonObject("confint") : new JsonObject();
        for (String kind : List.of("wald", "profile")) {
            if (wc == null || !has(wc, kind)) continue;
            Map<String, JsonObject> rows = byKey(has(gc, kind) ? gc.getAsJsonArray(kind) : new JsonArray(), "parm");
            for (JsonElement e : wc.getAsJsonArray(kind)) {
                JsonObject r = e.getAsJsonObject();
                String parm = r.get("parm").getAsString();
                JsonObject a = rows.get(nn(parm));
                if (a == null) { errors.add("confint " + kind + " " + parm + ": missing"); continue; }
                // R leaves a bound missing or infinite ("Inf") where its profile could not close it
                if (!isNumber(r, "lower") || !isNumber(r, "upper")) continue;
                double lo = r.get("lower").getAsDouble(), hi = r.get("upper").getAsDouble();
                if (!Double.isFinite(lo) || !Double.isFinite(hi)) continue;
                double tol = (kind.equals("wald") ? 1e-4 : 5e-3) * Math.abs(hi - lo) + 1e-10;
                close(errors, "confint " + kind + " " + parm + " lower", num(a, "lower"), lo, tol);
                close(errors, "confint " + kind + " " + parm + " upper", num(a, "upper"), hi, tol);
            }
        }
    }

    private static Map<String, JsonObject> byKey(JsonArray rows, String key) {
        Map<String, JsonObject> m = new HashMap<>();
        for (JsonElement e : rows) m.put(nn(e.getAsJsonObject().get(key).getAsString()), e.getAsJsonObject());
        return m;
    }

    private static boolean has(JsonObject o, String k) { return o.has(k) && !o.get(k).isJsonNull(); }

    private static boolean isNumber(JsonObject o, String k) { return has(o, k) && o.get(k).isJsonPrimitive() && o.get(k).getAsJsonPrimitive().isNumber(); }

    private static Double num(JsonObject o, String k) { return has(o, k) ? o.get(k).getAsDouble() : null; }

    private static Double at(JsonObject o, String k, int j) {
        if (!has(o, k) || o.getAsJsonArray(k).size() <= j || o.getAsJsonArray(k).get(j).isJsonNull()) return null;
        return o.getAsJsonArray(k).get(j).getAsDouble();
    }

    private static void close(List<String> errors, String what, Double got, double want, double tol) {
        if (got == null || got.isNaN()) { errors.add(what + ": got " + got + ", want " + want); return; }
        if (Math.abs(got - want) > tol) errors.add(what + ": got " + got + ", want " + want + " (tol " + tol + ")");
    }

    private static void p(List<String> errors, String what, Double got, double want) {
        close(errors, what, got, want, Math.max(2e-3 * want, 1e-12));
    }
}
