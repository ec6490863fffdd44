package lmm.fit;

/** Dense kernels on small k × k row-major matrices (one random term's block: k is the term's covariates). */
final class SmallMatrices {
    private SmallMatrices() { }

    /** out = Λ' a Λ for k × k row-major a and lower-triangular Λ. */
    static void congruence(double[] a, double[] lam, int k, double[] work, double[] out) {
        // work = a Λ
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double sum = 0;
                for (int c = j; c < k; c++) sum += a[i * k + c] * lam[c * k + j];
                work[i * k + j] = sum;
            }
        }
        // out = Λ' work
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double sum = 0;
                for (int c = i; c < k; c++) sum += lam[c * k + i] * work[c * k + j];
                out[i * k + j] = sum;
            }
        }
    }

    /** In-place Cholesky of a small k × k row-major matrix; lower triangle becomes L, upper zeroed. */
    static boolean cholesky(double[] a, int k) {
        for (int j = 0; j < k; j++) {
            double d = a[j * k + j];
            for (int c = 0; c < j; c++) d -= a[j * k + c] * a[j * k + c];
            if (!(d > 0)) return false;
            d = Math.sqrt(d);
            a[j * k + j] = d;
            for (int i = j + 1; i < k; i++) {
                double sum = a[i * k + j];
                for (int c = 0; c < j; c++) sum -= a[i * k + c] * a[j * k + c];
                a[i * k + j] = sum / d;
                a[j * k + i] = 0;
            }
        }
        return true;
    }
}
