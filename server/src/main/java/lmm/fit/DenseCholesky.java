package lmm.fit;

/**
 * Dense Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix, the costly kernel of
 * each evaluation of the profiled deviance (the filled block of crossed designs). Kept behind this
 * interface so that a native LAPACK implementation (dpotrf) can replace the pure-Java one.
 *
 * <p>Implementations must be safe to use from several threads at once (several fits may run
 * concurrently in the language server).
 */
public interface DenseCholesky {
    /**
     * Factors {@code a} in place.
     *
     * @param a row-major n × n symmetric matrix (both triangles filled); on success its lower triangle
     *          holds L (the strict upper triangle is then unspecified)
     * @param n the order of the matrix
     * @return false when the matrix is not numerically positive definite
     */
    boolean factorInPlace(double[] a, int n);

    /** A short name for reports ("EJML", "LAPACK (OpenBLAS)"). */
    String name();

    /** The implementation used when the caller names none. */
    static DenseCholesky defaultImplementation() {
        return EjmlDenseCholesky.INSTANCE;
    }
}
