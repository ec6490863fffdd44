package lmm.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A column of categories: each row holds the index of its level in {@link #levels()}, or −1 when
 * missing. Read from a CSV file, the levels are the distinct texts sorted as R sorts them under
 * {@code LC_COLLATE=C} ({@link CollationC}); made from a numeric column with
 * {@link NumericColumn#asFactor()}, they are in numeric order.
 */
public final class CategoricalColumn implements Column {
    private final String name;
    private final String[] levels;
    private final int[] codes;
    private final int missingCount;
    private final List<String> levelList;
    private volatile int[] levelCounts;
    private volatile ColumnSummary.Categorical summary;

    CategoricalColumn(String name, String[] levels, int[] codes) {
        this.name = name;
        this.levels = levels;
        this.codes = codes;
        int m = 0;
        for (int c : codes) if (c < 0) m++;
        this.missingCount = m;
        this.levelList = Collections.unmodifiableList(Arrays.asList(levels));
    }

    /**
     * A column from texts, null meaning missing; levels sorted in C order (for tests and callers
     * building tables in code).
     */
    public static CategoricalColumn of(String name, String... values) {
        Map<String, Integer> index = new HashMap<>();
        List<String> seen = new ArrayList<>();
        for (String v : values) if (v != null && index.putIfAbsent(v, index.size()) == null) seen.add(v);
        String[] levels = seen.toArray(new String[0]);
        Arrays.sort(levels, CollationC.ORDER);
        for (int i = 0; i < levels.length; i++) index.put(levels[i], i);
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) codes[i] = values[i] == null ? -1 : index.get(values[i]);
        return new CategoricalColumn(name, levels, codes);
    }

    @Override public String name() { return name; }

    @Override public int size() { return codes.length; }

    /** The levels in order (unmodifiable). */
    public List<String> levels() { return levelList; }

    public int levelCount() { return levels.length; }

    public String level(int code) { return levels[code]; }

    /** The index of the row's level, −1 when missing. */
    public int code(int row) { return codes[row]; }

    /** A copy of all codes (−1 for missing). */
    public int[] codes() { return codes.clone(); }

    /** The row's level label, null when missing. */
    public String label(int row) {
        int c = codes[row];
        return c < 0 ? null : levels[c];
    }

    /** The index of a level, −1 when there is no such level. */
    public int indexOf(String level) {
        for (int i = 0; i < levels.length; i++) if (levels[i].equals(level)) return i;
        return -1;
    }

    @Override public boolean isMissing(int row) { return codes[row] < 0; }

    @Override public int missingCount() { return missingCount; }

    /** How many rows hold each level (a copy). */
    public int[] levelCounts() { return counts().clone(); }

    private int[] counts() {
        int[] c = levelCounts;
        if (c == null) {
            c = new int[levels.length];
            for (int code : codes) if (code >= 0) c[code]++;
            levelCounts = c;
        }
        return c;
    }

    @Override
    public ColumnSummary.Categorical summary() {
        ColumnSummary.Categorical s = summary;
        if (s == null) {
            int[] c = counts();
            List<ColumnSummary.LevelCount> list = new ArrayList<>(levels.length);
            for (int i = 0; i < levels.length; i++) list.add(new ColumnSummary.LevelCount(levels[i], c[i]));
            summary = s = new ColumnSummary.Categorical(codes.length - missingCount, missingCount, List.copyOf(list));
        }
        return s;
    }

    @Override
    public String toString() { return "CategoricalColumn[" + name + ", " + codes.length + " rows, " + levels.length + " levels]"; }
}
