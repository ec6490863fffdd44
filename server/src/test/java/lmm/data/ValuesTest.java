package lmm.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Number recognition, R's labels for numbers, C-locale order. */
class ValuesTest {
    private static double num(String s) {
        NumberParser np = new NumberParser();
        assertTrue(np.parse(s), s);
        return np.value;
    }

    private static boolean isInt(String s) {
        NumberParser np = new NumberParser();
        assertTrue(np.parse(s), s);
        return np.integer;
    }

    @Test
    void numbers() {
        String[] ok = {"0", "1", "-1", "+1", "1.5", ".5", "5.", "-.5", "1e5", "1E5", "1e+5", "1e-5", "2.5e-3", " 3 ", "\t4",
            "0.1", "123456789012345678901234567890", "1.7976931348623157e308", "4.9e-324", "1e400", "0.30000000000000004",
            "9007199254740993", "3.141592653589793238462643", "000123.4500", "1e-400"};
        for (String s : ok) assertEquals(Double.parseDouble(s.trim()), num(s), s);
        assertEquals(Double.POSITIVE_INFINITY, num("Inf"));
        assertEquals(Double.POSITIVE_INFINITY, num("inf"));
        assertEquals(Double.POSITIVE_INFINITY, num("+Infinity"));
        assertEquals(Double.NEGATIVE_INFINITY, num("-Inf"));
        assertTrue(Double.isNaN(num("NaN")));
        assertEquals(-0.0, num("-0"));
        String[] bad = {"", " ", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1,5", "abc", "1a", "0x1A", "NA", "1 2", "--1", "Infx", "1d5", "1f"};
        NumberParser np = new NumberParser();
        for (String s : bad) assertFalse(np.parse(s), s);
    }

    @Test
    void randomNumbersRoundTrip() {
        java.util.Random r = new java.util.Random(1);
        NumberParser np = new NumberParser();
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> r.nextDouble() * 1000;
                case 1 -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
                case 2 -> Double.longBitsToDouble(r.nextLong());
                default -> Math.round(r.nextDouble() * 1e6) / 1e4;
            };
            if (!Double.isFinite(v)) continue;
            String s = i % 8 == 0 ? String.format("%.6f", v) : Double.toString(v);
            assertTrue(np.parse(s), s);
            assertEquals(Double.parseDouble(s), np.value, s);
        }
    }

    @Test
    void integersAsR() {
        assertTrue(isInt("12"));
        assertTrue(isInt("-7"));
        assertTrue(isInt("+007"));
        assertTrue(isInt("2147483647"));
        assertTrue(isInt("-2147483647"));
        assertFalse(isInt("-2147483648")); // R's NA_integer_: read as double
        assertFalse(isInt("2147483648"));
        assertFalse(isInt("1.0"));
        assertFalse(isInt("1e3"));
        assertFalse(isInt("Inf"));
    }

    @Test
    void missingCells() {
        for (String s : new String[] {"", " ", "NA", " NA ", "\tNA"}) assertTrue(NumberParser.isMissing(s), s);
        for (String s : new String[] {"na", "N A", "NaN", "NAN", "0", "x"}) assertFalse(NumberParser.isMissing(s), s);
    }

    @Test
    void rLabelsOfDoubles() {
        // R 4.2: as.character(<double>)
        Object[][] cases = {
            {1.0, "1"}, {2.0, "2"}, {10.0, "10"}, {0.5, "0.5"}, {-0.5, "-0.5"}, {100.0, "100"}, {1234.5, "1234.5"},
            {1e-4, "1e-04"}, {-1e-4, "-1e-04"}, {0.001, "0.001"}, {0.00012, "0.00012"}, {1.5e-5, "1.5e-05"},
            {1e5, "1e+05"}, {123456.0, "123456"}, {3e6, "3e+06"}, {1e15, "1e+15"}, {1e22, "1e+22"}, {1e100, "1e+100"},
            {1.5e-300, "1.5e-300"}, {0.1 + 0.2, "0.3"}, {1.0 / 3, "0.333333333333333"}, {2.0 / 3, "0.666666666666667"},
            {31415900000.0, "31415900000"}, {123456789.123, "123456789.123"}, {0.1, "0.1"}, {249.56, "249.56"},
            {0.0, "0"}, {-0.0, "0"}, {Double.POSITIVE_INFINITY, "Inf"}, {Double.NEGATIVE_INFINITY, "-Inf"}, {Double.NaN, "NaN"},
            {1e5 + 0.1, "100000.1"}, {-123456.0, "-123456"}, {1.0e-5, "1e-05"}, {12345678901234567.0, "12345678901234568"}, {Math.pow(2, 53), "9007199254740992"}, {1.234567890123456e20, "1.23456789012346e+20"},
        };
        for (Object[] c : cases) assertEquals(c[1], RFormat.real((Double) c[0]), String.valueOf(c[0]));
        assertEquals("100000", RFormat.integer(100000));
    }

    @Test
    void factorOfNumbers() {
        // integers (as read.csv reads 1, 2, 10): numeric order, plain labels
        CategoricalColumn f = NumericColumn.of("x", 10, 2, 1, 2, Double.NaN).asFactor();
        assertEquals(List.of("1", "2", "10"), f.levels());
        assertArrayEquals(new int[] {2, 1, 0, 1, -1}, f.codes());
        assertEquals(1, f.missingCount());
        // an integer column keeps 100000 as digits; a double column writes it 1e+05
        assertEquals(List.of("100000"), NumericColumn.of("x", 100000).asFactor().levels());
        assertEquals(List.of("0.5", "1", "1e+05"), NumericColumn.of("x", 1e5, 0.5, 1).asFactor().levels());
        assertEquals(List.of("-1", "0", "0.5"), NumericColumn.of("x", 0.5, -0.0, 0.0, -1).asFactor().levels());
        // values equal to 15 digits share a level, as R's labels do
        CategoricalColumn g = NumericColumn.of("x", 0.1 + 0.2, 0.3, 0.25).asFactor();
        assertEquals(List.of("0.25", "0.3"), g.levels());
        assertArrayEquals(new int[] {1, 1, 0}, g.codes());
    }

    /**
     * factor() of random columns against a sort-based construction of R's rule: the distinct present
     * values in ascending order (-0 as 0), labelled by RFormat, neighbours with one label merged, a
     * present NaN last, missing cells -1. Columns of up to 5 000 distinct values (the table grows).
     */
    @Test
    void factorOfRandomColumnsAsBySorting() {
        java.util.Random random = new java.util.Random(5);
        double[] pool = {0.0, -0.0, 1, 2, 10, 0.1 + 0.2, 0.3, 0.25, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1e300, 1e-300, Double.NaN};
        for (int c = 0; c < 60; c++) {
            int n = 1 + random.nextInt(c < 50 ? 200 : 20_000);
            int spread = c % 3 == 0 ? pool.length : 1 + random.nextInt(5_000);
            double[] v = new double[n];
            BitSet missing = new BitSet();
            boolean integer = c % 4 == 1;
            for (int i = 0; i < n; i++) {
                if (random.nextInt(10) == 0) { v[i] = Double.NaN; missing.set(i); continue; }
                int k = random.nextInt(spread);
                v[i] = integer ? k - spread / 2 : c % 3 == 0 ? pool[k] : (k - spread / 2) * 0.37;
            }
            java.util.TreeSet<Double> present = new java.util.TreeSet<>();
            boolean nan = false;
            for (int i = 0; i < n; i++) {
                if (missing.get(i)) continue;
                if (Double.isNaN(v[i])) nan = true;
                else present.add(v[i] == 0 ? 0.0 : v[i]);
            }
            List<String> levels = new java.util.ArrayList<>();
            java.util.Map<Double, Integer> levelOf = new java.util.HashMap<>();
            for (double x : present) {
                String label = integer ? RFormat.integer((long) x) : RFormat.real(x);
                if (levels.isEmpty() || !levels.get(levels.size() - 1).equals(label)) levels.add(label);
                levelOf.put(x, levels.size() - 1);
            }
            if (nan) levels.add("NaN");
            int[] codes = new int[n];
            for (int i = 0; i < n; i++) {
                codes[i] = missing.get(i) ? -1 : Double.isNaN(v[i]) ? levels.size() - 1 : levelOf.get(v[i] == 0 ? 0.0 : v[i]);
            }
            CategoricalColumn f = new NumericColumn("x", v, missing, integer).asFactor();
            assertEquals(levels, f.levels(), "column " + c);
            assertArrayEquals(codes, f.codes(), "column " + c);
        }
    }

    @Test
    void factorFromCsvKeepsRTypes() throws Exception {
        DataTable t = CsvLoaderTest.parse("i,d,s\n1,1.0,NaN\n10,0.5,Inf\n2,2,3\n100000,NA,NA\n");
        assertEquals(List.of("1", "2", "10", "100000"), ((NumericColumn) t.column("i")).asFactor().levels());
        assertEquals(List.of("0.5", "1", "2"), ((NumericColumn) t.column("d")).asFactor().levels());
        CategoricalColumn s = ((NumericColumn) t.column("s")).asFactor();
        assertEquals(List.of("3", "Inf", "NaN"), s.levels()); // R: NaN is a level, last; NA stays missing
        assertArrayEquals(new int[] {2, 1, 0, -1}, s.codes());
    }

    @Test
    void cCollation() {
        List<String> l = new ArrayList<>(List.of("a", "_", "Z", "B", "b", "A", "ab", "", "0", "\u00e9", "\uFFFD", "\uD83D\uDE00", "\uE000"));
        l.sort(CollationC.ORDER);
        assertEquals(List.of("", "0", "A", "B", "Z", "_", "a", "ab", "b", "\u00e9", "\uE000", "\uFFFD", "\uD83D\uDE00"), l);
        assertTrue(CollationC.compare("B", "a") < 0);
        assertTrue(CollationC.compare("Z", "_") < 0);
        assertTrue(CollationC.compare("_", "a") < 0);
        // Same as comparing UTF-8 bytes as unsigned values, for random strings
        java.util.Random r = new java.util.Random(7);
        int[] pool = {'a', 'Z', 0xE9, 0x4E2D, 0xD7FF, 0xE000, 0xFFFD, 0x1F600, 0x10FFFF, 0x10000};
        for (int i = 0; i < 20_000; i++) {
            String a = randomString(r, pool);
            String b = randomString(r, pool);
            int expected = Integer.signum(Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(expected, Integer.signum(CollationC.compare(a, b)), a + " vs " + b);
        }
    }

    private static String randomString(java.util.Random r, int[] pool) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) sb.appendCodePoint(pool[r.nextInt(pool.length)]);
        return sb.toString();
    }

    @Test
    void numericSummary() {
        ColumnSummary.Numeric s = NumericColumn.of("x", 1, 2, 3, 4, Double.NaN).summary();
        assertEquals(4, s.count());
        assertEquals(1, s.missing());
        assertEquals(2.5, s.mean());
        assertEquals(Math.sqrt(5.0 / 3), s.sd(), 1e-15);
        assertEquals(1, s.min());
        assertEquals(4, s.max());
        ColumnSummary.Numeric one = NumericColumn.of("x", 7).summary();
        assertTrue(Double.isNaN(one.sd()));
        ColumnSummary.Numeric none = NumericColumn.of("x", Double.NaN).summary();
        assertEquals(0, none.count());
        assertTrue(Double.isNaN(none.mean()) && Double.isNaN(none.min()));
    }

    @Test
    void categoricalSummaryAndTableOf() {
        CategoricalColumn g = CategoricalColumn.of("g", "b", "a", null, "b");
        assertEquals(List.of(new ColumnSummary.LevelCount("a", 1), new ColumnSummary.LevelCount("b", 2)), g.summary().levels());
        assertEquals(3, g.summary().count());
        assertEquals(1, g.summary().missing());
        DataTable t = DataTable.of(NumericColumn.of("y", 1, 2, 3, 4), g);
        assertEquals(List.of("y", "g"), t.columnNames());
        assertEquals(4, t.rowCount());
        assertEquals(1, t.indexOf("g"));
        assertTrue(t.find("nope").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> t.column("nope"));
    }
}
