package lmm.inference;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.special.Beta;

/**
 * The tail probabilities and quantiles inference reports, computed on the tail itself (not as
 * 1 − CDF) so tiny p values keep their relative precision, as R's lower.tail = FALSE does.
 */
final class Distributions {
    private Distributions() {}

    /** 2 P(T_df > |t|), R's 2 * pt(abs(t), df, lower.tail = FALSE). */
    static double twoSidedT(double t, double df) {
        if (!Double.isFinite(t) || !(df > 0)) return Double.NaN;
        double x = df / (df + t * t);
        return Beta.regularizedBeta(x, df / 2, 0.5, 1e-15, 100000);
    }

    /** P(F_{d1,d2} > f), R's pf(f, d1, d2, lower.tail = FALSE). */
    static double fUpper(double f, double d1, double d2) {
        if (!Double.isFinite(f) || !(d1 > 0) || !(d2 > 0)) return Double.NaN;
        if (f <= 0) return 1;
        return Beta.regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2, 1e-15, 100000);
    }

    /** The normal quantile, R's qnorm(p). */
    static double normalQuantile(double p) {
        return new NormalDistribution(0, 1).inverseCumulativeProbability(p);
    }

    /** The t quantile, R's qt(p, df). */
    static double tQuantile(double p, double df) {
        return new TDistribution(df).inverseCumulativeProbability(p);
    }
}
