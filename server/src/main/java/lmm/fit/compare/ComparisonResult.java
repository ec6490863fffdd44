package lmm.fit.compare;

import java.util.List;
import lmm.model.BoundComparison;

/**
 * The table of one {@code compare} line, as R prints it.
 *
 * @param models   the model names as written
 * @param refitML  true when some REML fit was refitted by ML for the test (lme4's "refitting model(s) with ML")
 * @param lrt      for the likelihood-ratio test: rows by number of parameters (empty for an F test)
 * @param f        for the F test: rows as written (empty for a likelihood-ratio test)
 */
public record ComparisonResult(List<String> models, BoundComparison.Test test, boolean refitML,
                               List<LikelihoodRatioRow> lrt, List<FTestRow> f) {
    public ComparisonResult {
        models = List.copyOf(models);
        lrt = List.copyOf(lrt);
        f = List.copyOf(f);
    }

    /** The last row's test: what a one-line summary (the code lens) shows. */
    public LikelihoodRatioRow lastLrt() { return lrt.isEmpty() ? null : lrt.get(lrt.size() - 1); }

    public FTestRow lastF() { return f.isEmpty() ? null : f.get(f.size() - 1); }

    /**
     * One row of lme4's anova table; {@code chisq}, {@code df} and {@code p} are NaN in the first row
     * ({@code p} also where df is 0, as lme4 leaves it NA).
     */
    public record LikelihoodRatioRow(String model, String formula, int npar, double aic, double bic, double logLik,
                                     double deviance, double chisq, double df, double p) {}

    /** One row of R's anova(lm1, lm2); {@code df}, {@code sumOfSq}, {@code F}, {@code p} are NaN in the first row. */
    public record FTestRow(String model, String formula, double resDf, double rss, double df, double sumOfSq, double F, double p) {}
}
