package lmm.lsp;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The server's settings. From initializationOptions {@code {"hover":{"maxRows":N, "commandLinks":true},
 * "limits":{"maxFormulaTerms":N,"maxDataMB":M}, "restrictedMode":true}} and from
 * workspace/didChangeConfiguration {@code {"lmm":{"hover":{"maxRows":N}}}} (the unwrapped form is
 * accepted there too).
 */
final class Settings {
    static final int DEFAULT_MAX_ROWS = 20;
    static final int LIMIT_MAX_ROWS = 10_000;

    volatile int maxRows = DEFAULT_MAX_ROWS;
    /** The client runs command: links in hover Markdown (the VS Code extension says so; no LSP capability does). */
    volatile boolean commandLinks;
    /**
     * VS Code's Restricted Mode (initializationOptions {@code {"restrictedMode": true}}): data is read
     * only from files inside the workspace folders.
     */
    volatile boolean restrictedMode;

    /** Reads what it knows from a settings object; ignores anything else (and anything malformed). */
    void apply(Object settings) {
        JsonObject o = object(settings);
        if (o == null) return;
        JsonElement restricted = o.get("restrictedMode");
        if (restricted != null && restricted.isJsonPrimitive() && restricted.getAsJsonPrimitive().isBoolean()) {
            restrictedMode = restricted.getAsBoolean();
        }
        if (o.has("lmm")) o = object(o.get("lmm"));
        if (o == null) return;
        JsonObject hover = object(o.get("hover"));
        if (hover != null) {
            JsonElement links = hover.get("commandLinks");
            if (links != null && links.isJsonPrimitive() && links.getAsJsonPrimitive().isBoolean()) commandLinks = links.getAsBoolean();
            long rows = whole(hover.get("maxRows"), 1, LIMIT_MAX_ROWS);
            if (rows > 0) maxRows = (int) rows;
        }
        JsonObject limits = object(o.get("limits"));
        if (limits != null) {
            long terms = whole(limits.get("maxFormulaTerms"), 1, 1_000_000);
            if (terms > 0) lmm.model.FormulaExpander.setMaxTerms((int) terms);
            long mb = whole(limits.get("maxDataMB"), 1, 1L << 30);
            if (mb > 0) lmm.data.DataLimits.setMaxMegabytes(mb);
        }
    }

    /**
     * A number setting clamped to [min, max] (1e300 is max, -5 is min, 2.7 is 2); -1 when it is not a
     * number, so the old value stays.
     */
    private static long whole(JsonElement e, long min, long max) {
        try {
            if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) return -1;
            double v = e.getAsDouble();
            if (Double.isNaN(v)) return -1;
            return (long) Math.max(min, Math.min(max, Math.floor(v)));
        } catch (RuntimeException ignored) {
            return -1;
        }
    }

    private static JsonObject object(Object o) {
        if (o == null) return null;
        if (o instanceof JsonObject j) return j;
        if (o instanceof JsonElement) return null;
        try {
            JsonElement e = new Gson().toJsonTree(o);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
