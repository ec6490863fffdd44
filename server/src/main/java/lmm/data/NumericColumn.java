package lmm.data;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A column whose present cells are all numbers.
 *
 * <p><b>Missing values.</b> A missing cell (empty or NA) has the value NaN <em>and</em> is set in an
 * explicit mask ({@link #isMissing}); a cell that holds the text {@code NaN} is a present value
 * NaN, not in the mask. The mask tells "no value" from "the value NaN" (for messages and
 * summaries). For model fitting, R drops both (its {@code is.na(NaN)} is TRUE, so
 * {@code na.omit} removes such rows), so {@code Double.isNaN(get(row))} is the test a model frame
 * wants.
 */
public final class NumericColumn implements Column {
    private final String name;
    private final double[] values;
    private final BitSet missing;
    private final int missingCount;
    private final boolean integer;
    private volatile ColumnSummary.Numeric summary;
    private volatile CategoricalColumn factor;

    NumericColumn(String name, double[] values, BitSet missing, boolean integer) {
        this.name = name;
        this.values = values;
        this.missing = missing;
        this.missingCount = missing.cardinality();
        this.integer = integer;
    }

    /**
     * A column from values, NaN meaning missing (for tests and for callers building tables in code).
     * Integer-valued columns (every present value a whole number within int range) label their factor
     * levels as R labels an integer column.
     */
    public static NumericColumn of(String name, double... values) {
        BitSet mask = new BitSet(values.length);
        boolean integer = true;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v)) mask.set(i);
            else if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) integer = false;
        }
        return new NumericColumn(name, values.clone(), mask, integer);
    }

    @Override public String name() { return name; }

    @Override public int size() { return values.length; }

    /** The value at row, NaN when missing (see the class comment). */
    public double get(int row) { return values[row]; }

    /** A copy of all values, NaN where missing. */
    public double[] values() { return values.clone(); }

    /** Copies the values of the given rows into a new array. */
    public double[] values(int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = values[rows[i]];
        return out;
    }

    @Override public boolean isMissing(int row) { return missing.get(row); }

    @Override public int missingCount() { return missingCount; }

    /** A copy of the mask of missing (empty or NA) cells. */
    public BitSet missingMask() { return (BitSet) missing.clone(); }

    /**
     * True when R's read.csv would read this column as {@code integer}: every present cell is written
     * as digits (no point, no exponent) within ±2147483647.
     */
    public boolean isInteger() { return integer; }

    @Override
    public ColumnSummary.Numeric summary() {
        ColumnSummary.Numeric s = summary;
        if (s == null) summary = s = computeSummary();
        return s;
    }

    private ColumnSummary.Numeric computeSummary() {
        int n = 0;
        int nonFinite = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isFinite(v)) {
                n++;
                sum += v;
                if (v < min) min = v;
                if (v > max) max = v;
            } else if (!missing.get(i)) {
                nonFinite++;
            }
        }
        double mean = n > 0 ? sum / n : Double.NaN;
        double ss = 0;
        double comp = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                double d = v - mean;
                ss += d * d;
                comp += d;
            }
        }
        double sd = n > 1 ? Math.sqrt((ss - comp * comp / n) / (n - 1)) : Double.NaN;
        if (n == 0) {
            min = Double.NaN;
            max = Double.NaN;
        }
        return new ColumnSummary.Numeric(values.length - missingCount, missingCount, nonFinite, mean, sd, min, max);
    }

    /**
     * This column as R's {@code factor()} would make it: levels are the distinct values in numeric
     * order, labelled as R's {@code as.character()} labels them ({@link RFormat}); missing cells stay
     * missing; a present NaN value becomes a last level "NaN", as in R. Values whose labels coincide
     * (they agree to 15 significant digits) share a level, as in R. Computed once.
     */
    public CategoricalColumn asFactor() {
        CategoricalColumn f = factor;
        if (f == null) factor = f = computeFactor();
        return f;
    }

    /**
     * One pass finds the distinct values (an open-addressing table on their bits, in order of first
     * appearance, each row noting its value's index); only the distinct values are sorted. Sorting
     * all n values and a binary search per row cost a tenth of binding an InstEval-sized model's data
     * cold (the 0/1 column {@code service} made a factor).
     */
    private CategoricalColumn computeFactor() {
        int n = values.length;
        double[] seen = new double[16]; // distinct present values, -0 as 0, in order of first appearance
        int u = 0;
        int[] slots = new int[32]; // index + 1 into seen, 0 for an empty slot; at most half full
        int[] first = new int[n]; // per row: the index of its value in seen, -1 missing, -2 NaN
        boolean hasNaN = false;
        for (int i = 0; i < n; i++) {
            if (missing.get(i)) {
                first[i] = -1;
                continue;
            }
            double v = values[i];
            if (Double.isNaN(v)) {
                hasNaN = true;
                first[i] = -2;
                continue;
            }
            if (v == 0) v = 0.0; // -0 and 0 are one value
            int mask = slots.length - 1;
            int slot = mix(v) & mask;
            int found;
            while (true) {
                found = slots[slot] - 1;
                if (found < 0 || seen[found] == v) break;
                slot = (slot + 1) & mask;
            }
            if (found < 0) {
                if (u == seen.length) seen = Arrays.copyOf(seen, 2 * u);
                found = u++;
                seen[found] = v;
                slots[slot] = found + 1;
                if (2 * u > slots.length) slots = rehash(seen, u, 2 * slots.length);
            }
            first[i] = found;
        }
        double[] distinct = Arrays.copyOf(seen, u);
        Arrays.sort(distinct);
        // Labels in numeric order; neighbours with the same label merge (as R's unique(as.character(.))).
        String[] labels = new String[u + (hasNaN ? 1 : 0)];
        int[] levelOfDistinct = new int[u];
        int levels = 0;
        for (int r = 0; r < u; r++) {
            String label = integer ? RFormat.integer((long) distinct[r]) : RFormat.real(distinct[r]);
            if (levels == 0 || !label.equals(labels[levels - 1])) labels[levels++] = label;
            levelOfDistinct[r] = levels - 1;
        }
        int[] levelOf = new int[u]; // index in seen → level
        for (int j = 0; j < u; j++) levelOf[j] = levelOfDistinct[Arrays.binarySearch(distinct, seen[j])];
        int nanLevel = -1;
        if (hasNaN) {
            nanLevel = levels;
            labels[levels++] = "NaN";
        }
        int[] codes = first; // reused in place: each row's index becomes its level
        for (int i = 0; i < n; i++) {
            int f = first[i];
            codes[i] = f >= 0 ? levelOf[f] : f == -2 ? nanLevel : -1;
        }
        return new CategoricalColumn(name, Arrays.copyOf(labels, levels), codes);
    }

    /** Spreads a double's bits over an int (values such as 1, 2, 3 differ only in high bits). */
    private static int mix(double v) {
        long bits = Double.doubleToLongBits(v);
        int h = (int) (bits ^ (bits >>> 32)) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int[] rehash(double[] seen, int u, int size) {
        int[] slots = new int[size];
        int mask = size - 1;
        for (int j = 0; j < u; j++) {
            int slot = mix(seen[j]) & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = j + 1;
        }
        return slots;
    }

    @Override
    public String toString() { return "NumericColumn[" + name + ", " + values.length + " rows]"; }
}
