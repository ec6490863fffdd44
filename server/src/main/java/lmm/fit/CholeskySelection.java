package lmm.fit;

import java.util.Locale;

/** The process-wide choice of dense Cholesky (initialised on first use, which loads the native library once). */
final class CholeskySelection {
    static final String MODE = System.getProperty("lmm.linalg", "auto").trim().toLowerCase(Locale.ROOT);
    static final BySize PURE_JAVA = new BySize(EjmlDenseCholesky.INSTANCE, 0);
    static final BySize DEFAULT = choose();

    private CholeskySelection() { }

    private static BySize choose() {
        if (MODE.equals("java") || MODE.equals("ejml")) return PURE_JAVA;
        boolean useNative = NativeLapack.available() && (MODE.equals("native") || NativeLapack.optimized());
        return useNative ? new BySize(LapackDenseCholesky.INSTANCE, DenseCholesky.SMALL_ORDER) : PURE_JAVA;
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
