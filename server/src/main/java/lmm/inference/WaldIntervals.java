package lmm.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Wald intervals for β: β̂ ± z·SE with the normal quantile for mixed models (lme4's
 * confint(method = "Wald")) and the t quantile on the residual df for OLS (R's confint(lm)).
 */
final class WaldIntervals {
    private WaldIntervals() {}

    /** @param residualDf the t distribution's df, or NaN for the normal */
    static List<Interval> of(List<String> names, double[] beta, double[] se, double level, double residualDf) {
        double a = (1 + level) / 2;
        double z = Double.isNaN(residualDf) ? Distributions.normalQuantile(a) : Distributions.tQuantile(a, residualDf);
        List<Interval> out = new ArrayList<>();
        for (int j = 0; j < beta.length; j++) out.add(new Interval(names.get(j), beta[j] - z * se[j], beta[j] + z * se[j], null));
        return out;
    }
}
