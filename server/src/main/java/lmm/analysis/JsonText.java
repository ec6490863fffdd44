package lmm.analysis;

import com.fasterxml.jackson.core.io.NumberOutput;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * The JSON text of lmm's results: compact, streamed through Gson's {@link JsonWriter} (its string
 * escaping, HTML characters left as they are), each double in its shortest form that reads back as
 * the same double (Schubfach, from jackson-core's {@link NumberOutput}; the text Java 19's
 * Double.toString gives, e.g. {@code 0.1}, {@code 4.0}, {@code 1.0E-5}). Java 17's Double.toString
 * is longer than needed for some doubles and about 1.5× slower, which counts at 2 × 10⁶ fitted
 * values and residuals. Same tree, same bytes.
 *
 * <p>As Gson writes trees by default, an object member whose value is null is left out (a value R
 * reports as NA: no {@code "sigma": null}); nulls inside arrays are kept, and a number that is NaN or
 * infinite (JSON has neither) is written as null.
 */
public final class JsonText {
    private JsonText() {}

    /** The compact text of a tree. */
    public static String of(JsonElement e) {
        StringWriter s = new StringWriter();
        write(e, s);
        return s.toString();
    }

    /** A compact JSON writer over w with the rules above (null members left out, HTML characters as they are). */
    public static JsonWriter writer(Writer w) {
        JsonWriter out = new JsonWriter(w);
        out.setHtmlSafe(false);
        out.setSerializeNulls(false);
        return out;
    }

    /** Writes a tree to w (flushed, not closed). */
    public static void write(JsonElement e, Writer w) {
        JsonWriter out = writer(w);
        try {
            write(e, out);
            out.flush();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** Writes a tree to a JSON writer (for callers that stream a document around it). */
    public static void write(JsonElement e, JsonWriter out) throws IOException {
        if (e == null || e.isJsonNull()) {
            out.nullValue();
        } else if (e instanceof JsonPrimitive p) {
            if (p.isNumber()) number(p.getAsNumber(), out);
            else if (p.isBoolean()) out.value(p.getAsBoolean());
            else out.value(p.getAsString());
        } else if (e instanceof JsonArray a) {
            out.beginArray();
            for (int i = 0, n = a.size(); i < n; i++) write(a.get(i), out);
            out.endArray();
        } else {
            out.beginObject();
            for (Map.Entry<String, JsonElement> m : ((JsonObject) e).entrySet()) {
                out.name(m.getKey());
                write(m.getValue(), out);
            }
            out.endObject();
        }
    }

    private static void number(Number n, JsonWriter out) throws IOException {
        if (n instanceof Double) {
            double v = n.doubleValue();
            if (Double.isFinite(v)) out.jsonValue(number(v));
            else out.nullValue();
        } else {
            out.value(n);
        }
    }

    /** The shortest text of a finite double that reads back as the same double. */
    public static String number(double v) {
        return NumberOutput.toString(v, true);
    }
}
