package lmm.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The JSON text of results: numbers exact and shortest, Gson's escaping, compact, same bytes. */
class JsonTextTest {
    /** Significant digits of a number's text ("1.25E-7" → 3, "100.0" → 1). */
    private static int digits(String s) {
        return new BigDecimal(s).stripTrailingZeros().precision();
    }

    /**
     * Checked against the definition, with exact decimal arithmetic: the text reads back as v, and no
     * text with one significant digit fewer does: the two decimals of that length nearest to v on
     * either side (v's exact value rounded down and up) both read back as other doubles, and every
     * other decimal of that length lies further away. As Java's Double.toString specifies (since 19),
     * two digits are allowed where one would do, when two are closer to v ("4.9E-324" for the
     * smallest double, where "5E-324" reads back too), so texts of one or two digits pass.
     */
    private static void assertShortestRoundTrip(double v) {
        String s = JsonText.number(v);
        assertEquals(v, Double.parseDouble(s), () -> s + " does not read back as " + v);
        int d = digits(s);
        if (d <= 2) return;
        BigDecimal exact = new BigDecimal(v);
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal shorter = exact.round(new MathContext(d - 1, mode));
            assertNotEquals(v, shorter.doubleValue(), () -> shorter + " is shorter than " + s + " and reads back as " + v);
        }
    }

    @Test
    void shortestRoundTripOnDoublesOfEveryKind() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            assertShortestRoundTrip(Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL)); // any finite bit pattern
            assertShortestRoundTrip(3.5 + random.nextGaussian()); // values like fitted ratings
            assertShortestRoundTrip(Math.scalb(1.0, random.nextInt(2098) - 1074)); // powers of two: uneven gaps below
            assertShortestRoundTrip(random.nextInt(2_000_000) / 1000.0); // short decimals
        }
        for (double v : new double[] {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, 1e23, 2e-3, 9.007199254740993e15, 5e-324}) {
            assertShortestRoundTrip(v);
        }
    }

    @Test
    void shorterThanJava17WhereItIsNotShortest() {
        // Java 17's Double.toString gives "2.82879384806159008E17" and "9.999999999999999E22" for these
        assertEquals("0.002", JsonText.number(2e-3));
        assertEquals("2.82879384806159E17", JsonText.number(2.82879384806159E17));
        assertEquals("1.0E23", JsonText.number(1e23));
        assertEquals("4.0", JsonText.number(4.0));
        assertEquals("-0.0", JsonText.number(-0.0));
    }

    @Test
    void compactWithGsonsEscapingAndNullMembersLeftOut() {
        JsonObject o = new JsonObject();
        o.addProperty("name", "a \"b\" <c> \u001b é \u2028");
        o.add("sigma", JsonNull.INSTANCE);
        JsonArray a = new JsonArray();
        a.add(1.5);
        a.add(JsonNull.INSTANCE);
        a.add(Double.NaN);
        a.add(3);
        a.add(true);
        o.add("values", a);
        o.addProperty("n", 1_000_209L);
        String text = JsonText.of(o);
        assertEquals("{\"name\":\"a \\\"b\\\" <c> \\u001b é \\u2028\",\"values\":[1.5,null,null,3,true],\"n\":1000209}", text);
        assertTrue(JsonParser.parseString(text).isJsonObject());
    }

    @Test
    void sameTreeSameBytes() {
        Random random = new Random(1);
        JsonArray a = new JsonArray();
        for (int i = 0; i < 10_000; i++) a.add(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
        String first = JsonText.of(a);
        assertEquals(first, JsonText.of(a));
        JsonArray back = JsonParser.parseString(first).getAsJsonArray();
        for (int i = 0; i < a.size(); i++) assertEquals(a.get(i).getAsDouble(), back.get(i).getAsDouble());
    }
}
