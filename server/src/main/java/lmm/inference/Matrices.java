package lmm.inference;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/** Small dense helpers over double[][] (row-major), for the p × p and contrast-sized work of inference. */
final class Matrices {
    private Matrices() {}

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** l' M l. */
    static double quadraticForm(double[] l, double[][] m) {
        double s = 0;
        for (int i = 0; i < l.length; i++) {
            if (l[i] == 0) continue;
            double r = 0;
            for (int j = 0; j < l.length; j++) r += m[i][j] * l[j];
            s += l[i] * r;
        }
        return s;
    }

    static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length, k = b.length, m = k == 0 ? 0 : b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < k; t++) {
                double v = a[i][t];
                if (v == 0) continue;
                for (int j = 0; j < m; j++) c[i][j] += v * b[t][j];
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        int n = a.length, m = n == 0 ? 0 : a[0].length;
        double[][] t = new double[m][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) t[j][i] = a[i][j];
        }
        return t;
    }

    /** L M L'. */
    static double[][] sandwich(double[][] l, double[][] m) {
        return multiply(multiply(l, m), transpose(l));
    }

    static double[][] inverse(double[][] a) {
        return MatrixUtils.inverse(MatrixUtils.createRealMatrix(a)).getData();
    }

    static double trace(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i][i];
        return s;
    }

    /**
     * The rows of P'L with P the eigenvectors of L V L' (eigenvalues decreasing, as R's eigen), kept
     * for eigenvalues above √ε times the largest: lmerTest's rotation of a multi-row contrast.
     */
    record Rotated(double[][] rows, double[] values, int rank) {}

    static Rotated rotate(double[][] l, double[][] v) {
        double[][] vl = sandwich(l, v);
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(vl));
        double[] d = eig.getEigenvalues();
        Integer[] order = new Integer[d.length];
        for (int i = 0; i < d.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Double.compare(d[y], d[x]));
        double tol = Math.max(Math.sqrt(Math.ulp(1.0)) * d[order[0]], 0);
        int q = 0;
        for (double e : d) if (e > tol) q++;
        double[][] rows = new double[q][];
        double[] values = new double[q];
        for (int k = 0; k < q; k++) {
            double[] pv = eig.getEigenvector(order[k]).toArray();
            double[] row = new double[l[0].length];
            for (int i = 0; i < l.length; i++) {
                for (int j = 0; j < row.length; j++) row[j] += pv[i] * l[i][j];
            }
            rows[k] = row;
            values[k] = d[order[k]];
        }
        return new Rotated(rows, values, q);
    }

    /** The numerical rank of a (rows × cols) by singular values above max(dim)·ε·σ₁ (R's rankMatrix default). */
    static int rank(double[][] a) {
        if (a.length == 0) return 0;
        RealMatrix m = MatrixUtils.createRealMatrix(a);
        double[] s = new org.hipparchus.linear.SingularValueDecomposition(m).getSingularValues();
        double tol = Math.max(a.length, a[0].length) * Math.ulp(1.0) * (s.length > 0 ? s[0] : 0);
        int r = 0;
        for (double v : s) if (v > tol) r++;
        return r;
    }
}
