package lmm.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** L Lᵀ reproduces A on both sides of EJML's switch to its blocked algorithm (n = 1000). */
class DenseCholeskyTest {
    private static double[] randomSpd(int n, long seed) {
        Random r = new Random(seed);
        double[] b = new double[n * n];
        for (int i = 0; i < b.length; i++) b[i] = r.nextGaussian();
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
                if (i == j) s += n;
                a[i * n + j] = s;
                a[j * n + i] = s;
            }
        }
        return a;
    }

    @Test
    void factorsSmallAndLargeMatrices() {
        for (int n : new int[] {1, 7, 999, 1000, 1030}) {
            double[] a = randomSpd(n, n);
            double[] l = a.clone();
            assertTrue(EjmlDenseCholesky.INSTANCE.factorInPlace(l, n), "n = " + n);
            double worst = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int k = 0; k <= j; k++) s += l[i * n + k] * l[j * n + k];
                    worst = Math.max(worst, Math.abs(s - a[i * n + j]) / a[i * n + i]);
                }
            }
            assertEquals(0, worst, 1e-12, "n = " + n);
        }
    }

    @Test
    void rejectsIndefiniteMatrices() {
        double[] a = {1, 2, 2, 1};
        assertFalse(EjmlDenseCholesky.INSTANCE.factorInPlace(a, 2));
    }
}
