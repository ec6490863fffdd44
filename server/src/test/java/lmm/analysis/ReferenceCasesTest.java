package lmm.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import lmm.data.DataCache;
import lmm.fit.FitOptions;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every reference case computed by R (lme4 1.1-31 / lm): the shared cases (copied into
 * src/test/resources/reference) and the project's extra ones (reference-extra, built by
 * tools/make-references-extra.R). Each .lmm is parsed, bound, fitted and written as JSON exactly as
 * {@code ./lmm fit --json} does, then held to the tolerances of ../shared/tools/check-reference.py.
 */
class ReferenceCasesTest {
    /**
     * Models whose optimum is flat enough that lme4's BOBYQA stops measurably short of it: here the
     * criterion must be at least as good as R's (within 1e-6) and the estimates close (looser bounds).
     * orthodont/slopes_by_sex: R's REML criterion 432.5816671, a better one exists at 432.5816615.
     */
    private static final Set<String> FLAT_OPTIMUM = Set.of("orthodont/slopes_by_sex");

    @TestFactory
    Stream<DynamicTest> sharedCases() throws Exception { return cases("reference"); }

    @TestFactory
    Stream<DynamicTest> extraCases() throws Exception { return cases("reference-extra"); }

    private Stream<DynamicTest> cases(String folder) throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/" + folder).toURI());
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path expected : files.filter(p -> p.toString().endsWith(".expected.json")).sorted().toList()) {
                String name = expected.getFileName().toString().replace(".expected.json", "");
                JsonObject want = JsonParser.parseString(Files.readString(expected)).getAsJsonObject();
                Map<String, JsonObject> got = fitAll(dir.resolve(name + ".lmm"));
                for (JsonElement wm : want.getAsJsonArray("models")) {
                    JsonObject w = wm.getAsJsonObject();
                    String model = w.get("name").getAsString();
                    tests.add(DynamicTest.dynamicTest(name + "/" + model, () -> {
                        JsonObject g = got.get(model);
                        assertNotNull(g, "model " + model + " missing");
                        assertFalse(g.has("error"), () -> "fit failed: " + g.get("error"));
                        compare(name + "/" + model, g, w);
                    }));
                }
            }
        }
        return tests.stream();
    }

    static Map<String, JsonObject> fitAll(Path lmm) throws IOException {
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(lmm)), lmm.getParent(), new DataCache()::load);
        assertFalse(doc.hasErrors(), () -> "errors: " + doc.diagnostics());
        Map<String, JsonObject> out = new HashMap<>();
        for (ModelEntry m : doc.models()) {
            ModelFits.Outcome o = ModelFits.fit(m, FitOptions.defaults());
            out.put(m.name(), o.ok() ? ResultJson.model(m, o.result()) : ResultJson.failed(m, o.diagnostics().toString()));
        }
        return out;
    }

    /** The comparisons of check-reference.py, in Java. */
    static void compare(String where, JsonObject got, JsonObject want) {
        boolean flat = FLAT_OPTIMUM.contains(where);
        double loose = flat ? 20 : 1; // flat optimum: estimates held to 20× the usual tolerance
        assertEquals(want.get("method").getAsString(), got.get("method").getAsString(), where + " method");
        assertEquals(want.get("nobs").getAsInt(), got.get("nobs").getAsInt(), where + " nobs");
        double sigma = want.get("sigma").getAsDouble();
        JsonObject wf = want.getAsJsonObject("fixef"), gf = got.getAsJsonObject("fixef");
        List<String> gNames = strings(gf.getAsJsonArray("names"));
        List<String> wNames = strings(wf.getAsJsonArray("names"));
        assertEquals(wNames.stream().map(ReferenceCasesTest::norm).toList(), gNames.stream().map(ReferenceCasesTest::norm).toList(),
                where + " fixef names");
        for (int i = 0; i < wNames.size(); i++) {
            double se = at(wf, "stdError", i);
            close(where + " " + wNames.get(i) + " estimate", at(gf, "estimate", i), at(wf, "estimate", i), loose * 1e-3 * se + 1e-12);
            close(where + " " + wNames.get(i) + " SE", at(gf, "stdError", i), se, loose * 1e-3 * se + 1e-12);
            double t = at(wf, "tValue", i);
            close(where + " " + wNames.get(i) + " t", at(gf, "tValue", i), t, loose * 1e-3 * Math.max(1, Math.abs(t)));
        }
        close(where + " sigma", got.get("sigma").getAsDouble(), sigma, loose * 1e-4 * sigma);
        for (String k : List.of("logLik", "aic", "bic", "remlCriterion", "deviance")) {
            if (want.has(k)) close(where + " " + k, got.get(k).getAsDouble(), want.get(k).getAsDouble(), 1e-4);
        }
        if (flat) {
            String k = want.has("remlCriterion") ? "remlCriterion" : "deviance";
            if (want.has(k)) assertTrue(got.get(k).getAsDouble() <= want.get(k).getAsDouble() + 1e-6, where + " criterion no worse than R's");
        }
        Map<String, Double> sdOf = new HashMap<>();
        Map<String, JsonObject> gv = new HashMap<>();
        for (JsonElement e : got.getAsJsonArray("varcorr")) {
            JsonObject r = e.getAsJsonObject();
            gv.put(group(r.get("group").getAsString()) + "/" + term(r), r);
        }
        for (JsonElement e : want.getAsJsonArray("varcorr")) {
            JsonObject r = e.getAsJsonObject();
            String key = group(r.get("group").getAsString()) + "/" + term(r);
            JsonObject g = gv.get(key);
            assertNotNull(g, where + " varcorr " + key + " missing; have " + gv.keySet());
            double sd = r.get("stdDev").getAsDouble();
            sdOf.put(key, sd);
            double gotSd = g.get("stdDev").getAsDouble();
            // On the boundary of a singular fit both optimisers stop at "zero" by their own rounding
            // (lme4 e.g. at θ = 2e-5, we at 0): both below 1e-4 σ is the same answer.
            boolean bothZero = want.has("singular") && want.get("singular").getAsBoolean() && sd < 1e-4 * sigma && gotSd < 1e-4 * sigma;
            if (!bothZero) close(where + " varcorr " + key, gotSd, sd, loose * 1e-3 * Math.max(sd, 1e-2 * sigma));
        }
        Map<String, JsonObject> gc = new HashMap<>();
        for (JsonElement e : got.getAsJsonArray("corr")) {
            JsonObject r = e.getAsJsonObject();
            gc.put(corrKey(r), r);
        }
        for (JsonElement e : want.getAsJsonArray("corr")) {
            JsonObject r = e.getAsJsonObject();
            JsonObject g = gc.get(corrKey(r));
            assertNotNull(g, where + " corr " + corrKey(r) + " missing");
            close(where + " corr " + corrKey(r), g.get("value").getAsDouble(), r.get("value").getAsDouble(), loose * 2e-3);
        }
        // conditional modes, several entries of one grouping factor (from ||) read as one
        Map<String, Map<String, Map<String, Double>>> gr = new HashMap<>();
        for (JsonElement e : got.getAsJsonArray("ranef")) {
            JsonObject r = e.getAsJsonObject();
            String grp = r.get("group").getAsString();
            var byLevel = gr.computeIfAbsent(group(grp), k -> new HashMap<>());
            List<String> terms = strings(r.getAsJsonArray("terms"));
            List<String> levels = strings(r.getAsJsonArray("levels"));
            JsonArray values = r.getAsJsonArray("values");
            for (int l = 0; l < levels.size(); l++) {
                var row = byLevel.computeIfAbsent(labelKey(grp, levels.get(l)), k -> new HashMap<>());
                for (int t = 0; t < terms.size(); t++) row.put(norm(terms.get(t)), values.get(l).getAsJsonArray().get(t).getAsDouble());
            }
        }
        for (JsonElement e : want.getAsJsonArray("ranef")) {
            JsonObject r = e.getAsJsonObject();
            String grp = r.get("group").getAsString();
            var byLevel = gr.get(group(grp));
            assertNotNull(byLevel, where + " ranef " + grp + " missing");
            List<String> terms = strings(r.getAsJsonArray("terms"));
            List<String> levels = strings(r.getAsJsonArray("levels"));
            assertEquals(levels.size(), byLevel.size(), where + " ranef " + grp + " level count");
            for (int t = 0; t < terms.size(); t++) {
                double sd = sdOf.getOrDefault(group(grp) + "/" + norm(terms.get(t)), 0.0);
                double tol = loose * 1e-3 * Math.max(sd, 1e-2 * sigma);
                for (int l = 0; l < levels.size(); l++) {
                    var row = byLevel.get(labelKey(grp, levels.get(l)));
                    assertNotNull(row, where + " ranef " + grp + " level " + levels.get(l) + " missing");
                    Double v = row.get(norm(terms.get(t)));
                    assertNotNull(v, where + " ranef " + grp + " term " + terms.get(t) + " missing");
                    close(where + " ranef " + grp + "/" + terms.get(t) + " level " + levels.get(l), v,
                            r.getAsJsonArray("values").get(l).getAsJsonArray().get(t).getAsDouble(), tol);
                }
            }
        }
        for (String k : List.of("fitted", "residuals")) {
            JsonArray g = got.getAsJsonArray(k), w = want.getAsJsonArray(k);
            assertEquals(w.size(), g.size(), where + " " + k + " count");
            for (int i = 0; i < w.size(); i++) close(where + " " + k + "[" + i + "]", g.get(i).getAsDouble(), w.get(i).getAsDouble(), loose * 1e-3 * sigma);
        }
        if (want.has("theta") && !flat) {
            // θ in lme4's order: each within 2e-3 absolute (θ is a ratio of SDs, of order 1)
            JsonArray g = got.getAsJsonArray("theta"), w = want.getAsJsonArray("theta");
            assertEquals(w.size(), g.size(), where + " theta count");
            for (int i = 0; i < w.size(); i++) close(where + " theta[" + i + "]", g.get(i).getAsDouble(), w.get(i).getAsDouble(), 2e-3);
        }
        if (want.has("singular")) assertEquals(want.get("singular").getAsBoolean(), got.get("singular").getAsBoolean(), where + " singular");
    }

    private static void close(String what, double got, double want, double tol) {
        assertTrue(Math.abs(got - want) <= tol, () -> what + ": got " + got + ", want " + want + " (tol " + tol + ")");
    }

    private static double at(JsonObject o, String k, int i) { return o.getAsJsonArray(k).get(i).getAsDouble(); }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static String norm(String s) { return s.replaceAll("\\s+", ""); }

    private static String term(JsonObject r) { return r.get("term").isJsonNull() ? "" : norm(r.get("term").getAsString()); }

    /** 'batch:cask' and 'cask:batch' name the same grouping factor. */
    private static String group(String g) {
        String[] parts = norm(g).split(":");
        Arrays.sort(parts);
        return String.join(":", parts);
    }

    private static String labelKey(String group, String label) {
        String[] parts = label.split(":", -1), names = norm(group).split(":");
        if (parts.length != names.length || parts.length < 2) return label;
        Integer[] idx = new Integer[names.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> names[a].compareTo(names[b]));
        StringBuilder sb = new StringBuilder();
        for (Integer i : idx) sb.append(sb.length() > 0 ? ":" : "").append(parts[i]);
        return sb.toString();
    }

    private static String corrKey(JsonObject r) {
        List<String> t = strings(r.getAsJsonArray("terms")).stream().map(ReferenceCasesTest::norm).sorted().toList();
        return group(r.get("group").getAsString()) + "/" + String.join(",", t);
    }
}
