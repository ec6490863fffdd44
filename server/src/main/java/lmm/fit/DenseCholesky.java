package lmm.fit;

import java.util.Optional;

/**
 * Dense Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix, the costly kernel of
 * each evaluation of the profiled deviance (the filled block of crossed designs).
 *
 * <p>Implementations: native LAPACK dpotrf through dev.ludovic.netlib ({@link #lapack()}), EJML's
 * blocked pure-Java algorithm ({@link #ejml()}). {@link #defaultImplementation()} picks by size and by what is installed;
 * the system property {@code lmm.linalg} overrides it: {@code auto} (default), {@code java} (never
 * native: EJML for large orders) or {@code native} (LAPACK for large orders even when the library
 * found is the slow reference one).
 *
 * <p>Implementations must be safe to use from several threads at once (several fits may run
 * concurrently in the language server).
 */
public interface DenseCholesky {
    /**
     * Factors {@code a} in place.
     *
     * @param a row-major n × n symmetric matrix of which only the lower triangle (diagonal included)
     *          is read; on success the lower triangle holds L (the strict upper triangle is then
     *          unspecified)
     * @param n the order of the matrix
     * @return false when the matrix is not numerically positive definite
     */
    boolean factorInPlace(double[] a, int n);

    /** A short name for reports ("EJML", "LAPACK dpotrf, native (OpenBLAS)"). */
    String name();

    /** The name of what factors a matrix of order n (implementations that choose by size override this). */
    default String name(int n) {
        return name();
    }

    /**
     * Orders below this always go to EJML: the arithmetic is negligible, and the fixed-effects block
     * of small models then rounds exactly as it does without a native library.
     */
    int SMALL_ORDER = 12;

    /**
     * The implementation used when the caller names none: EJML below {@link #SMALL_ORDER}; from it
     * on native LAPACK when a tuned library (OpenBLAS, MKL, BLIS, ATLAS) is loaded, else EJML.
     */
    static DenseCholesky defaultImplementation() {
        return CholeskySelection.DEFAULT;
    }

    /**
     * Starts loading the native library on a background thread, if it is not loading already, and
     * returns at once. A command calls this before it reads its data: the 0.1–0.2 s of loading a
     * cold JVM spends (JNI shim, dlopen, BLAS start-up) then overlaps the CSV read on the other core
     * instead of following it; the first large fit would otherwise wait for it.
     */
    static void startLoading() {
        CholeskySelection.touch();
    }

    /** Pure Java whatever is installed (EJML). */
    static DenseCholesky pureJava() {
        return CholeskySelection.PURE_JAVA;
    }

    /** EJML at every order. */
    static DenseCholesky ejml() {
        return EjmlDenseCholesky.INSTANCE;
    }

    /** Native LAPACK dpotrf at every order, when the library loaded. */
    static Optional<DenseCholesky> lapack() {
        return NativeLapack.available() ? Optional.of(LapackDenseCholesky.INSTANCE) : Optional.empty();
    }

    /** Why native LAPACK is not used by {@link #defaultImplementation()}, or empty when it is. */
    static Optional<String> nativeProblem() {
        if (CholeskySelection.resolved().large() == LapackDenseCholesky.INSTANCE) return Optional.empty();
        if (!NativeLapack.available()) return Optional.of(NativeLapack.problem());
        if (CholeskySelection.MODE.equals("java")) return Optional.of("disabled by -Dlmm.linalg=java");
        return Optional.of("the native library found is " + NativeLapack.library() + ", slower than EJML");
    }
}
