package lmm.analysis;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonElement;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lmm.fit.CorrRow;
import lmm.fit.FitResult;
import lmm.fit.RandomEffects;
import lmm.fit.VarCorrRow;
import lmm.inference.Inference;
import lmm.inference.Interval;
import lmm.inference.TermTest;
import lmm.model.ModelEntry;

/**
 * A fitted model as JSON, with the field names and meanings of the R reference results
 * (../shared/reference/README.md) plus lmm's own extras (rows used, dropped, optimiser details).
 */
public final class ResultJson {
    private ResultJson() {}

    /** The fit and its inference (df, p, F tables, intervals: computed once per fit, see Inferences). */
    public static JsonObject model(ModelEntry m, FitResult r) {
        return model(m, r, Inferences.of(m, r));
    }

    /** @param inf the fit's inference, or null for the fit alone (tests of the fit layer) */
    public static JsonObject model(ModelEntry m, FitResult r, Inference inf) {
        return model(m, r, inf, null);
    }

    /**
     * Streams the same JSON as {@link #model}, with the arrays of one value per row (fitted,
     * residuals, rows) written from the fit's arrays as bytes ({@link JsonStream}): at 10⁶ rows their
     * tree would be 3·10⁶ boxed numbers, and their text most of the time of the output.
     */
    public static void write(JsonStream out, ModelEntry m, FitResult r, Inference inf) throws IOException {
        Map<String, PerRow> perRow = new HashMap<>();
        JsonObject head = model(m, r, inf, perRow);
        JsonWriter json = out.json();
        json.beginObject();
        for (Map.Entry<String, JsonElement> e : head.entrySet()) {
            json.name(e.getKey());
            PerRow values = perRow.get(e.getKey());
            if (values != null) values.write(out);
            else JsonText.write(e.getValue(), json);
        }
        json.endObject();
    }

    /** An array with one number per row used: doubles, or 0-based row indices written 1-based. */
    private record PerRow(double[] values, int[] rows) {
        JsonArray tree() {
            if (rows != null) {
                JsonArray a = new JsonArray(rows.length);
                for (int i : rows) a.add(i + 1);
                return a;
            }
            return numbers(values);
        }

        void write(JsonStream out) throws IOException {
            if (rows != null) out.oneBased(rows);
            else out.numbers(values);
        }
    }

    /** Adds a per-row array: as a tree, or (perRow not null) as a placeholder that {@link #write} streams. */
    private static void add(JsonObject o, String name, PerRow values, Map<String, PerRow> perRow) {
        if (perRow == null) {
            o.add(name, values.tree());
        } else {
            perRow.put(name, values);
            o.add(name, JsonNull.INSTANCE);
        }
    }

    private static JsonObject model(ModelEntry m, FitResult r, Inference inf, Map<String, PerRow> perRow) {
        JsonObject o = new JsonObject();
        o.addProperty("name", m.name());
        o.addProperty("formula", m.bound() != null ? m.bound().formulaText() : "");
        o.addProperty("method", r.method().name());
        o.addProperty("nobs", r.nobs());
        o.addProperty("droppedRows", m.bound().droppedRows());
        JsonObject fixef = new JsonObject();
        fixef.add("names", strings(r.fixef().names()));
        fixef.add("estimate", numbers(r.fixef().estimate()));
        fixef.add("stdError", numbers(r.fixef().stdError()));
        fixef.add("tValue", numbers(r.fixef().tValue()));
        o.add("fixef", fixef);
        if (inf != null) inference(o, fixef, inf);
        o.add("aliased", strings(m.bound().aliased()));
        JsonArray vc = new JsonArray();
        for (VarCorrRow v : r.varcorr()) {
            JsonObject row = new JsonObject();
            row.addProperty("group", v.group());
            row.add("term", v.term() == null ? JsonNull.INSTANCE : new JsonPrimitive(v.term()));
            row.add("variance", number(v.variance()));
            row.add("stdDev", number(v.stdDev()));
            vc.add(row);
        }
        o.add("varcorr", vc);
        JsonArray corr = new JsonArray();
        for (CorrRow c : r.corr()) {
            JsonObject row = new JsonObject();
            row.addProperty("group", c.group());
            row.add("terms", strings(c.terms()));
            row.add("value", number(c.value()));
            corr.add(row);
        }
        o.add("corr", corr);
        o.add("sigma", number(r.sigma()));
        o.add("logLik", number(r.logLik()));
        o.add("aic", number(r.aic()));
        o.add("bic", number(r.bic()));
        r.remlCriterion().ifPresent(v -> o.add("remlCriterion", number(v)));
        r.deviance().ifPresent(v -> o.add("deviance", number(v)));
        o.add("ranef", tables(r.ranef()));
        o.add("ranefSd", tables(r.ranefSd()));
        add(o, "fitted", new PerRow(r.fitted(), null), perRow);
        add(o, "residuals", new PerRow(r.residuals(), null), perRow);
        add(o, "rows", new PerRow(null, m.bound().rows()), perRow);
        o.add("theta", numbers(r.theta()));
        o.addProperty("singular", r.singular());
        o.addProperty("converged", r.converged());
        o.addProperty("evaluations", r.evaluations());
        o.add("fitTimeMs", number(r.fitTimeNanos() / 1e6));
        o.addProperty("linearAlgebra", r.linearAlgebra());
        return o;
    }

