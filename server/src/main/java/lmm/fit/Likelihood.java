package lmm.fit;

/**
 * The likelihood figures of a fit.
 *
 * @param nobs             rows used
 * @param logLik           R's logLik (for REML fits the REML log-likelihood, −criterion/2)
 * @param degreesOfFreedom parameters counted by AIC and BIC: p + #θ + 1 (mixed) or p + 1 (OLS)
 * @param criterion        the REML criterion or ML deviance (NaN for OLS)
 */
public record Likelihood(int nobs, double logLik, int degreesOfFreedom, double criterion) {
    public double aic() {
        return -2 * logLik + 2 * degreesOfFreedom;
    }

    public double bic() {
        return -2 * logLik + Math.log(nobs) * degreesOfFreedom;
    }
}
