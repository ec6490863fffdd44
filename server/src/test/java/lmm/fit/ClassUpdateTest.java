package lmm.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;
import org.junit.jupiter.api.Test;

/**
 * The first term's update summed by class ({@link ClassUpdate}) on designs small enough to sum by
 * hand; that the fill built on it matches the naive factor is {@link DensePanelTest}'s part.
 */
class ClassUpdateTest {
    /** y ~ 1 + (1|A) + (1|B) with rows (A, B, y); A has the most levels, so it is the first term. */
    private static DesignMatrices design(int levelsA, int levelsB, int[][] rows) {
        int n = rows.length;
        int[] a = new int[n];
        int[] b = new int[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rows[i][0];
            b[i] = rows[i][1];
            y[i] = rows[i][2];
        }
        double[] ones = TestData.ones(n);
        return TestData.design("y", y, List.of("(Intercept)"), TestData.x(ones),
                term("A", levelsA, a, ones), term("B", levelsB, b, ones));
    }

    private static RandomTerm term(String name, int levels, int[] refs, double[] ones) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < levels; i++) labels.add(name + i);
        return new RandomTerm(name, labels, refs, List.of("(Intercept)"), new double[][] {ones});
    }

    private static CrossProducts cross(DesignMatrices d) {
        return new CrossProducts(new ThetaLayout(d).terms(), d.x(), d.y());
    }

    /** Row i's segments as "level of the class → column → coefficient" (the order within a segment is free). */
    private static Map<Integer, Map<Integer, Double>> row(ClassUpdate u, int i) {
        Map<Integer, Map<Integer, Double>> out = new TreeMap<>();
        for (int t = u.rowStart[i]; t < u.rowStart[i + 1]; t++) {
            Map<Integer, Double> seg = new TreeMap<>();
            for (int e = u.segStart[t]; e < u.segStart[t + 1]; e++) seg.put((int) u.col[e], u.coef[e]);
            out.put(u.segLevel[t], seg);
        }
        return out;
    }

    @Test
    void coefficientsAreSummedOverTheLevelsOfEachClass() {
        // Dense block columns [B0, B1, X, y]. v_g = Z_Ag'[Z_B, X, y]:
        //   A0 (2 rows): [1, 1, 2, 5];  A1 (2 rows): [2, 0, 2, 6];  A2 (1 row): [0, 1, 1, 4].
        // A0 and A1 are one class (Z'Z = 2), A2 another; K = Σ over the class of v v' (lower triangle).
        DesignMatrices d = design(3, 2, new int[][] {{0, 0, 2}, {0, 1, 3}, {1, 0, 5}, {1, 0, 1}, {2, 1, 4}});
        CrossProducts cross = cross(d);
        assertEquals(4, cross.s);
        FirstTerm.Scalar first = (FirstTerm.Scalar) FirstTerm.of(cross);
        ClassUpdate u = ClassUpdate.of(cross, first, new int[] {-1, -1, -1}, Long.MAX_VALUE);
        assertNotNull(u);
        assertEquals(Map.of(0, Map.of(0, 5.0)), row(u, 0));
        assertEquals(Map.of(0, Map.of(0, 1.0, 1, 1.0), 2, Map.of(1, 1.0)), row(u, 1));
        assertEquals(Map.of(0, Map.of(0, 6.0, 1, 2.0, 2, 8.0), 2, Map.of(1, 1.0, 2, 1.0)), row(u, 2));
        assertEquals(Map.of(0, Map.of(0, 17.0, 1, 5.0, 2, 22.0, 3, 61.0), 2, Map.of(1, 4.0, 2, 4.0, 3, 16.0)), row(u, 3));
        assertEquals(1 + 3 + 5 + 7, u.entries());

        // A level in the panel is left out: without A1, class 0 is A0 alone.
        ClassUpdate withoutA1 = ClassUpdate.of(cross, first, new int[] {-1, 0, -1}, Long.MAX_VALUE);
        assertEquals(Map.of(0, Map.of(0, 5.0, 1, 5.0, 2, 10.0, 3, 25.0), 2, Map.of(1, 4.0, 2, 4.0, 3, 16.0)), row(withoutA1, 3));
    }

    @Test
    void notBuiltWhenItWouldStoreMoreThanThreeCoefficientsPerEntry() {
        // Four classes (A levels with 2, 3, 4 and 5 rows), each touching both levels of B: every
        // class stores the whole triangle of [B0, B1, X, y] (10 entries), 40 > 3 × 10.
        List<int[]> rows = new ArrayList<>();
        for (int g = 0; g < 4; g++) for (int r = 0; r < g + 2; r++) rows.add(new int[] {g, r % 2, g + r});
        CrossProducts cross = cross(design(4, 2, rows.toArray(new int[0][])));
        FirstTerm.Scalar first = (FirstTerm.Scalar) FirstTerm.of(cross);
        assertEquals(4, first.classes());
        assertNull(ClassUpdate.of(cross, first, noPanel(4), Long.MAX_VALUE));
        assertNull(new BlockPattern(cross(design(4, 2, rows.toArray(new int[0][]))), first, false, new int[0], true).classUpdate);
        // three classes store 30 = 3 × 10: allowed
        List<int[]> three = new ArrayList<>(rows.subList(0, 2 + 3 + 4));
        CrossProducts cross3 = cross(design(3, 2, three.toArray(new int[0][])));
        ClassUpdate u = ClassUpdate.of(cross3, (FirstTerm.Scalar) FirstTerm.of(cross3), noPanel(3), Long.MAX_VALUE);
        assertNotNull(u);
        assertEquals(30, u.entries());
    }

    private static int[] noPanel(int levels) {
        int[] index = new int[levels];
        java.util.Arrays.fill(index, -1);
        return index;
    }
}
