package lmm.inference;

/**
 * One confidence interval, named as lme4's confint(oldNames = FALSE) names it. A bound is NaN
 * where it could not be computed; {@code note} then says why in plain words (null otherwise).
 */
public record Interval(String parm, double lower, double upper, String note) {}
