package lmm.fit;

/**
 * One variance component: a random term's covariate within a grouping factor, or the residual
 * (group "Residual", term null), as in lme4's {@code as.data.frame(VarCorr(fit))}.
 */
public record VarCorrRow(String group, String term, double variance, double stdDev) {
    public boolean isResidual() {
        return term == null;
    }
}
