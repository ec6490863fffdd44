package lmm.inference;

import java.util.ArrayList;
import java.util.List;
import lmm.model.BoundModel;
import lmm.model.ExpandedFormula;

/**
 * R's anova(lm): sequential (type I) sums of squares, each term's share of the effects Q'y of the QR
 * decomposition of X in column order, tested against the residual mean square. The Residuals row is
 * not a test and is left out.
 */
final class SequentialAnova {
    private SequentialAnova() {}

    static List<TermTest> table(BoundModel m, double[] residuals) {
        var d = m.matrices();
        int n = d.n(), p = d.p();
        double[][] q = new double[p][];
        double[] effects = new double[p];
        double[] y = d.y();
        // modified Gram–Schmidt, twice for stability; effects_j = q_j'y
        for (int j = 0; j < p; j++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = d.x().get(i, j);
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double c = Matrices.dot(q[k], v);
                    for (int i = 0; i < n; i++) v[i] -= c * q[k][i];
                }
            }
            double norm = Math.sqrt(Matrices.dot(v, v));
            for (int i = 0; i < n; i++) v[i] /= norm;
            q[j] = v;
            effects[j] = Matrices.dot(v, y);
        }
        double rss = Matrices.dot(residuals, residuals);
        int resDf = n - p;
        double resMs = rss / resDf;
        ExpandedFormula f = m.formula();
        List<TermTest> out = new ArrayList<>();
        for (int t = 0; t < f.terms().size(); t++) {
            double ss = 0;
            int df = 0;
            for (int j = 0; j < p; j++) {
                if (m.termOfColumn().get(j) != t) continue;
                ss += effects[j] * effects[j];
                df++;
            }
            if (df == 0) continue;
            FTest test = FTest.of(ss / df / resMs, df, resDf);
            out.add(new TermTest(f.label(f.terms().get(t)), test));
        }
        return out;
    }
}
