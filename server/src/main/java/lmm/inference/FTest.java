package lmm.inference;

import org.hipparchus.special.Beta;

/** One F test: F on numDf and denDf degrees of freedom and its upper-tail p value. */
public record FTest(double f, double numDf, double denDf, double p) {
    static FTest of(double f, double numDf, double denDf) {
        return new FTest(f, numDf, denDf, Distributions.fUpper(f, numDf, denDf));
    }
}
