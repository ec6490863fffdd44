package lmm.analysis;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.List;
import lmm.fit.FitResult;
import lmm.model.BoundModel;
import lmm.model.DesignMatrices;
import lmm.model.ModelEntry;
import lmm.model.RandomTerm;

/**
 * The data of a results view (the VS Code webview, or any client that draws its own): Y, X, Z, the
 * layout and values of Λθ, and after a current fit the fit as {@link ResultJson} gives it (β with
 * SE and t, and whatever inference fields it carries; variance components and correlations; u with
 * conditional SDs) plus Xβ and Zu per row. Z goes out as it is stored, compactly: per random term
 * the level of each row and the term's covariates, so a 100 000-row model with thousands of Z
 * columns stays a few arrays of n numbers. Numbers are sent as doubles; the client formats them.
 */
public final class LmmResultsView {
    private LmmResultsView() {}

    /**
     * @param fit the model's last fit (current or stale), or null
     * @param current whether that fit is current for the snapshot the entry comes from
     */
    public static JsonObject json(String uri, ModelEntry entry, StoredFit fit, boolean current) {
        JsonObject o = new JsonObject();
        o.addProperty("uri", uri);
        o.addProperty("model", entry.name());
        BoundModel b = current && fit != null ? fit.entry().bound() : entry.bound();
        if (b == null) {
            o.addProperty("error", "the design matrices of model " + entry.name() + " cannot be built: see the problems reported for it");
            return o;
        }
        DesignMatrices d = b.matrices();
        o.addProperty("formula", b.formulaText());
        o.addProperty("method", b.method().name());
        o.addProperty("n", d.n());
        o.addProperty("p", d.p());
        o.addProperty("q", d.q());
        o.addProperty("droppedRows", b.droppedRows());
        if (entry.dataPath() != null && entry.dataPath().getFileName() != null) o.addProperty("data", entry.dataPath().getFileName().toString());
        o.addProperty("stale", fit != null && !current);
        o.addProperty("fitted", fit != null && current && fit.result() != null);
        o.add("aliased", ResultJson.strings(b.aliased()));

        o.add("rows", rowLabels(b));
        o.addProperty("response", d.response());
        o.add("y", numbers(d.y()));
        JsonObject x = new JsonObject();
        x.add("names", ResultJson.strings(d.xNames()));
        JsonArray cols = new JsonArray();
        double[] col = new double[d.n()];
        for (int j = 0; j < d.p(); j++) {
            for (int i = 0; i < d.n(); i++) col[i] = d.x().get(i, j);
            cols.add(numbers(col));
        }
        x.add("columns", cols);
        o.add("x", x);

        JsonArray terms = new JsonArray();
        for (RandomTerm t : d.randomTermsInLme4Order()) {
            JsonObject term = new JsonObject();
            term.addProperty("group", t.group());
            term.add("levels", ResultJson.strings(t.levels()));
            term.add("columnNames", ResultJson.strings(t.columnNames()));
            JsonArray refs = new JsonArray(t.refs().length);
            for (int r : t.refs()) refs.add(r);
            term.add("refs", refs);
            JsonArray z = new JsonArray();
            for (double[] zj : t.z()) z.add(allOnes(zj) ? JsonNull.INSTANCE : numbers(zj));
            term.add("z", z);
            terms.add(term);
        }
        o.add("z", terms);
        o.addProperty("lambdaLayout", b.isMixed() ? MatrixTables.lambdaLayout(b) : "");

        if (fit != null && current && fit.result() != null) {
            FitResult r = fit.result();
            JsonObject f = ResultJson.model(fit.entry(), r);
            f.remove("rows");
            MatrixTables.Decomposition dec = MatrixTables.Decomposition.of(b, r);
            f.add("xb", numbers(dec.xb()));
            f.add("zu", numbers(dec.zu()));
            f.add("maxError", number(dec.maxError()));
            f.add("lambda", lambdaTemplates(d.randomTermsInLme4Order(), r.theta()));
            JsonArray warnings = new JsonArray();
            fit.diagnostics().forEach(w -> warnings.add(w.message()));
            f.add("warnings", warnings);
            o.add("fit", f);
        } else if (fit != null && fit.result() == null && current) {
            o.addProperty("fitError", fit.diagnostics().isEmpty() ? "the fit failed" : fit.diagnostics().get(0).message());
        }
        return o;
    }

    /** Per term the k × k lower-triangular template of Λθ (θ in lme4's order, column by column), repeated for each level. */
    static JsonArray lambdaTemplates(List<RandomTerm> terms, double[] theta) {
        JsonArray out = new JsonArray();
        int next = 0;
        for (RandomTerm t : terms) {
            int k = t.k();
            double[][] m = new double[k][k];
            for (int c = 0; c < k; c++) for (int r = c; r < k && next < theta.length; r++) m[r][c] = theta[next++];
            JsonObject o = new JsonObject();
            o.addProperty("group", t.group());
            o.add("columnNames", ResultJson.strings(t.columnNames()));
            o.addProperty("levels", t.levelCount());
            JsonArray rows = new JsonArray();
            for (double[] row : m) rows.add(numbers(row));
            o.add("template", rows);
            out.add(o);
        }
        return out;
    }

    /** The data file's row numbers; null when they are simply 1..n (nothing dropped). */
    private static JsonElement rowLabels(BoundModel b) {
        int[] rows = b.rows();
        boolean plain = true;
        for (int i = 0; i < rows.length && plain; i++) plain = rows[i] == i;
        if (plain) return JsonNull.INSTANCE;
        JsonArray a = new JsonArray(rows.length);
        for (int r : rows) a.add(r + 1);
        return a;
    }

    private static boolean allOnes(double[] v) {
        for (double x : v) if (x != 1) return false;
        return true;
    }

    /** Integral values as integers (shorter), others as doubles, non-finite as null. */
    static JsonArray numbers(double[] values) {
        JsonArray a = new JsonArray(values.length);
        for (double v : values) a.add(number(v));
        return a;
    }

    static JsonElement number(double v) {
        if (!Double.isFinite(v)) return JsonNull.INSTANCE;
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return new JsonPrimitive((long) v);
        return new JsonPrimitive(v);
    }
}
