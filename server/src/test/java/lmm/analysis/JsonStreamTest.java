package lmm.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte-written arrays of {@link JsonStream}: read back by Gson's parser as the same doubles bit
 * for bit, each number's text the exact decimal value of a double nearest it (BigDecimal), and the
 * document byte for byte the text Gson's JsonWriter gives for the same tree (the writer used before).
 */
class JsonStreamTest {
    /** Doubles of every kind: any finite bit pattern, ratings-like, tiny and huge, NaN and infinities. */
    private static double[] doubles(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (i % 6) {
                case 0 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL) * (random.nextBoolean() ? 1 : -1);
                case 1 -> 3.5 + random.nextGaussian();
                case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(600) - 300);
                case 3 -> random.nextInt(2_000_000) / 1000.0;
                case 4 -> Math.scalb(1.0, random.nextInt(2098) - 1074);
                default -> new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
                        Double.MIN_VALUE, -Double.MAX_VALUE, -2.2250738585072014E-308}[random.nextInt(8)];
            };
        }
        return v;
    }

    /** {"a":"x","values":[…],"rows":[…],"empty":[],"b":[…],"z":true} through a JsonStream. */
    private static String streamed(double[] values, int[] rows, double[] small) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonStream s = new JsonStream(bytes);
        JsonWriter w = s.json();
        w.beginObject();
        w.name("a").value("x é \u2028");
        w.name("values");
        s.numbers(values);
        w.name("rows");
        s.oneBased(rows);
        w.name("empty");
        s.numbers(new double[0]);
        w.name("b");
        s.numbers(small);
        w.name("z").value(true);
        w.endObject();
        s.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The same document as a Gson tree, written by JsonText's JsonWriter path. */
    private static String tree(double[] values, int[] rows, double[] small) {
        JsonObject o = new JsonObject();
        o.addProperty("a", "x é \u2028");
        o.add("values", ResultJson.numbers(values));
        JsonArray r = new JsonArray();
        for (int i : rows) r.add(i + 1);
        o.add("rows", r);
        o.add("empty", new JsonArray());
        o.add("b", ResultJson.numbers(small));
        o.addProperty("z", true);
        return JsonText.of(o);
    }

    @Test
    void arraysLargerThanTheBufferReadBackExactly() throws IOException {
        Random random = new Random(12);
        double[] values = doubles(random, 200_000); // ~4 MB of text: many times the 64 kB buffer
        int[] rows = new int[150_000];
        for (int i = 0; i < rows.length; i++) rows[i] = i % 7 == 0 ? random.nextInt(Integer.MAX_VALUE - 1) : i;
        rows[0] = 0;
        rows[1] = Integer.MAX_VALUE - 1;
        double[] small = {1.0, -0.5};
        String text = streamed(values, rows, small);

        JsonObject back = JsonParser.parseString(text).getAsJsonObject();
        JsonArray v = back.getAsJsonArray("values");
        assertEquals(values.length, v.size());
        int finite = 0;
        for (int i = 0; i < values.length; i++) {
            JsonElement e = v.get(i);
            if (!Double.isFinite(values[i])) {
                assertEquals(JsonNull.INSTANCE, e, "element " + i);
                continue;
            }
            finite++;
            String number = e.getAsJsonPrimitive().getAsString();
            // the exact decimal the text denotes rounds to the double written, and reads back bit for bit (-0.0 too)
            assertEquals(values[i], new BigDecimal(number).doubleValue(), 0.0, number);
            assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(Double.parseDouble(number)), number);
        }
        assertTrue(finite > 150_000);
        JsonArray r = back.getAsJsonArray("rows");
        assertEquals(rows.length, r.size());
        for (int i = 0; i < rows.length; i++) assertEquals((long) rows[i] + 1, r.get(i).getAsLong(), "row " + i);
        assertEquals(Integer.MAX_VALUE, r.get(1).getAsLong());
        assertEquals(0, back.getAsJsonArray("empty").size());
        assertEquals(-0.5, back.getAsJsonArray("b").get(1).getAsDouble());
        assertTrue(back.get("z").getAsBoolean());
        assertEquals("x é \u2028", back.get("a").getAsString());

        assertEquals(tree(values, rows, small), text);
    }

    /** Around the lengths where the two-thread blocks start and end, the same text as the tree's. */
    @Test
    void blockBoundariesAsTheTreeWritesThem() throws IOException {
        Random random = new Random(9);
        int p = JsonStream.PARALLEL;
        for (int n : new int[] {p - 1, p, p + 1, p + 8191, p + 8192, p + 8193, 3 * 8192, 3 * 8192 + 1, 5 * 8192 - 1}) {
            double[] values = doubles(random, n);
            assertEquals(tree(values, new int[] {3}, new double[0]), streamed(values, new int[] {3}, new double[0]), "n = " + n);
        }
    }

    @Test
    void shortArraysAndEdgeValuesAsTheTreeWritesThem() throws IOException {
        Random random = new Random(3);
        for (int n = 0; n < 40; n++) {
            double[] values = doubles(random, n);
            int[] rows = new int[n % 5];
            for (int i = 0; i < rows.length; i++) rows[i] = random.nextInt(1000);
            assertEquals(tree(values, rows, new double[] {Double.NaN}), streamed(values, rows, new double[] {Double.NaN}), "n = " + n);
        }
        assertEquals("{\"a\":\"x é \\u2028\",\"values\":[0.1,-0.0,null,1.0E-5,4.0],\"rows\":[1,10],\"empty\":[],\"b\":[null],\"z\":true}",
                streamed(new double[] {0.1, -0.0, Double.NaN, 1e-5, 4.0}, new int[] {0, 9}, new double[] {Double.NaN}));
    }
}
