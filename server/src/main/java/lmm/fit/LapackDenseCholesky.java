package lmm.fit;

import org.netlib.util.intW;

/**
 * Dense Cholesky by LAPACK's dpotrf through dev.ludovic.netlib's JNI binding (no copy: the array is
 * passed to the native code as is). A row-major lower triangle is a column-major upper triangle, so
 * dpotrf("U") factors exactly the triangle the caller filled and leaves L where the caller expects it.
 */
final class LapackDenseCholesky implements DenseCholesky {
    static final LapackDenseCholesky INSTANCE = new LapackDenseCholesky();

    private LapackDenseCholesky() { }

    @Override
    public boolean factorInPlace(double[] a, int n) {
        if (n == 0) return true;
        intW info = new intW(0);
        NativeLapack.lapack().dpotrf("U", n, a, 0, n, info);
        return info.val == 0;
    }

    @Override
    public String name() {
        return "LAPACK dpotrf, native (" + NativeLapack.library() + ")";
    }
}
