package lmm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Aliased columns are found as R's QR (tolerance 1e-7) finds them, on the fast and the exact path alike. */
class ModelMatrixBuilderTest {
    private static final int N = 500;
    private final Random rnd = new Random(7);

    private double[] gaussian() {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) v[i] = rnd.nextGaussian();
        return v;
    }

    private static double[] combine(double a, double[] x, double b, double[] y) {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) v[i] = a * x[i] + b * y[i];
        return v;
    }

    private static double[] indicator(int level, int levels) {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) v[i] = i % levels == level ? 1 : 0;
        return v;
    }

    @Test
    void independentColumnsAreAllKept() {
        List<double[]> cols = new ArrayList<>(List.of(indicator(0, 1), gaussian(), gaussian()));
        for (int l = 1; l < 6; l++) cols.add(indicator(l, 6));
        ModelMatrixBuilder.Rank r = ModelMatrixBuilder.dropAliased(cols, N);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, r.kept());
        assertArrayEquals(new int[0], r.dropped());
    }

    @Test
    void aLinearCombinationOfEarlierColumnsIsDropped() {
        double[] x = gaussian(), z = gaussian();
        List<double[]> cols = List.of(indicator(0, 1), x, combine(2, x, -1, z), z, gaussian());
        ModelMatrixBuilder.Rank r = ModelMatrixBuilder.dropAliased(cols, N);
        // z = 2x − (2x − z): the later column is the aliased one, as R reports it
        assertArrayEquals(new int[] {0, 1, 2, 4}, r.kept());
        assertArrayEquals(new int[] {3}, r.dropped());
    }

    @Test
    void indicatorsOfEveryLevelWithAnInterceptDropTheLast() {
        List<double[]> cols = new ArrayList<>(List.of(indicator(0, 1)));
        for (int l = 0; l < 4; l++) cols.add(indicator(l, 4));
        ModelMatrixBuilder.Rank r = ModelMatrixBuilder.dropAliased(cols, N);
        assertArrayEquals(new int[] {4}, r.dropped());
    }

    @Test
    void nearlyCollinearButAboveRsToleranceIsKept() {
        double[] x = gaussian(), e = gaussian();
        // relative residual about 1e-5: far below the fast path's 1e-3, above R's 1e-7
        List<double[]> cols = List.of(x, combine(1, x, 1e-5, e));
        assertArrayEquals(new int[] {0, 1}, ModelMatrixBuilder.dropAliased(cols, N).kept());
        List<double[]> aliased = List.of(x, combine(1, x, 1e-9, e));
        assertArrayEquals(new int[] {1}, ModelMatrixBuilder.dropAliased(aliased, N).dropped());
    }
}
