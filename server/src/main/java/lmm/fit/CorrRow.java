package lmm.fit;

import java.util.List;

/**
 * The correlation between two covariates of one correlated random term, e.g. (Intercept) and Days in
 * {@code (Days | Subject)}. NaN when one of the two variances is zero (as lme4).
 */
public record CorrRow(String group, List<String> terms, double value) {
    public CorrRow {
        terms = List.copyOf(terms);
    }
}
