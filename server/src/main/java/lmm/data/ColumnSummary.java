package lmm.data;

import java.util.List;

/** Summary figures of a column, for hover and completion. Computed once per column, on first use. */
public sealed interface ColumnSummary permits ColumnSummary.Numeric, ColumnSummary.Categorical {
    /** Number of present (non-missing) cells. */
    int count();

    /** Number of missing cells (empty or NA). */
    int missing();

    /**
     * @param nonFinite present values that are NaN, Inf or -Inf; they are left out of mean, sd, min, max
     * @param mean      mean of the finite values (NaN when there are none)
     * @param sd        sample standard deviation (n − 1) of the finite values (NaN when fewer than two)
     * @param min       smallest finite value (NaN when there are none)
     * @param max       largest finite value (NaN when there are none)
     */
    record Numeric(int count, int missing, int nonFinite, double mean, double sd, double min, double max) implements ColumnSummary {}

    /** @param levels every level in level order, with how many rows hold it */
    record Categorical(int count, int missing, List<LevelCount> levels) implements ColumnSummary {}

    record LevelCount(String label, int count) {}
}
