package lmm.data;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Collects one column's cells during loading and decides its type: numeric while every present
 * cell is a number, categorical from the first cell that is not. When a column turns categorical
 * after some numbers, the texts of the earlier rows are gone, so the loader reads them again in a
 * second pass ({@link #flipRow}); that is rare and costs one more read of the file.
 */
final class ColumnBuilder {
    final String name;
    final int field; // 1-based CSV column

    boolean numeric = true;
    private double[] values;
    private final BitSet missing = new BitSet();
    private boolean integer = true;

    private int[] codes;
    private LevelCodes dict;

    /** Rows below this index still need their codes (second pass); -1 when none. */
    int flipRow = -1;

    int present;
    int numbers; // present cells that are numbers
    String firstText; // first present cell that is not a number
    int firstTextLine;
    /** Cells that are not numbers but would be with a decimal comma ("4,5"), and the first of them. */
    int commaNumbers;
    String firstComma;
    int firstCommaLine;
    private NumberParser comma;

    ColumnBuilder(String name, int field, int capacity) {
        this.name = name;
        this.field = field;
        this.values = new double[capacity];
    }

    /** The cell s[from, to) of row (on CSV line {@code line}). */
    void add(char[] s, int from, int to, int row, int line, NumberParser np) {
        if (NumberParser.isMissing(s, from, to)) {
            if (numeric) {
                ensure(row);
                values[row] = Double.NaN;
                missing.set(row);
            } else {
                ensure(row);
                codes[row] = -1;
            }
            return;
        }
        present++;
        boolean isNumber = np.parse(s, from, to);
        if (isNumber) numbers++;
        if (numeric) {
            ensure(row);
            if (isNumber) {
                values[row] = np.value;
                if (!np.integer) integer = false;
                return;
            }
            toCategorical(row);
        }
        if (!isNumber && firstText == null) {
            firstText = new String(s, from, to - from);
            firstTextLine = line;
        }
        if (!isNumber && np.decimal == '.' && contains(s, from, to, ',')) {
            if (comma == null) comma = new NumberParser(',');
            if (comma.parse(s, from, to)) {
                if (commaNumbers++ == 0) {
                    firstComma = new String(s, from, to - from);
                    firstCommaLine = line;
                }
            }
        }
        ensure(row);
        codes[row] = dict.code(s, from, to);
    }

    private static boolean contains(char[] s, int from, int to, char c) {
        for (int i = from; i < to; i++) if (s[i] == c) return true;
        return false;
    }

    private void toCategorical(int row) {
        numeric = false;
        codes = new int[values.length];
        dict = new LevelCodes();
        if (numbers > 0) {
            flipRow = row; // earlier rows hold numbers whose text we need again
        } else {
            Arrays.fill(codes, 0, row, -1); // earlier rows were all missing
        }
        values = null;
    }

    /** Second pass: the text s[from, to) of a row below {@link #flipRow}. */
    void fill(char[] s, int from, int to, int row) {
        codes[row] = NumberParser.isMissing(s, from, to) ? -1 : dict.code(s, from, to);
    }

    private void ensure(int row) {
        if (numeric) {
            if (row >= values.length) values = Arrays.copyOf(values, Math.max(16, values.length * 2));
        } else if (row >= codes.length) {
            codes = Arrays.copyOf(codes, Math.max(16, codes.length * 2));
        }
    }

    int levelCount() { return dict == null ? 0 : dict.size(); }

    Column build(int rows) {
        if (numeric) {
            double[] v = values.length == rows ? values : Arrays.copyOf(values, rows);
            return new NumericColumn(name, v, missing, integer);
        }
        int k = dict.size();
        String[] levels = dict.texts();
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> CollationC.compare(levels[a], levels[b]));
        int[] newCode = new int[k];
        String[] sorted = new String[k];
        for (int i = 0; i < k; i++) {
            newCode[order[i]] = i;
            sorted[i] = levels[order[i]];
        }
        int[] c = codes.length == rows ? codes : Arrays.copyOf(codes, rows);
        for (int i = 0; i < rows; i++) if (c[i] >= 0) c[i] = newCode[c[i]];
        return new CategoricalColumn(name, sorted, c);
    }
}
