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

    /** Initialises this class (which starts the loader); nothing else. */
    static void touch() { }

    /** The choice, waiting for the native library to load if it is still loading. */
    static BySize resolved() {
        return CHOICE.join();
    }

    private static CompletableFuture<BySize> startChoice() {
        if (MODE.equals("java") || MODE.equals("ejml")) return CompletableFuture.completedFuture(PURE_JAVA);
        CompletableFuture<BySize> choice = new CompletableFuture<>();
        // Java 17 holds one lock while it loads a native library, and loading the JNI library reads
        // classes from the jar, which may initialise java.util.zip.CRC32, whose static initialiser
        // loads the zip library under that same lock. When the main thread was at that moment itself
        // initialising CRC32 (reading a stored entry of the jar), each waited for the other forever:
        // one `./lmm fit` of 200 hung in tools/test-launcher.sh. The zip classes are initialised
        // here, before the loader starts, so the loader never waits for this thread.
        new java.util.zip.CRC32().update(0);
        new java.util.zip.Adler32().update(0);
        new java.util.zip.Inflater().end();
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
