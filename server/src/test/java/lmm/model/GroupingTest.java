package lmm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Grouping factors made of several variables (g:h, g/h): R's interaction levels, by either route. */
class GroupingTest {
    private static VariableValues.Categorical factor(List<String> levels, int... codes) {
        return new VariableValues.Categorical(codes, levels);
    }

    @Test
    void combinationsPresentInROrderFirstVariableSlowest() {
        // R: levels(droplevels(interaction(g, h, lex.order = TRUE))) over rows 0, 2, 3, 4
        var g = factor(List.of("a", "b", "c"), 1, 0, 1, 0, 1);
        var h = factor(List.of("x", "y"), 0, 1, 1, 0, 0);
        int[] rows = {0, 2, 3, 4};
        for (long limit : new long[] {0, Long.MAX_VALUE}) {
            ModelBinder.Grouping out = ModelBinder.group(List.of(g, h), rows, limit);
            assertEquals(List.of("a:x", "b:x", "b:y"), out.levels());
            assertArrayEquals(new int[] {1, 2, 0, 1}, out.codes());
        }
    }

    @Test
    void tableAndSortAgree() {
        Random random = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + random.nextInt(300), a = 1 + random.nextInt(30), b = 1 + random.nextInt(30), c = 1 + random.nextInt(4);
            int[] ga = new int[n], gb = new int[n], gc = new int[n];
            for (int i = 0; i < n; i++) { ga[i] = random.nextInt(a); gb[i] = random.nextInt(b); gc[i] = random.nextInt(c); }
            List<VariableValues.Categorical> vars = List.of(factor(labels("p", a), ga), factor(labels("q", b), gb), factor(labels("r", c), gc));
            int[] rows = java.util.stream.IntStream.range(0, n).filter(i -> random.nextInt(4) > 0).toArray();
            if (rows.length == 0) continue;
            ModelBinder.Grouping table = ModelBinder.group(vars, rows, Long.MAX_VALUE);
            ModelBinder.Grouping sorted = ModelBinder.group(vars, rows, 0);
            assertEquals(sorted.levels(), table.levels());
            assertArrayEquals(sorted.codes(), table.codes());
        }
    }

    private static List<String> labels(String prefix, int count) {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) out[i] = prefix + (char) ('A' + i);
        return List.of(out);
    }
}
