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
 * {@code ./lmm fit --json} does, then held to the rule of ../shared/tools/check-reference.py: each
 * figure within a fraction of its uncertainty, widened to twice R's {@code spread} where R's equally
 * good optima lie further apart, and the criterion no worse than lme4's default fit and within 1e-6
 * of the best optimum that tight optimisers reached ({@code bestObjective}).
 */
class ReferenceCasesTest {
    @TestFactory
    Stream<DynamicTest> sharedCases() throws Exception { return cases("reference"); }

    @TestFactory
    Stream<DynamicTest> extraCases() throws Exception { return cases("reference-extra"); }

    /** R data sets and badly scaled variants, built by tools/make-references-corpus.R. */
    @TestFactory
    Stream<DynamicTest> corpusCases() throws Exception { return cases("reference-corpus"); }

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
            out.put(m.name(), o.ok() ? ResultJson.model(m, o.result(), null) : ResultJson.failed(m, o.diagnostics().toString()));
        }
        return out;
    }

    /** The comparisons of check-reference.py, in Java. */
    static void compare(String where, JsonObject got, JsonObject want) {
        JsonObject sp = want.has("spread") && want.get("spread").isJsonObject() ? want.getAsJsonObject("spread") : new JsonObject();
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
            close(where + " " + wNames.get(i) + " estimate", at(gf, "estimate", i), at(wf, "estimate", i), widened(1e-3 * se + 1e-12, spread(sp, "fixef", i)));
            close(where + " " + wNames.get(i) + " SE", at(gf, "stdError", i), se, widened(1e-3 * se + 1e-12, spread(sp, "stdError", i)));
            double t = at(wf, "tValue", i);
            close(where + " " + wNames.get(i) + " t", at(gf, "tValue", i), t, 1e-3 * Math.max(1, Math.abs(t)));
        }
        close(where + " sigma", got.get("sigma").getAsDouble(), sigma, widened(1e-4 * sigma, spread(sp, "sigma", -1)));
        if (want.has("bestObjective") && !want.get("method").getAsString().equals("OLS")) {
            String k = want.has("remlCriterion") ? "remlCriterion" : "deviance";
            double crit = got.get(k).getAsDouble();
            double best = want.get("bestObjective").getAsDouble();
            double lme4 = want.has("lme4DefaultObjective") ? want.get("lme4DefaultObjective").getAsDouble() : best;
            double limit = Math.max(lme4, best + 1e-6);
            assertTrue(crit <= limit + 1e-9, () -> where + " criterion " + crit + " is worse than lme4's (" + lme4
                    + ") and more than 1e-6 above the best optimum found (" + best + ")");
        }
        for (String k : List.of("logLik", "aic", "bic", "remlCriterion", "deviance")) {
            if (want.has(k)) close(where + " " + k, got.get(k).getAsDouble(), want.get(k).getAsDouble(), 1e-4);
        }
        Map<String, Double> sdOf = new HashMap<>();
        Map<String, JsonObject> gv = new HashMap<>();
        for (JsonElement e : got.getAsJsonArray("varcorr")) {
            JsonObject r = e.getAsJsonObject();
            gv.put(group(r.get("group").getAsString()) + "/" + term(r), r);
        }
        JsonArray wv = want.getAsJsonArray("varcorr");
        for (int vi = 0; vi < wv.size(); vi++) {
            JsonObject r = wv.get(vi).getAsJsonObject();
            String key = group(r.get("group").getAsString()) + "/" + term(r);
            JsonObject g = gv.get(key);
            assertNotNull(g, where + " varcorr " + key + " missing; have " + gv.keySet());
            double sd = r.get("stdDev").getAsDouble();
            sdOf.put(key, sd);
            close(where + " varcorr " + key, g.get("stdDev").getAsDouble(), sd, widened(1e-3 * Math.max(sd, 1e-2 * sigma), spread(sp, "stdDev", vi)));
        }
        Map<String, JsonObject> gc = new HashMap<>();
        for (JsonElement e : got.getAsJsonArray("corr")) {
            JsonObject r = e.getAsJsonObject();
            gc.put(corrKey(r), r);
        }
        JsonArray wc = want.getAsJsonArray("corr");
        for (int ci = 0; ci < wc.size(); ci++) {
            JsonObject r = wc.get(ci).getAsJsonObject();
            JsonObject g = gc.get(corrKey(r));
            assertNotNull(g, where + " corr " + corrKey(r) + " missing");
            close(where + " corr " + corrKey(r), g.get("value").getAsDouble(), r.get("value").getAsDouble(), widened(2e-3, spread(sp, "corr", ci)));
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
        JsonObject ranefSpread = sp.has("ranef") && sp.get("ranef").isJsonObject() ? sp.getAsJsonObject("ranef") : new JsonObject();
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
                double tol = widened(1e-3 * Math.max(sd, 1e-2 * sigma), spread(ranefSpread, grp, t));
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
            double tol = widened(1e-3 * sigma, spread(sp, "fitted", -1));
            for (int i = 0; i < w.size(); i++) close(where + " " + k + "[" + i + "]", g.get(i).getAsDouble(), w.get(i).getAsDouble(), tol);
        }
    }

    /** check-reference.py's widened: at least twice R's spread where one is recorded. */
    private static double widened(double tol, double spread) {
        return Double.isNaN(spread) ? tol : Math.max(tol, 2 * spread);
    }

    /** The spread of a figure (element i of an array, or the number itself for i < 0); NaN when not recorded. */
    private static double spread(JsonObject sp, String key, int i) {
        if (!sp.has(key) || sp.get(key).isJsonNull()) return Double.NaN;
        JsonElement e = sp.get(key);
        if (i < 0) return e.isJsonPrimitive() ? e.getAsDouble() : Double.NaN;
        if (e.isJsonArray() && i < e.getAsJsonArray().size() && !e.getAsJsonArray().get(i).isJsonNull()) {
            return e.getAsJsonArray().get(i).getAsDouble();
        }
        if (e.isJsonPrimitive() && i == 0) return e.getAsDouble();
        return Double.NaN;
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
