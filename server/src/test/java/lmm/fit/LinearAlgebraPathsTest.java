package lmm.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The linear-algebra paths agree: native LAPACK and pure Java (EJML) give the same fit on a mid-size
 * crossed model; the fast evaluation (weighted Schur update of a scalar first term) equals the full
 * level-by-level one; and without a native library the engine falls back quietly (nothing printed).
 * Runs with and without the native library installed.
 */
class LinearAlgebraPathsTest {
    /** Crossed A × B with a vector term on B when {@code slopeOnB}. */
    static DesignMatrices crossed(long seed, int n, int levelsA, int levelsB, boolean slopeOnB) {
        Random rnd = new Random(seed);
        double[] effA = new double[levelsA];
        double[] effB = new double[levelsB];
        double[] slopeB = new double[levelsB];
        for (int i = 0; i < levelsA; i++) effA[i] = 1.2 * rnd.nextGaussian();
        for (int i = 0; i < levelsB; i++) {
            effB[i] = 0.7 * rnd.nextGaussian();
            slopeB[i] = 0.4 * rnd.nextGaussian();
        }
        int[] a = new int[n];
        int[] b = new int[n];
        double[] xcol = new double[n];
        double[] y = new double[n];
        DMatrixRMaj x = new DMatrixRMaj(n, 2);
        for (int i = 0; i < n; i++) {
            a[i] = i < levelsA ? i : rnd.nextInt(levelsA);
            b[i] = i < levelsB ? i : rnd.nextInt(levelsB);
            xcol[i] = rnd.nextDouble();
            x.set(i, 0, 1);
            x.set(i, 1, xcol[i]);
            y[i] = 5 + xcol[i] + effA[a[i]] + effB[b[i]] + (slopeOnB ? slopeB[b[i]] * xcol[i] : 0) + rnd.nextGaussian();
        }
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        RandomTerm termB = slopeOnB
                ? new RandomTerm("B", labels("b", levelsB), b, List.of("(Intercept)", "x"), new double[][] {ones, xcol})
                : new RandomTerm("B", labels("b", levelsB), b, List.of("(Intercept)"), new double[][] {ones});
        return new DesignMatrices("y", y, x, List.of("(Intercept)", "x"), List.of(
                new RandomTerm("A", labels("a", levelsA), a, List.of("(Intercept)"), new double[][] {ones}), termB));
    }

    private static List<String> labels(String prefix, int count) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < count; i++) l.add(prefix + i);
        return l;
    }

    @Test
    void fastEvaluationEqualsFullEvaluation() {
        // 60 levels of B: the dense block is one tile; 300: several (off-diagonal tiles, a level's
        // columns split among them), against the level-by-level downdate
        for (int levelsB : new int[] {60, 300})
        for (boolean slope : new boolean[] {false, true}) {
            DesignMatrices d = crossed(7, 3_000, 400, levelsB, slope);
            ThetaLayout layout = new ThetaLayout(d);
            for (boolean reml : new boolean[] {false, true}) {
                ProfiledDeviance dev = new ProfiledDeviance(d, reml, DenseCholesky.defaultImplementation());
                double[][] thetas = slope
                        ? new double[][] {{1, 1, 0, 1}, {1.3, 0.6, 0.2, 0.35}, {0.05, 2.0, -0.5, 0.01}, {0, 0.5, 0.1, 0.2}}
                        : new double[][] {{1, 1}, {1.3, 0.6}, {0.05, 2.0}, {0, 0.5}};
                for (double[] th : thetas) {
                    double fast = dev.objective(th);
                    double full = new ProfiledDeviance(d, reml, DenseCholesky.defaultImplementation()).objectiveLevelByLevel(th);
                    assertEquals(full, fast, 1e-10 * Math.abs(full), "levels " + levelsB + " slope " + slope + " reml " + reml + " θ " + Arrays.toString(th));
                }
            }
        }
    }

    @Test
    void nativeAndPureJavaGiveTheSameFit() {
        DesignMatrices d = crossed(11, 20_000, 1_500, 300, false);
        FitOptions ml = FitOptions.defaults().withReml(false);
        FitResult java = ModelFitter.fit(d, ml.withCholesky(DenseCholesky.pureJava()));
        assertEquals("EJML", java.linearAlgebra());
        FitResult dflt = ModelFitter.fit(d, ml);
        assertEquals(java.logLik(), dflt.logLik(), 1e-9 * Math.abs(java.logLik()));
        for (int i = 0; i < java.theta().length; i++) assertEquals(java.theta()[i], dflt.theta()[i], 1e-4);
        for (int i = 0; i < java.beta().length; i++) {
            assertEquals(java.beta()[i], dflt.beta()[i], 1e-4 * java.fixef().stdError()[i]);
        }
        DenseCholesky.lapack().ifPresent(lapack -> {
            FitResult nat = ModelFitter.fit(d, ml.withCholesky(lapack));
            assertTrue(nat.linearAlgebra().startsWith("LAPACK"), nat.linearAlgebra());
            assertEquals(java.logLik(), nat.logLik(), 1e-9 * Math.abs(java.logLik()));
            for (int i = 0; i < java.theta().length; i++) assertEquals(java.theta()[i], nat.theta()[i], 1e-4);
        });
    }

    /** Prints what the default kernel is; run in a child JVM by {@link #missingNativeLibraryIsQuiet}. */
    public static final class Probe {
        public static void main(String[] args) {
            DesignMatrices d = crossed(3, 2_000, 200, 40, false);
            FitResult r = ModelFitter.fit(d, FitOptions.defaults().withReml(false));
            System.out.println(r.linearAlgebra() + "|" + DenseCholesky.nativeProblem().orElse("none"));
        }
    }

    @Test
    void missingNativeLibraryIsQuiet() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Ddev.ludovic.netlib.lapack.nativeLib=liblmm-no-such-lapack.so",
                "-cp", System.getProperty("java.class.path"), Probe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        assertEquals("", err, "nothing on stderr");
        assertEquals("EJML|no native LAPACK could be loaded from liblmm-no-such-lapack.so" + System.lineSeparator(), out);
    }
}
