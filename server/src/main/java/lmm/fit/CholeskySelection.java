package lmm.fit;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The process-wide choice of dense Cholesky. Loading the native library (extracting the JNI shim,
 * dlopen of LAPACK and BLAS, their initialisation) takes 50-90 ms, so it starts on a background
 * thread when this class is first used (FitOptions.defaults()) and overlaps the fit's set-up; small
 * orders never wait for it.
 */
final class CholeskySelection {
    static final String MODE = System.getProperty("lmm.linalg", "auto").trim().toLowerCase(Locale.ROOT);
    static final BySize PURE_JAVA = new BySize(EjmlDenseCholesky.INSTANCE, 0);
    private static final CompletableFuture<BySize> CHOICE = startChoice();
    static final DenseCholesky DEFAULT = new Deferred();

    private CholeskySelection() { }

    /** The choice, waiting for the native library to load if it is still loading. */
    static BySize resolved() {
        return CHOICE.join();
    }

    private static CompletableFuture<BySize> startChoice() {
        if (MODE.equals("java") || MODE.equals("ejml")) return CompletableFuture.completedFuture(PURE_JAVA);
        CompletableFuture<BySize> choice = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                choice.complete(choose());
            } catch (Throwable e) {
                choice.complete(PURE_JAVA);
            }
        }, "lmm-lapack-loader");
        loader.setDaemon(true);
        loader.start();
        return choice;
    }

    private static BySize choose() {
        boolean useNative = NativeLapack.available() && (MODE.equals("native") || NativeLapack.optimized());
        return useNative ? new BySize(LapackDenseCholesky.INSTANCE, DenseCholesky.SMALL_ORDER) : PURE_JAVA;
    }

    /** The default: EJML below the small order at once, otherwise the resolved choice. */
    private static final class Deferred implements DenseCholesky {
        @Override
        public boolean factorInPlace(double[] a, int n) {
            if (n < DenseCholesky.SMALL_ORDER) return EjmlDenseCholesky.INSTANCE.factorInPlace(a, n);
            return resolved().factorInPlace(a, n);
        }

        @Override
        public String name() {
            return resolved().name();
        }

        @Override
        public String name(int n) {
            return n < DenseCholesky.SMALL_ORDER ? EjmlDenseCholesky.INSTANCE.name() : resolved().name(n);
        }
    }

    /** Small orders in EJML, large ones in {@code large}. */
    record BySize(DenseCholesky large, int threshold) implements DenseCholesky {
        @Override
        public boolean factorInPlace(double[] a, int n) {
            return (n < threshold ? EjmlDenseCholesky.INSTANCE : large).factorInPlace(a, n);
        }

        @Override
        public String name() {
            return large.name();
        }

        @Override
        public String name(int n) {
            return n < threshold ? EjmlDenseCholesky.INSTANCE.name() : large.name();
        }
    }
}
