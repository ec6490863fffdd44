package lmm.data;

/**
 * One column of a {@link DataTable}: numbers or categories. Columns are immutable and safe to share
 * between threads.
 */
public sealed interface Column permits NumericColumn, CategoricalColumn {
    /** The column's name as written in the header (surrounding white space removed). */
    String name();

    /** Number of rows (same for every column of a table). */
    int size();

    /** True when the cell was empty or NA. */
    boolean isMissing(int row);

    int missingCount();

    ColumnSummary summary();

    default boolean isNumeric() { return this instanceof NumericColumn; }

    default boolean isCategorical() { return this instanceof CategoricalColumn; }

    /** A short description of the type for messages: "numeric" or "categorical". */
    default String typeName() { return isNumeric() ? "numeric" : "categorical"; }
}
