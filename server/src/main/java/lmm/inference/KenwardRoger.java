package lmm.inference;

import java.util.ArrayList;
import java.util.List;
import lmm.fit.PenalisedSolution;
import lmm.fit.ProfiledDeviance;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Kenward and Roger's adjusted Var(β̂) and denominator df, as pbkrtest computes them (vcovAdj,
 * Lb_ddf, KRmodcomp). The covariance of y is linear in the parameters γ: Σ = Σ_r γ_r G_r with one
 * G_r = Z E_r Z' per element of each term's covariance matrix (lower triangle) and the identity for
 * the residual variance. pbkrtest forms n × n matrices; here every product is taken in the space of
 * the q random effects by Woodbury's identity, Σ = σ²(I + UU') with U = ZΛ, so that
 * (I + UU')⁻ᵏ = I − U S_k U' with S_k = C⁻¹ + … + C⁻ᵏ and C = I + U'U. Cost O(q³), memory O(q²).
 */
public final class KenwardRoger {
    /** Largest number of random effects handled (dense q × q work). */
    public static final int MAX_RANDOM_EFFECTS = 1000;

    private final double[][] phi;
    private final double[][] phiAdjusted;
    private final double[][][] pMatrices;
    private final double[][] w;

    private KenwardRoger(double[][] phi, double[][] phiAdjusted, double[][][] p, double[][] w) {
        this.phi = phi;
        this.phiAdjusted = phiAdjusted;
        this.pMatrices = p;
        this.w = w;
    }

    /** Kenward–Roger's adjusted Var(β̂) (pbkrtest's vcovAdj). */
    public double[][] adjustedVcov() { return Matrices.copy(phiAdjusted); }

    /**
     * @param d        the model's design
     * @param deviance its deviance function (for the term order and Λ of θ)
     * @param theta    θ̂ of the REML fit
     * @param sigma    σ̂
     * @param vcov     Var(β̂) of the fit (pbkrtest's Phi)
     */
    public static KenwardRoger of(DesignMatrices d, ProfiledDeviance deviance, double[] theta, double sigma, double[][] vcov) {
        List<RandomTerm> terms = deviance.layout().terms();
        int m = terms.size(), n = d.n(), p = d.p();
        int[] off = new int[m + 1];
        for (int t = 0; t < m; t++) off[t + 1] = off[t] + terms.get(t).columnCount();
        int q = off[m];
        if (q > MAX_RANDOM_EFFECTS) {
            throw new IllegalArgumentException(q + " random effects: more than the " + MAX_RANDOM_EFFECTS
                    + " this dense method handles");
        }
        // Gram matrices of [Z X] from the rows (Z in lme4's term order, level-major within a term).
        DMatrixRMaj zz = new DMatrixRMaj(q, q), zx = new DMatrixRMaj(q, p), xx = new DMatrixRMaj(p, p);
        int nnz = 0;
        for (RandomTerm t : terms) nnz += t.k();
        int[] idx = new int[nnz];
        double[] val = new double[nnz];
        double[] xd = d.x().data;
        for (int i = 0; i < n; i++) {
            int e = 0;
            for (int t = 0; t < m; t++) {
                RandomTerm term = terms.get(t);
                int k = term.k(), base = off[t] + term.refs()[i] * k;
                for (int a = 0; a < k; a++, e++) {
                    idx[e] = base + a;
                    val[e] = term.z()[a][i];
                }
            }
            for (int a = 0; a < nnz; a++) {
                for (int b = 0; b < nnz; b++) zz.data[idx[a] * q + idx[b]] += val[a] * val[b];
                for (int c = 0; c < p; c++) zx.data[idx[a] * p + c] += val[a] * xd[i * p + c];
            }
            for (int a = 0; a < p; a++) {
                for (int c = 0; c < p; c++) xx.data[a * p + c] += xd[i * p + a] * xd[i * p + c];
            }
        }
        double[][] lambdas = new double[m][];
        for (int t = 0; t < m; t++) lambdas[t] = deviance.layout().lambda(t, theta);
        DMatrixRMaj a = lambdaTransposeTimes(zz, terms, off, lambdas);   // Λ'N
        DMatrixRMaj v = lambdaTransposeTimes(zx, terms, off, lambdas);   // Λ'Z'X
        DMatrixRMaj at = new DMatrixRMaj(q, q);
        CommonOps_DDRM.transpose(a, at);                                 // NΛ
        DMatrixRMaj kk = lambdaTransposeTimes(at, terms, off, lambdas);  // Λ'NΛ
        DMatrixRMaj c = kk.copy();
        for (int i = 0; i < q; i++) c.data[i * q + i] += 1;
        DMatrixRMaj s1 = new DMatrixRMaj(q, q);
        if (!CommonOps_DDRM.invertSPD(c, s1)) throw new IllegalArgumentException("I + Λ'Z'ZΛ is not positive definite");
        DMatrixRMaj c2 = new DMatrixRMaj(q, q), c3 = new DMatrixRMaj(q, q);
        CommonOps_DDRM.mult(s1, s1, c2);
        CommonOps_DDRM.mult(c2, s1, c3);
        DMatrixRMaj s2 = new DMatrixRMaj(q, q), s3 = new DMatrixRMaj(q, q);
        CommonOps_DDRM.add(s1, c2, s2);
        CommonOps_DDRM.add(s2, c3, s3);

        double[][] m1 = reduced(zz, at, s1, a), m2 = reduced(zz, at, s2, a);
        double[][] b1 = reduced(zx, at, s1, v), b2 = reduced(zx, at, s2, v);
        DMatrixRMaj vt = new DMatrixRMaj(p, q);
        CommonOps_DDRM.transpose(v, vt);
        double[][] x2 = reduced(xx, vt, s2, v), x3 = reduced(xx, vt, s3, v);
        double tr2 = n - CommonOps_DDRM.elementSum(CommonOps_DDRM.elementMult(s2, kk, null));   // tr((I+UU')⁻²); S2 and K are symmetric

        // The parameters γ: per term, the lower triangle of its covariance column by column; then σ².
        List<int[][]> e = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            RandomTerm term = terms.get(t);
            int k = term.k(), levels = term.levelCount();
            for (int j = 0; j < k; j++) {
                for (int i = j; i < k; i++) {
                    int[][] pairs = new int[i == j ? levels : 2 * levels][];
                    for (int l = 0, w = 0; l < levels; l++) {
                        int ci = off[t] + l * k + i, cj = off[t] + l * k + j;
                        pairs[w++] = new int[] {ci, cj};
                        if (i != j) pairs[w++] = new int[] {cj, ci};
                    }
                    e.add(pairs);
                }
            }
        }
        int r = e.size() + 1, res = r - 1;
        double s = sigma * sigma;
        double[][][] pm = new double[r][][];
        for (int i = 0; i < res; i++) pm[i] = scale(bilinear(e.get(i), b1, b1), -1 / (s * s));
        pm[res] = scale(x2, -1 / (s * s));
        double[][][] mEb = new double[res][][];   // M1 E_s B1
        for (int i = 0; i < res; i++) mEb[i] = leftTimesE(m1, e.get(i), b1);
        double[][][][] qq = new double[r][r][][];
        double[][] ktrace = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int j = i; j < r; j++) {
                double[][] qm;
                double kt;
                if (j < res) {
                    qm = scale(bilinear(e.get(i), b1, mEb[j]), 1 / (s * s * s));
                    kt = traceEMEM(e.get(i), e.get(j), m1) / (s * s);
                } else if (i < res) {
                    qm = scale(bilinear(e.get(i), b1, b2), 1 / (s * s * s));
                    double tr = 0;
                    for (int[] ab : e.get(i)) tr += m2[ab[1]][ab[0]];
                    kt = tr / (s * s);
                } else {
                    qm = scale(x3, 1 / (s * s * s));
                    kt = tr2 / (s * s);
                }
                qq[i][j] = qm;
                ktrace[i][j] = ktrace[j][i] = kt;
            }
        }
        double[][] phi = vcov;
        double[][] ie2 = new double[r][r];
        for (int i = 0; i < r; i++) {
            double[][] phiPi = Matrices.multiply(phi, pm[i]);
            for (int j = i; j < r; j++) {
                double[][] pjPhi = Matrices.multiply(pm[j], phi);
                ie2[i][j] = ie2[j][i] = ktrace[i][j] - 2 * elementSum(phi, qq[i][j]) + elementSum(phiPi, pjPhi);
            }
        }
        double[][] w = pseudoInverseTimesTwo(ie2);
        double[][] uu = new double[p][p];
        for (int i = 0; i < r - 1; i++) {
            for (int j = i + 1; j < r; j++) addScaled(uu, w[i][j], minus(qq[i][j], Matrices.multiply(Matrices.multiply(pm[i], phi), pm[j])));
        }
        double[][] sym = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) sym[i][j] = uu[i][j] + uu[j][i];
        }
        for (int i = 0; i < r; i++) addScaled(sym, w[i][i], minus(qq[i][i], Matrices.multiply(Matrices.multiply(pm[i], phi), pm[i])));
        double[][] gg = Matrices.multiply(Matrices.multiply(phi, sym), phi);
        double[][] phiA = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) phiA[i][j] = phi[i][j] + 2 * gg[i][j];
        }
        return new KenwardRoger(Matrices.copy(phi), phiA, pm, w);
    }

    /** pbkrtest's Lb_ddf: the df of one contrast. */
    public double df(double[] l) {
        return adjust(new double[][] {l}, phi, 1).df;
    }

    /**
     * KRmodcomp for Lβ = 0: the scaled F, q = rank(L), and the adjusted df. As in pbkrtest 0.5.2 the
     * df and scaling take Θ = L'(LΦL')⁻¹L from the unadjusted Φ; only the Wald statistic uses Φ_A.
     */
    public FTest test(double[][] l, double[] beta) {
        if (l.length == 0) return null;
        int q = Matrices.rank(l);
        Adjusted a = adjust(l, phi, q);
        double[][] inner = Matrices.inverse(Matrices.sandwich(l, phiAdjusted));
        double[] lb = new double[l.length];
        for (int i = 0; i < l.length; i++) lb[i] = Matrices.dot(l[i], beta);
        double wald = Matrices.quadraticForm(lb, inner);
        double f = a.scaling * wald / q;
        return FTest.of(f, q, a.df);
    }

    private record Adjusted(double df, double scaling) {}

    private Adjusted adjust(double[][] l, double[][] thetaVcov, int q) {
        double[][] theta = Matrices.multiply(Matrices.multiply(Matrices.transpose(l), Matrices.inverse(Matrices.sandwich(l, thetaVcov))), l);
        double[][] thetaPhi = Matrices.multiply(theta, phi);
        int r = pMatrices.length;
        double[][][] u = new double[r][][];
        for (int i = 0; i < r; i++) u[i] = Matrices.multiply(Matrices.multiply(thetaPhi, pMatrices[i]), phi);
        double a1 = 0, a2 = 0;
        for (int i = 0; i < r; i++) {
            for (int j = i; j < r; j++) {
                double e = i == j ? 1 : 2;
                a1 += e * w[i][j] * Matrices.trace(u[i]) * Matrices.trace(u[j]);
                a2 += e * w[i][j] * elementSum(u[i], Matrices.transpose(u[j]));
            }
        }
        double b = (a1 + 6 * a2) / (2 * q);
        double g = ((q + 1) * a1 - (q + 4) * a2) / ((q + 2) * a2);
        double den = 3 * q + 2 * (1 - g);
        double c1 = g / den, c2 = (q - g) / den, c3 = (q + 2 - g) / den;
        double v0 = 1 + c1 * b, v1 = 1 - c2 * b, v2 = 1 - c3 * b;
        if (Math.abs(v0) < 1e-10) v0 = 0;
        double x = 1 - a2 / q;
        double ratio = Math.abs(x) < 1e-14 && Math.abs(v1) < 1e-14 ? 1 : x / v1;
        double rho = ratio * ratio * v0 / v2 / q;
        double df2 = 4 + (q + 2) / (q * rho - 1);
        double scaling = Math.abs(df2 - 2) < 1e-2 ? 1 : df2 * (1 - a2 / q) / (df2 - 2);
        return new Adjusted(df2, scaling);
    }

    // ---------------------------------------------------------------------------------------------

    /** Λ' times a q × c matrix (Λ block diagonal: per term and level its k × k factor). */
    private static DMatrixRMaj lambdaTransposeTimes(DMatrixRMaj a, List<RandomTerm> terms, int[] off, double[][] lambdas) {
        int cols = a.numCols;
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, cols);
        for (int t = 0; t < terms.size(); t++) {
            int k = terms.get(t).k();
            double[] lam = lambdas[t];
            for (int l = 0, levels = terms.get(t).levelCount(); l < levels; l++) {
                int base = off[t] + l * k;
                for (int r = 0; r < k; r++) {
                    for (int s = r; s < k; s++) {   // (Λ')[r][s] = Λ[s][r], nonzero for s ≥ r
                        double f = lam[s * k + r];
                        if (f == 0) continue;
                        int from = (base + s) * cols, to = (base + r) * cols;
                        for (int c = 0; c < cols; c++) out.data[to + c] += f * a.data[from + c];
                    }
                }
            }
        }
        return out;
    }

    /** base − left · S · right, as a double[][]. */
    private static double[][] reduced(DMatrixRMaj base, DMatrixRMaj left, DMatrixRMaj s, DMatrixRMaj right) {
        DMatrixRMaj sr = new DMatrixRMaj(s.numRows, right.numCols);
        CommonOps_DDRM.mult(s, right, sr);
        DMatrixRMaj lsr = new DMatrixRMaj(left.numRows, right.numCols);
        CommonOps_DDRM.mult(left, sr, lsr);
        double[][] out = new double[base.numRows][base.numCols];
        for (int i = 0; i < base.numRows; i++) {
            for (int j = 0; j < base.numCols; j++) out[i][j] = base.get(i, j) - lsr.get(i, j);
        }
        return out;
    }

    /** A' E B over E's (row, column) pairs: Σ A[a]ᵀ B[b]. */
    private static double[][] bilinear(int[][] pairs, double[][] a, double[][] b) {
        int pa = a[0].length, pb = b[0].length;
        double[][] out = new double[pa][pb];
        for (int[] ab : pairs) {
            double[] ra = a[ab[0]], rb = b[ab[1]];
            for (int u = 0; u < pa; u++) {
                double f = ra[u];
                if (f == 0) continue;
                for (int v = 0; v < pb; v++) out[u][v] += f * rb[v];
            }
        }
        return out;
    }

    /** M E B for symmetric q × q M: Σ over pairs (a, b) of column a of M times row b of B. */
    private static double[][] leftTimesE(double[][] m, int[][] pairs, double[][] b) {
        int q = m.length, p = b[0].length;
        double[][] out = new double[q][p];
        for (int[] ab : pairs) {
            double[] rb = b[ab[1]];
            int col = ab[0];
            for (int i = 0; i < q; i++) {
                double f = m[i][col];
                if (f == 0) continue;
                for (int v = 0; v < p; v++) out[i][v] += f * rb[v];
            }
        }
        return out;
    }

    /** tr(E_r M E_s M) = Σ_{(a,b)∈E_r} Σ_{(c,d)∈E_s} M[b][c] M[d][a]. */
    private static double traceEMEM(int[][] er, int[][] es, double[][] m) {
        double s = 0;
        for (int[] ab : er) {
            double[] rowB = m[ab[1]];
            int a = ab[0];
            for (int[] cd : es) s += rowB[cd[0]] * m[cd[1]][a];
        }
        return s;
    }

    private static double[][] scale(double[][] a, double f) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
            for (int j = 0; j < out[i].length; j++) out[i][j] *= f;
        }
        return out;
    }

    private static double[][] minus(double[][] a, double[][] b) {
        double[][] out = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) out[i][j] = a[i][j] - b[i][j];
        }
        return out;
    }

    private static void addScaled(double[][] acc, double f, double[][] a) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) acc[i][j] += f * a[i][j];
        }
    }

    private static double elementSum(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) s += a[i][j] * b[i][j];
        }
        return s;
    }

    /** pbkrtest: 2 IE2⁻¹, or 2 times the Moore–Penrose inverse when the smallest |eigenvalue| is below 1e-10. */
    private static double[][] pseudoInverseTimesTwo(double[][] ie2) {
        var eig = new org.hipparchus.linear.EigenDecompositionSymmetric(org.hipparchus.linear.MatrixUtils.createRealMatrix(ie2));
        double[] d = eig.getEigenvalues();
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (double x : d) {
            min = Math.min(min, Math.abs(x));
            max = Math.max(max, Math.abs(x));
        }
        int r = ie2.length;
        double[][] out = new double[r][r];
        // MASS::ginv drops singular values below sqrt(eps) times the largest.
        double tol = min > 1e-10 ? 0 : Math.sqrt(Math.ulp(1.0)) * max;
        for (int k = 0; k < r; k++) {
            if (Math.abs(d[k]) <= tol) continue;
            double[] v = eig.getEigenvector(k).toArray();
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) out[i][j] += 2 * v[i] * v[j] / d[k];
            }
        }
        return out;
    }
}