    private static void inference(JsonObject o, JsonObject fixef, Inference inf) {
        fixef.add("df", numbers(inf.df()));
        fixef.add("p", numbers(inf.p()));
        if (inf.kenwardRoger() != null) {
            JsonObject kr = new JsonObject();
            kr.add("stdError", numbers(inf.kenwardRoger().stdError()));
            kr.add("df", numbers(inf.kenwardRoger().df()));
            kr.add("p", numbers(inf.kenwardRoger().p()));
            o.add("kenwardRoger", kr);
        }
        o.add("anova", anova(inf.anova()));
        if (inf.anovaKenwardRoger() != null) o.add("anovaKenwardRoger", anova(inf.anovaKenwardRoger()));
        JsonObject ci = new JsonObject();
        ci.add("level", number(inf.level()));
        ci.add("wald", intervals(inf.wald()));
        if (inf.profile() != null) ci.add("profile", intervals(inf.profile()));
        o.add("confint", ci);
        o.add("inferenceNotes", strings(inf.notes()));
    }

    private static JsonArray anova(List<TermTest> rows) {
        JsonArray a = new JsonArray();
        for (TermTest t : rows) {
            JsonObject row = new JsonObject();
            row.addProperty("term", t.term());
            row.add("numDf", number(t.test().numDf()));
            row.add("denDf", number(t.test().denDf()));
            row.add("F", number(t.test().f()));
            row.add("p", number(t.test().p()));
            a.add(row);
        }
        return a;
    }

    private static JsonArray intervals(List<Interval> rows) {
        JsonArray a = new JsonArray();
        for (Interval i : rows) {
            JsonObject row = new JsonObject();
            row.addProperty("parm", i.parm());
            row.add("lower", number(i.lower()));
            row.add("upper", number(i.upper()));
            if (i.note() != null) row.addProperty("note", i.note());
            a.add(row);
        }
        return a;
    }

    /** Per grouping factor: group, terms, levels, values (one row per level, one value per term). */
    private static JsonArray tables(java.util.List<RandomEffects> tables) {
        JsonArray out = new JsonArray();
        for (RandomEffects re : tables) {
            JsonObject g = new JsonObject();
            g.addProperty("group", re.group());
            g.add("terms", strings(re.terms()));
            g.add("levels", strings(re.levels()));
            JsonArray values = new JsonArray();
            for (double[] row : re.values()) values.add(numbers(row));
            g.add("values", values);
            out.add(g);
        }
        return out;
    }

    /**
     * The short form the editor's lmm.fit command answers with: model, documentVersion, ok (and error
     * when not), method, nobs, converged, singular, evaluations, beta by name, sigma, logLik,
     * remlCriterion, timeMs, warnings (the fit's diagnostics). Numbers by the same rule as
     * {@link #model}: NaN and infinities are null.
     */
    public static JsonObject summary(String model, int documentVersion, FitResult r, List<lmm.syntax.Diagnostic> diagnostics) {
        JsonObject o = new JsonObject();
        o.addProperty("model", model);
        o.addProperty("documentVersion", documentVersion);
        o.addProperty("ok", r != null);
        if (r == null) {
            o.addProperty("error", diagnostics.isEmpty() ? "the fit failed" : diagnostics.get(0).message());
            return o;
        }
        o.addProperty("method", r.method().name());
        o.addProperty("nobs", r.nobs());
        o.addProperty("converged", r.converged());
        o.addProperty("singular", r.singular());
        o.addProperty("evaluations", r.evaluations());
        JsonObject beta = new JsonObject();
        double[] est = r.fixef().estimate();
        for (int j = 0; j < est.length; j++) beta.add(r.fixef().names().get(j), number(est[j]));
        o.add("beta", beta);
        o.add("sigma", number(r.sigma()));
        o.add("logLik", number(r.logLik()));
        r.remlCriterion().ifPresent(v -> o.add("remlCriterion", number(v)));
        o.add("timeMs", number(r.fitTimeNanos() / 1e6));
        JsonArray warnings = new JsonArray();
        diagnostics.forEach(d -> warnings.add(d.message()));
        o.add("warnings", warnings);
        return o;
    }

    /** A model that could not be fitted: its name and why. */
    public static JsonObject failed(ModelEntry m, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("name", m.name());
        o.addProperty("method", m.method().name());
        o.addProperty("error", message);
        return o;
    }

    static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    static JsonArray numbers(double[] values) {
        JsonArray a = new JsonArray(values.length);
        for (double v : values) a.add(number(v));
        return a;
    }

    /** JSON has no NaN or infinity: they become null. */
    static JsonElement number(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }
}
