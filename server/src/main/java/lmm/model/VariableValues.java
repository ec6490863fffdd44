package lmm.model;

import java.util.List;

/** The values of one formula variable over the rows of the data: numbers, or level codes. */
public sealed interface VariableValues {
    int size();

    boolean isMissing(int row);

    /** NaN marks a missing value. */
    record Numeric(double[] values) implements VariableValues {
        public int size() { return values.length; }

        public boolean isMissing(int row) { return Double.isNaN(values[row]); }
    }

    /** codes[i] indexes {@code levels}; -1 marks a missing value. Levels are in R's order. */
    record Categorical(int[] codes, List<String> levels) implements VariableValues {
        public int size() { return codes.length; }

        public boolean isMissing(int row) { return codes[row] < 0; }
    }
}
