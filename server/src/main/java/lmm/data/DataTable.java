package lmm.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data set read from a CSV file: named columns of equal length, in header order. Immutable and
 * safe to share between threads; {@link DataCache} hands out one instance per file version.
 */
public final class DataTable {
    private final DataVersion version;
    private final List<Column> columns;
    private final List<String> names;
    private final Map<String, Integer> index;
    private final int rowCount;
    private final List<DataProblem> warnings;

    DataTable(DataVersion version, List<Column> columns, int rowCount, List<DataProblem> warnings) {
        this.version = version;
        this.columns = List.copyOf(columns);
        this.rowCount = rowCount;
        this.warnings = List.copyOf(warnings);
        List<String> n = new ArrayList<>(columns.size());
        Map<String, Integer> ix = new HashMap<>();
        for (Column c : columns) {
            if (c.size() != rowCount) throw new IllegalArgumentException("column " + c.name() + " has " + c.size() + " rows, not " + rowCount);
            if (ix.putIfAbsent(c.name(), n.size()) != null) throw new IllegalArgumentException("duplicate column " + c.name());
            n.add(c.name());
        }
        this.names = Collections.unmodifiableList(n);
        this.index = ix;
    }

    /** A table built in code (for tests, or data not from a file). */
    public static DataTable of(Column... columns) {
        int rows = columns.length == 0 ? 0 : columns[0].size();
        return new DataTable(new DataVersion(null, -1, 0, 0, false), List.of(columns), rows, List.of());
    }

    /** Which file (or editor text) and which version of it this table was read from. */
    public DataVersion version() { return version; }

    public int rowCount() { return rowCount; }

    public int columnCount() { return columns.size(); }

    /** Column names in header order (unmodifiable). */
    public List<String> columnNames() { return names; }

    /** Columns in header order (unmodifiable). */
    public List<Column> columns() { return columns; }

    public Column column(int i) { return columns.get(i); }

    public boolean hasColumn(String name) { return index.containsKey(name); }

    /** The column's 0-based position, −1 when there is no such column. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    public Optional<Column> find(String name) {
        Integer i = index.get(name);
        return i == null ? Optional.empty() : Optional.of(columns.get(i));
    }

    /** The named column; throws IllegalArgumentException when there is none (check with {@link #hasColumn}). */
    public Column column(String name) {
        Integer i = index.get(name);
        if (i == null) throw new IllegalArgumentException("no column named " + name);
        return columns.get(i);
    }

    /**
     * Things worth telling the user that do not stop the file from loading: a column read as
     * categorical because a few cells are not numbers, a column with no values, a file with no rows.
     */
    public List<DataProblem> warnings() { return warnings; }

    @Override
    public String toString() {
        return "DataTable[" + rowCount + " rows × " + columns.size() + " columns " + names + "]";
    }
}
