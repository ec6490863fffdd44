package lmm.fit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/** Pure-Java dense Cholesky through EJML (its blocked algorithm for large matrices). */
public final class EjmlDenseCholesky implements DenseCholesky {
    public static final EjmlDenseCholesky INSTANCE = new EjmlDenseCholesky();

    private EjmlDenseCholesky() { }

    @Override
    public boolean factorInPlace(double[] a, int n) {
        if (n == 0) return true;
        // The contract fills only the lower triangle; EJML's blocked variant reads both.
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
        }
        DMatrixRMaj m = DMatrixRMaj.wrap(n, n, a);
        // A new decomposition per call keeps this thread-safe; its set-up cost is O(n²) against O(n³) work.
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        if (!chol.decompose(m)) return false;
        // Never getT(m): EJML's blocked variant (n ≥ 1000) converts m's array to block layout in place,
        // and converting it back into the same array scrambles it.
        DMatrixRMaj t = chol.getT(null);
        System.arraycopy(t.data, 0, a, 0, n * n);
        for (int i = 0; i < n; i++) {
            double d = a[i * n + i];
            if (!(d > 0) || !Double.isFinite(d)) return false;
        }
        return true;
    }

    @Override
    public String name() {
        return "EJML";
    }
}
