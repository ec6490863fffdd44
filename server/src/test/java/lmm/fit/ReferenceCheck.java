package lmm.fit;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a FitResult with one model of a reference .expected.json (values computed by R), with the
 * tolerances of shared/tools/check-reference.py (a port of its compare_model).
 */
final class ReferenceCheck {
    private final List<String> errors = new ArrayList<>();
    private final String where;

    private ReferenceCheck(String where) {
        this.where = where;
    }

    static JsonObject expectedModel(String caseName, String modelName) {
        try (InputStream in = ReferenceCheck.class.getResourceAsStream("/reference/" + caseName + ".expected.json")) {
            JsonObject root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            for (JsonElement m : root.getAsJsonArray("models")) {
                if (m.getAsJsonObject().get("name").getAsString().equals(modelName)) return m.getAsJsonObject();
            }
            throw new IllegalArgumentException("no model " + modelName + " in " + caseName);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** Fails the test with every mismatch listed. */
    static void assertMatches(String where, FitResult got, JsonObject want) {
        ReferenceCheck c = new ReferenceCheck(where);
        c.compare(got, want);
        if (!c.errors.isEmpty()) fail(where + ":\n  " + String.join("\n  ", c.errors));
    }

    private void close(String what, double got, double want, double tol) {
        if (Double.isNaN(got) || !(Math.abs(got - want) <= tol)) {
            errors.add(what + ": got " + got + ", want " + want + " (tol " + tol + ")");
        }
    }

    private static double[] doubles(JsonArray a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsDouble();
        return d;
    }

    private static String normGroup(String g) {
        String[] parts = g.replaceAll("\\s+", "").split(":");
        Arrays.sort(parts);
        return String.join(":", parts);
    }

    private static String labelKey(String group, String label) {
        String[] parts = label.split(":");
        String[] names = group.replaceAll("\\s+", "").split(":");
        if (parts.length == names.length && parts.length > 1) {
            Map<String, String> byName = new HashMap<>();
            for (int i = 0; i < parts.length; i++) byName.put(names[i], parts[i]);
            String[] sorted = names.clone();
            Arrays.sort(sorted);
            StringBuilder sb = new StringBuilder();
            for (String n : sorted) sb.append(sb.length() > 0 ? ":" : "").append(byName.get(n));
            return sb.toString();
        }
        return label;
    }

    private void compare(FitResult got, JsonObject want) {
        if (!got.method().name().equals(want.get("method").getAsString())) errors.add("method " + got.method());
        if (got.nobs() != want.get("nobs").getAsInt()) errors.add("nobs " + got.nobs());
        double sigma = want.get("sigma").getAsDouble();
        JsonObject wf = want.getAsJsonObject("fixef");
        JsonArray names = wf.getAsJsonArray("names");
        double[] est = doubles(wf.getAsJsonArray("estimate"));
        double[] se = doubles(wf.getAsJsonArray("stdError"));
        double[] tv = doubles(wf.getAsJsonArray("tValue"));
        FixedEffects gf = got.fixef();
        if (gf.names().size() != names.size()) errors.add("fixef names " + gf.names());
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i).getAsString();
            int j = gf.names().indexOf(n);
            if (j < 0) {
                errors.add("fixef " + n + " missing");
                continue;
            }
            close("fixef " + n + " estimate", gf.estimate()[j], est[i], 1e-3 * se[i] + 1e-12);
            close("fixef " + n + " stdError", gf.stdError()[j], se[i], 1e-3 * se[i] + 1e-12);
            close("fixef " + n + " tValue", gf.tValue()[j], tv[i], 1e-3 * Math.max(1, Math.abs(tv[i])));
        }
        close("sigma", got.sigma(), sigma, 1e-4 * sigma);
        close("logLik", got.logLik(), want.get("logLik").getAsDouble(), 1e-4);
        close("aic", got.aic(), want.get("aic").getAsDouble(), 1e-4);
        close("bic", got.bic(), want.get("bic").getAsDouble(), 1e-4);
        if (want.has("remlCriterion")) {
            close("remlCriterion", got.remlCriterion().orElse(Double.NaN), want.get("remlCriterion").getAsDouble(), 1e-4);
        }
        if (want.has("deviance")) {
            close("deviance", got.deviance().orElse(Double.NaN), want.get("deviance").getAsDouble(), 1e-4);
        }

        Map<String, VarCorrRow> gv = new HashMap<>();
        for (VarCorrRow r : got.varcorr()) gv.put(normGroup(r.group()) + "/" + r.term(), r);
        Map<String, Double> sdOf = new HashMap<>();
        for (JsonElement e : want.getAsJsonArray("varcorr")) {
            JsonObject r = e.getAsJsonObject();
            String term = r.get("term").isJsonNull() ? null : r.get("term").getAsString();
            String key = normGroup(r.get("group").getAsString()) + "/" + term;
            double sd = r.get("stdDev").getAsDouble();
            if (term != null) sdOf.put(key, sd);
            VarCorrRow g = gv.get(key);
            if (g == null) {
                errors.add("varcorr " + key + " missing (have " + gv.keySet() + ")");
                continue;
            }
            close("varcorr " + key + " stdDev", g.stdDev(), sd, 1e-3 * Math.max(sd, 1e-2 * sigma));
        }
        for (JsonElement e : want.getAsJsonArray("corr")) {
            JsonObject r = e.getAsJsonObject();
            List<String> terms = new ArrayList<>();
            for (JsonElement t : r.getAsJsonArray("terms")) terms.add(t.getAsString());
            CorrRow found = null;
            for (CorrRow c : got.corr()) {
                if (normGroup(c.group()).equals(normGroup(r.get("group").getAsString()))
                        && c.terms().containsAll(terms) && terms.containsAll(c.terms())) found = c;
            }
            if (found == null) errors.add("corr " + terms + " missing");
            else close("corr " + terms, found.value(), r.get("value").getAsDouble(), 2e-3);
        }

        // ranef: merge entries of one grouping factor, then compare level by level.
        Map<String, Map<String, double[]>> gotRanef = new HashMap<>();
        Map<String, List<String>> gotTerms = new HashMap<>();
        for (RandomEffects re : got.ranef()) {
            String key = normGroup(re.group());
            Map<String, double[]> byLevel = gotRanef.computeIfAbsent(key, k -> new HashMap<>());
            List<String> terms = gotTerms.computeIfAbsent(key, k -> new ArrayList<>());
            int offset = terms.size();
            terms.addAll(re.terms());
            double[][] values = re.values();
            for (int l = 0; l < re.levels().size(); l++) {
                String lk = labelKey(re.group(), re.levels().get(l));
                double[] old = byLevel.getOrDefault(lk, new double[0]);
                double[] merged = Arrays.copyOf(old, offset + values[l].length);
                System.arraycopy(values[l], 0, merged, offset, values[l].length);
                byLevel.put(lk, merged);
            }
        }
        for (JsonElement e : want.getAsJsonArray("ranef")) {
            JsonObject r = e.getAsJsonObject();
            String group = r.get("group").getAsString();
            String key = normGroup(group);
            Map<String, double[]> g = gotRanef.get(key);
            if (g == null) {
                errors.add("ranef " + group + " missing");
                continue;
            }
            JsonArray levels = r.getAsJsonArray("levels");
            JsonArray values = r.getAsJsonArray("values");
            if (g.size() != levels.size()) errors.add("ranef " + group + ": " + g.size() + " levels, want " + levels.size());
            JsonArray terms = r.getAsJsonArray("terms");
            for (int ti = 0; ti < terms.size(); ti++) {
                String term = terms.get(ti).getAsString();
                int tj = gotTerms.get(key).indexOf(term);
                if (tj < 0) {
                    errors.add("ranef " + group + " term " + term + " missing");
                    continue;
                }
                double tol = 1e-3 * Math.max(sdOf.getOrDefault(key + "/" + term, 0.0), 1e-2 * sigma);
                double worst = 0;
                for (int li = 0; li < levels.size(); li++) {
                    double[] gl = g.get(labelKey(group, levels.get(li).getAsString()));
                    if (gl == null) {
                        errors.add("ranef " + group + " level " + levels.get(li) + " missing");
                        break;
                    }
                    worst = Math.max(worst, Math.abs(gl[tj] - values.get(li).getAsJsonArray().get(ti).getAsDouble()));
                }
                close("ranef " + group + "/" + term + " worst", worst, 0, tol);
            }
        }
        double[] wantFitted = doubles(want.getAsJsonArray("fitted"));
        double[] wantResid = doubles(want.getAsJsonArray("residuals"));
        close("fitted max diff", maxDiff(got.fitted(), wantFitted), 0, 1e-3 * sigma);
        close("residuals max diff", maxDiff(got.residuals(), wantResid), 0, 1e-3 * sigma);
        if (want.has("theta")) {
            double[] th = doubles(want.getAsJsonArray("theta"));
            if (th.length != got.theta().length) errors.add("theta length " + got.theta().length);
            if (want.get("singular").getAsBoolean() != got.singular()) errors.add("singular " + got.singular());
        }
    }

    private double maxDiff(double[] a, double[] b) {
        if (a.length != b.length) {
            errors.add("length " + a.length + " vs " + b.length);
            return Double.NaN;
        }
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }
}
