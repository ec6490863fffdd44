package lmm.lsp;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The server's settings. From initializationOptions {@code {"hover":{"maxRows":N, "commandLinks":true}}} and from
 * workspace/didChangeConfiguration {@code {"lmm":{"hover":{"maxRows":N}}}} (the unwrapped form is
 * accepted there too).
 */
final class Settings {
    static final int DEFAULT_MAX_ROWS = 20;
    static final int LIMIT_MAX_ROWS = 10_000;

    volatile int maxRows = DEFAULT_MAX_ROWS;
    /** The client runs command: links in hover Markdown (the VS Code extension says so; no LSP capability does). */
    volatile boolean commandLinks;

    /** Reads what it knows from a settings object; ignores anything else (and anything malformed). */
    void apply(Object settings) {
        JsonObject o = object(settings);
        if (o == null) return;
        if (o.has("lmm")) o = object(o.get("lmm"));
        if (o == null) return;
        JsonObject hover = object(o.get("hover"));
        if (hover == null) return;
        JsonElement links = hover.get("commandLinks");
        if (links != null && links.isJsonPrimitive() && links.getAsJsonPrimitive().isBoolean()) commandLinks = links.getAsBoolean();
        JsonElement rows = hover.get("maxRows");
        try {
            if (rows != null && rows.isJsonPrimitive() && rows.getAsJsonPrimitive().isNumber()) {
                maxRows = Math.max(1, Math.min(LIMIT_MAX_ROWS, rows.getAsInt()));
            }
        } catch (RuntimeException ignored) {
            // keep the old value
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
