package lmm.model;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * What the fitting engine needs of a model: the response y, the fixed-effects design X (full column
 * rank: aliased columns have been dropped already) with R's column names, and the random terms.
 * No random terms means an ordinary least-squares fit.
 */
public record DesignMatrices(String response, double[] y, DMatrixRMaj x, List<String> xNames, List<RandomTerm> randomTerms) {
    public int n() { return y.length; }

    public int p() { return x.numCols; }

    /**
     * The random terms in lme4's order, which is the order of Z's blocks and of θ. lme4 (mkReTrms)
     * reorders only when some term has more levels than the one before it, and then by
     * {@code rev(order(nl))}: decreasing number of levels, ties in reverse formula order.
     */
    public List<RandomTerm> randomTermsInLme4Order() {
        int m = randomTerms.size();
        boolean increases = false;
        for (int i = 1; i < m; i++) if (randomTerms.get(i).levelCount() > randomTerms.get(i - 1).levelCount()) increases = true;
        if (!increases) return randomTerms;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) order[i] = i;
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> randomTerms.get(i).levelCount()));
        List<RandomTerm> out = new java.util.ArrayList<>(m);
        for (int i = m - 1; i >= 0; i--) out.add(randomTerms.get(order[i]));
        return out;
    }

    /** Total number of columns of Z. */
    public int q() { return randomTerms.stream().mapToInt(RandomTerm::columnCount).sum(); }
}
