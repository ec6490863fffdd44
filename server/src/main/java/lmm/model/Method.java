package lmm.model;

/** How a model is fitted: lme4's REML or ML, or R's lm when there are no random terms. */
public enum Method {
    REML, ML, OLS;

    /** The statement value, case-sensitive as lme4's REML = TRUE/FALSE is spelled; null when unknown. */
    public static Method parse(String s) {
        return switch (s) {
            case "REML" -> REML;
            case "ML" -> ML;
            default -> null;
        };
    }
}
