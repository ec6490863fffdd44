package lmm.fit;

/** How a model was fitted: lme4's REML or ML criterion, or ordinary least squares (R's lm) without random terms. */
public enum FitMethod { REML, ML, OLS }
