package lmm.fit;

import java.util.Arrays;
import java.util.List;
import lmm.model.RandomTerm;
import org.ejml.data.DMatrixRMaj;

/**
 * The cross-products of the blocked system, accumulated once from the level indices (one pass over
 * the rows; nothing here depends on θ). Columns are ordered [Z₁, Z_rest, X, y]: Z₁ is the first term
 * in lme4's order (the most levels), Z_rest the other terms.
 * <ul>
 *   <li>per level g of term 1: Z₁g'Z₁g (k₁ × k₁) and Z₁g'[Z_rest, X, y] on the columns its rows touch;</li>
 *   <li>the Gram matrix of [Z_rest, X, y] (order s = q_rest + p + 1), lower triangle, dense.</li>
 * </ul>
 */
final class CrossProducts {
    final List<RandomTerm> terms;
    final int n;
    final int p;
    final DMatrixRMaj x;
    final double[] y;
    final int k1;
    final int levels1;
    /** Per level g of term 1: Z₁g'Z₁g, k₁ × k₁ row-major. */
    final double[][] firstGram;
    /** Per level g of term 1: the columns of [Z_rest, X, y] its rows touch, ascending; always ends with X's and y's. */
    final int[][] crossCols;
    /** Per level g of term 1: Z₁g'[Z_rest, X, y] on crossCols, k₁ × nnz row-major. */
    final double[][] crossVals;
    /** Per term t ≥ 1: first column of its block in [Z_rest, X, y]. */
    final int[] restOffset;
    /** For each Z_rest column, the term it belongs to. */
    final int[] restTermOf;
    final int qRest;
    /** Order of the dense part: q_rest + p + 1. */
    final int s;
    /** True when every term after the first is scalar: Λ_rest is then diagonal. */
    final boolean restScalar;
    /** The Gram matrix of [Z_rest, X, y], s × s row-major, lower triangle; read once by BlockPattern, then released. */
    private double[] restGram;

    CrossProducts(List<RandomTerm> terms, DMatrixRMaj x, double[] y) {
        this.terms = List.copyOf(terms);
        this.n = y.length;
        this.p = x.numCols;
        this.x = x;
        this.y = y;
        int m = terms.size();
        if (m == 0) throw new IllegalArgumentException("a mixed model needs at least one random term");
        RandomTerm first = terms.get(0);
        k1 = first.k();
        levels1 = first.levelCount();

        restOffset = new int[m];
        int off = 0;
        for (int t = 1; t < m; t++) {
            restOffset[t] = off;
            off += terms.get(t).columnCount();
        }
        qRest = off;
        s = qRest + p + 1;
        restTermOf = new int[qRest];
        for (int t = 1; t < m; t++) {
            Arrays.fill(restTermOf, restOffset[t], restOffset[t] + terms.get(t).columnCount(), t);
        }
        boolean scalarRest = true;
        for (int t = 1; t < m; t++) scalarRest &= terms.get(t).k() == 1;
        restScalar = scalarRest;

        // The nonzeros of one row of [Z_rest, X, y], in ascending column order.
        int width = rowWidth();
        int[] rowIdx = new int[width];
        double[] rowVal = new double[width];

        restGram = new double[s * s];
        for (int i = 0; i < n; i++) {
            rowNonzeros(i, rowIdx, rowVal);
            for (int a = 0; a < width; a++) {
                double va = rowVal[a];
                if (va == 0) continue;
                int base = rowIdx[a] * s;
                for (int b = 0; b <= a; b++) restGram[base + rowIdx[b]] += va * rowVal[b];
            }
        }

        // Rows of each level of term 1 (counting sort).
        int[] refs1 = first.refs();
        int[] start = new int[levels1 + 1];
        for (int i = 0; i < n; i++) start[refs1[i] + 1]++;
        for (int g = 0; g < levels1; g++) start[g + 1] += start[g];
        int[] rows = new int[n];
        int[] fill = Arrays.copyOf(start, levels1);
        for (int i = 0; i < n; i++) rows[fill[refs1[i]]++] = i;

        double[][] z1 = first.z();
        firstGram = new double[levels1][];
        crossCols = new int[levels1][];
        crossVals = new double[levels1][];
        int[] pos = new int[s];
        Arrays.fill(pos, -1);
        int[] touched = new int[Math.max(qRest, 1)];
        for (int g = 0; g < levels1; g++) {
            int count = 0;
            for (int r = start[g]; r < start[g + 1]; r++) {
                rowNonzeros(rows[r], rowIdx, rowVal);
                for (int a = 0; a < width - p - 1; a++) {
                    int col = rowIdx[a];
                    if (pos[col] < 0) {
                        pos[col] = 0;
                        touched[count++] = col;
                    }
                }
            }
            int[] cols = new int[count + p + 1];
            System.arraycopy(touched, 0, cols, 0, count);
            Arrays.sort(cols, 0, count);
            for (int j = 0; j <= p; j++) cols[count + j] = qRest + j;
            int nnz = cols.length;
            for (int j = 0; j < nnz; j++) pos[cols[j]] = j;

            double[] gram = new double[k1 * k1];
            double[] vals = new double[k1 * nnz];
            for (int r = start[g]; r < start[g + 1]; r++) {
                int i = rows[r];
                rowNonzeros(i, rowIdx, rowVal);
                for (int a = 0; a < k1; a++) {
                    double za = z1[a][i];
                    if (za == 0) continue;
                    for (int b = 0; b < k1; b++) gram[a * k1 + b] += za * z1[b][i];
                    int base = a * nnz;
                    for (int j = 0; j < width; j++) vals[base + pos[rowIdx[j]]] += za * rowVal[j];
                }
            }
            for (int j = 0; j < nnz; j++) pos[cols[j]] = -1;
            firstGram[g] = gram;
            crossCols[g] = cols;
            crossVals[g] = vals;
        }
    }

    /** The Gram matrix of [Z_rest, X, y], handed over once (the pattern keeps its nonzeros; the dense copy is dropped). */
    double[] takeRestGram() {
        double[] g = restGram;
        if (g == null) throw new IllegalStateException("the Gram matrix was already taken");
        restGram = null;
        return g;
    }

    private int rowWidth() {
        int width = p + 1;
        for (int t = 1; t < terms.size(); t++) width += terms.get(t).k();
        return width;
    }

    /** Writes the nonzeros of row i of [Z_rest, X, y] (ascending columns; explicit zeros kept). */
    private void rowNonzeros(int i, int[] idx, double[] val) {
        int w = 0;
        for (int t = 1; t < terms.size(); t++) {
            RandomTerm term = terms.get(t);
            int k = term.k();
            int base = restOffset[t] + term.refs()[i] * k;
            double[][] z = term.z();
            for (int a = 0; a < k; a++) {
                idx[w] = base + a;
                val[w++] = z[a][i];
            }
        }
        double[] xd = x.data;
        for (int j = 0; j < p; j++) {
            idx[w] = qRest + j;
            val[w++] = xd[i * p + j];
        }
        idx[w] = s - 1;
        val[w] = y[i];
    }

    /** Largest k of any term (work arrays). */
    int maxK() {
        int maxK = 1;
        for (RandomTerm t : terms) maxK = Math.max(maxK, t.k());
        return maxK;
    }
}
