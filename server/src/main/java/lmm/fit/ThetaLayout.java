package lmm.fit;

import java.util.ArrayList;
import java.util.List;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;

/**
 * The random terms in lme4's order and the layout of θ over them.
 *
 * <p>lme4 (mkReTrms) reorders the terms only when some term has more levels than the one before it,
 * and then by {@code rev(order(nl))}: decreasing number of levels, ties in REVERSE formula order (R's
 * order is stable, rev flips the ties). Reproduced exactly so that θ is reported in lme4's order.
 *
 * <p>Per term, θ holds the lower triangle of its k × k factor Λ column by column (lme4's order):
 * for k = 2, (λ11, λ21, λ22).
 */
public final class ThetaLayout {
    private final List<RandomTerm> terms;
    private final int[] formulaIndex;
    private final int[] offset;
    private final int count;

    ThetaLayout(DesignMatrices design) {
        List<RandomTerm> formulaOrder = design.randomTerms();
        List<RandomTerm> lme4Order = design.randomTermsInLme4Order();
        int m = formulaOrder.size();
        int[] order = new int[m];
        for (int i = 0; i < m; i++) order[i] = formulaOrder.indexOf(lme4Order.get(i));
        terms = new ArrayList<>(m);
        formulaIndex = new int[m];
        offset = new int[m + 1];
        for (int i = 0; i < m; i++) {
            RandomTerm t = formulaOrder.get(order[i]);
            terms.add(t);
            formulaIndex[i] = order[i];
            offset[i + 1] = offset[i] + t.thetaCount();
        }
        count = offset[m];
    }

    /** The terms in lme4's order. */
    public List<RandomTerm> terms() {
        return terms;
    }

    /** Position in the formula of the term at position {@code lme4Index} of lme4's order. */
    public int formulaIndex(int lme4Index) {
        return formulaIndex[lme4Index];
    }

    public int termCount() {
        return terms.size();
    }

    /** Total number of covariance parameters. */
    public int count() {
        return count;
    }

    /** Index in θ of the first parameter of term {@code t} (lme4 order). */
    public int offset(int t) {
        return offset[t];
    }

    /** lme4's start: 1 on the diagonal of each factor, 0 off it. */
    public double[] start() {
        double[] th = new double[count];
        for (int t = 0; t < terms.size(); t++) {
            int k = terms.get(t).k();
            for (int c = 0, idx = offset[t]; c < k; c++) {
                for (int r = c; r < k; r++, idx++) th[idx] = r == c ? 1.0 : 0.0;
            }
        }
        return th;
    }

    /** Lower bounds: 0 for diagonal elements of a factor, −∞ off the diagonal. */
    public double[] lowerBounds() {
        double[] lo = start();
        for (int i = 0; i < lo.length; i++) lo[i] = lo[i] == 1.0 ? 0.0 : Double.NEGATIVE_INFINITY;
        return lo;
    }

    /** Term {@code t}'s factor Λ from θ as a row-major k × k lower-triangular array. */
    public double[] lambda(int t, double[] theta) {
        int k = terms.get(t).k();
        double[] lam = new double[k * k];
        for (int c = 0, idx = offset[t]; c < k; c++) {
            for (int r = c; r < k; r++, idx++) lam[r * k + c] = theta[idx];
        }
        return lam;
    }
}
