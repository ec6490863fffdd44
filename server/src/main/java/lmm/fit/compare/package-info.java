/**
 * Model comparison: the likelihood-ratio table of lme4's {@code anova(small, big, ...)} and the F test
 * of R's {@code anova(lm1, lm2, ...)}, computed from fits. The model layer ({@link
 * lmm.model.ComparisonBinder}) has already checked that the models are nested and share their rows;
 * this unit only fits (ML refits of REML fits, through {@link lmm.fit.ModelFitter}) and tabulates.
 */
package lmm.fit.compare;
