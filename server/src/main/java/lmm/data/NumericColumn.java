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

    private CategoricalColumn computeFactor() {
        int n = values.length;
        double[] present = new double[n - missingCount];
        int k = 0;
        boolean hasNaN = false;
        for (int i = 0; i < n; i++) {
            if (missing.get(i)) continue;
            double v = values[i];
            if (Double.isNaN(v)) hasNaN = true;
            else present[k++] = v == 0 ? 0.0 : v; // -0 and 0 are one value
        }
        double[] sorted = Arrays.copyOf(present, k);
        Arrays.sort(sorted);
        int u = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (u == 0 || sorted[i] != sorted[u - 1]) sorted[u++] = sorted[i];
        }
        double[] distinct = Arrays.copyOf(sorted, u);
        // Labels in numeric order; neighbours with the same label merge (as R's unique(as.character(.))).
        String[] labels = new String[u + (hasNaN ? 1 : 0)];
        int[] levelOfDistinct = new int[u];
        int levels = 0;
        for (int i = 0; i < u; i++) {
            String label = integer ? RFormat.integer((long) distinct[i]) : RFormat.real(distinct[i]);
            if (levels == 0 || !label.equals(labels[levels - 1])) labels[levels++] = label;
            levelOfDistinct[i] = levels - 1;
        }
        int nanLevel = -1;
        if (hasNaN) {
            nanLevel = levels;
            labels[levels++] = "NaN";
        }
        int[] codes = new int[n];
        for (int i = 0; i < n; i++) {
            if (missing.get(i)) {
                codes[i] = -1;
            } else {
                double v = values[i];
                codes[i] = Double.isNaN(v) ? nanLevel : levelOfDistinct[Arrays.binarySearch(distinct, v == 0 ? 0.0 : v)];
            }
        }
        return new CategoricalColumn(name, Arrays.copyOf(labels, levels), codes);
    }

    @Override
    public String toString() { return "NumericColumn[" + name + ", " + values.length + " rows]"; }
}
