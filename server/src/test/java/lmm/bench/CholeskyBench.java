package lmm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import lmm.fit.DenseCholesky;

/**
 * Not a unit test: times the dense Cholesky kernels (plain Java, EJML, native LAPACK) over a range of
 * orders, best of several runs. Used to choose {@link DenseCholesky#SMALL_ORDER}.
 * <pre>java -cp ... lmm.bench.CholeskyBench [orders comma-separated]</pre>
 */
public final class CholeskyBench {
    /** Busy Java work between calls (-Dgap.ms), as the fill of the dense part does in a fit. */
    private static final long GAP_NANOS = (long) (Double.parseDouble(System.getProperty("gap.ms", "0")) * 1e6);
    static double sink;

    public static void main(String[] args) {
        int[] orders = {3, 8, 16, 32, 64, 96, 128, 256, 512, 1145, 2003};
        if (args.length > 0) {
            String[] parts = args[0].split(",");
            orders = new int[parts.length];
            for (int i = 0; i < parts.length; i++) orders[i] = Integer.parseInt(parts[i].trim());
        }
        List<DenseCholesky> kernels = new ArrayList<>(List.of(DenseCholesky.ejml()));
        DenseCholesky.lapack().ifPresent(kernels::add);
        System.out.println("default: " + DenseCholesky.defaultImplementation().name()
                + DenseCholesky.nativeProblem().map(p -> " (" + p + ")").orElse(""));
        for (int n : orders) {
            double[] a = spd(n, n);
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "n=%5d", n));
            for (DenseCholesky k : kernels) {
                double[] w = new double[n * n];
                long budget = 300_000_000L;
                long best = Long.MAX_VALUE;
                long sum = 0;
                long start = System.nanoTime();
                int runs = 0;
                while (runs < 3 || (System.nanoTime() - start < budget && runs < 100_000)) {
                    System.arraycopy(a, 0, w, 0, n * n);
                    if (GAP_NANOS > 0) {
                        long until = System.nanoTime() + GAP_NANOS;
                        while (System.nanoTime() < until) sink += Math.sqrt(sink + 1);
                    }
                    long t0 = System.nanoTime();
                    if (!k.factorInPlace(w, n)) throw new AssertionError(k.name() + " failed at n=" + n);
                    long dt = System.nanoTime() - t0;
                    best = Math.min(best, dt);
                    sum += dt;
                    runs++;
                }
                sb.append(String.format(Locale.ROOT, "  %s best %.4f mean %.4f ms", shortName(k), best / 1e6, sum / 1e6 / runs));
            }
            System.out.println(sb);
        }
    }

    private static String shortName(DenseCholesky k) {
        String n = k.name();
        return n.startsWith("LAPACK") ? "LAPACK" : n;
    }

    static double[] spd(int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = i == j ? n + r.nextDouble() : r.nextDouble() - 0.5;
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
        return a;
    }
}
