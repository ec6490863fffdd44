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
 * columns stays a few arrays of n numbers. Arrays of n numbers (y, the columns of X, the levels and
 * covariates of each term, and after a fit the fitted values, residuals, Xβ and Zu) are packed
 * ({@link #packed(double[])}: base64 of little-endian doubles, or a constant; level indices in the
 * narrowest integer type): for 100 000 rows a few strings instead of half a million JSON values,
 * which the protocol layer writes and the client reads in a fraction of the time. The client formats
 * the numbers.
 */
public final class LmmResultsView {
    private LmmResultsView() {}

    /**
     * @param fit the model's last fit (current or stale), or null
     * @param current whether that fit is current for the snapshot the entry comes from
     */
    public static JsonObject json(String uri, ModelEntry entry, StoredFit fit, boolean current) {
        return json(uri, entry, fit, current, Integer.MAX_VALUE);
    }

    /**
     * @param rowLimit the row-by-row arrays (Y, X, the fit's) are cut to their first rowLimit rows
     *                 ({@code rowsSent} says how many), so that a view of a big model can draw its
     *                 first screen and Z's picture (the levels of every row are always sent) at once
     *                 while the whole data follows
     */
    public static JsonObject json(String uri, ModelEntry entry, StoredFit fit, boolean current, int rowLimit) {
        JsonObject o = new JsonObject();
        o.addProperty("uri", uri);
        o.addProperty("model", entry.name());
        BoundModel b = current && fit != null ? fit.entry().bound() : entry.bound();
        if (b == null) {
            o.addProperty("error", "the design matrices of model " + entry.name() + " cannot be built: see the problems reported for it");
            return o;
        }
        DesignMatrices d = b.matrices();
        int sent = Math.max(0, Math.min(d.n(), rowLimit));
        o.addProperty("rowsSent", sent);
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

        o.add("rows", rowLabels(b, sent));
        o.addProperty("response", d.response());
        o.add("y", packed(java.util.Arrays.copyOf(d.y(), sent)));
        JsonObject x = new JsonObject();
        x.add("names", ResultJson.strings(d.xNames()));
        JsonArray cols = new JsonArray();
        double[] col = new double[sent];
        for (int j = 0; j < d.p(); j++) {
            for (int i = 0; i < sent; i++) col[i] = d.x().get(i, j);
            cols.add(packed(col));
        }
        x.add("columns", cols);
        o.add("x", x);

        JsonArray terms = new JsonArray();
        for (RandomTerm t : d.randomTermsInLme4Order()) {
            JsonObject term = new JsonObject();
            term.addProperty("group", t.group());
            term.add("levels", ResultJson.strings(t.levels()));
            term.add("columnNames", ResultJson.strings(t.columnNames()));
            term.add("refs", packed(t.refs()));
            JsonArray z = new JsonArray();
            for (double[] zj : t.z()) z.add(packed(zj));
            term.add("z", z);
            terms.add(term);
        }
        o.add("z", terms);
        o.addProperty("lambdaLayout", b.isMixed() ? MatrixTables.lambdaLayout(b) : "");

        if (fit != null && current && fit.result() != null) {
            FitResult r = fit.result();
            JsonObject f = ResultJson.model(fit.entry(), r);
            f.remove("rows");
            f.add("fitted", packed(java.util.Arrays.copyOf(r.fitted(), sent)));
            f.add("residuals", packed(java.util.Arrays.copyOf(r.residuals(), sent)));
            MatrixTables.Decomposition dec = MatrixTables.Decomposition.of(b, r);
            f.add("xb", packed(java.util.Arrays.copyOf(dec.xb(), sent)));
            f.add("zu", packed(java.util.Arrays.copyOf(dec.zu(), sent)));
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
    private static JsonElement rowLabels(BoundModel b, int sent) {
        int[] rows = java.util.Arrays.copyOf(b.rows(), sent);
        boolean plain = true;
        for (int i = 0; i < rows.length && plain; i++) plain = rows[i] == i;
        if (plain) return JsonNull.INSTANCE;
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) labels[i] = rows[i] + 1;
        return packed(labels);
    }

    /**
     * n numbers packed: {@code {"const": v}} when all are equal; {@code {"dec": "1,2.5,NaN"}} (shortest
     * decimal forms) when that is shorter than base64; else {@code {"f64": base64}} of the little-endian
     * IEEE doubles. All exact; NaN for a missing value.
     */
    static JsonObject packed(double[] values) {
        JsonObject o = new JsonObject();
        boolean constant = values.length > 0;
        for (double v : values) if (Double.compare(v, values[0]) != 0) { constant = false; break; }
        if (constant && Double.isFinite(values[0])) {
            o.add("const", number(values[0]));
            return o;
        }
        // data read from CSV files mostly have few digits: then their shortest decimal forms are shorter
        // than 10.7 base64 characters a double (and exact all the same)
        StringBuilder dec = new StringBuilder(values.length * 8);
        int limit = values.length * 10;
        for (int i = 0; i < values.length && dec.length() <= limit; i++) {
            if (i > 0) dec.append(',');
            double v = values[i];
            if (!Double.isFinite(v)) dec.append("NaN");
            else if (v == Math.rint(v) && Math.abs(v) < 1e15) dec.append((long) v);
            else dec.append(v);
        }
        if (dec.length() <= limit) {
            o.addProperty("dec", dec.toString());
            return o;
        }
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(values.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.asDoubleBuffer().put(values);
        o.addProperty("f64", java.util.Base64.getEncoder().encodeToString(buf.array()));
        return o;
    }

    /** Non-negative integers (level indices, row numbers) packed in the narrowest of u8, u16, i32. */
    static JsonObject packed(int[] values) {
        int max = 0;
        for (int v : values) max = Math.max(max, v);
        JsonObject o = new JsonObject();
        java.nio.ByteBuffer buf;
        if (max < 256) {
            buf = java.nio.ByteBuffer.allocate(values.length);
            for (int v : values) buf.put((byte) v);
            o.addProperty("u8", java.util.Base64.getEncoder().encodeToString(buf.array()));
        } else if (max < 65536) {
            buf = java.nio.ByteBuffer.allocate(values.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int v : values) buf.putShort((short) v);
            o.addProperty("u16", java.util.Base64.getEncoder().encodeToString(buf.array()));
        } else {
            buf = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            buf.asIntBuffer().put(values);
            o.addProperty("i32", java.util.Base64.getEncoder().encodeToString(buf.array()));
        }
        return o;
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
