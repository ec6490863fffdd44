package lmm.model;

import java.util.List;

/**
 * One random-effects term after expansion, e.g. {@code (1 + Days | Subject)}: k covariate columns
 * (here 1 and Days) varying by the levels of one grouping factor.
 *
 * <p>Z is never stored as a general n × q matrix: row i of this term's block of Z holds z[·][i] in
 * the k columns of level refs[i] and zeros elsewhere. The block's columns are laid out as lme4
 * lays them out: the k columns of the first level, then the k columns of the second level, and so on.
 * An uncorrelated term {@code (x || g)} becomes several RandomTerms with the same group.
 *
 * @param group        the grouping factor's name as lme4 prints it ("Subject", "cask:batch")
 * @param levels       the factor's levels in order (labels; interactions joined with ':')
 * @param refs         for each row used, the index of its level in {@code levels}
 * @param columnNames  R's names of the k covariates ("(Intercept)", "Days")
 * @param z            z[j][i]: covariate j at row i (k × n)
 */
public record RandomTerm(String group, List<String> levels, int[] refs, List<String> columnNames, double[][] z) {
    public int levelCount() { return levels.size(); }

    /** Number of covariates per level (1 for a random intercept). */
    public int k() { return columnNames.size(); }

    /** Number of columns of this term's block of Z. */
    public int columnCount() { return levels.size() * columnNames.size(); }

    /** Number of covariance parameters θ: the lower triangle of a k × k factor. */
    public int thetaCount() { return k() * (k() + 1) / 2; }
}
