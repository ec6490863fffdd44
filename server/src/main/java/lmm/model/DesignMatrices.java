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

    /** Total number of columns of Z. */
    public int q() { return randomTerms.stream().mapToInt(RandomTerm::columnCount).sum(); }
}
