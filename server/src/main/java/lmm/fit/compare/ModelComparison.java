package lmm.fit.compare;

import java.util.ArrayList;
import java.util.List;
import lmm.fit.FitResult;
import lmm.model.BoundComparison;
import lmm.model.ModelEntry;
import org.hipparchus.special.Beta;
import org.hipparchus.special.Gamma;

/**
 * Runs a bound comparison: lme4's {@code anova(small, big, ...)} for mixed models (REML fits refitted
 * by ML, rows by number of parameters, χ² = 2·max(0, Δ logLik) between consecutive rows) or R's
 * {@code anova(lm1, lm2, ...)} for least-squares models (rows as written, each F scaled by the residual
 * mean square of the model with the fewest residual df).
 */
public final class ModelComparison {
    private ModelComparison() {}

    /**
     * @param c a comparison whose {@code ready()} is true
     * @throws lmm.fit.FitException when a model cannot be fitted
     */
    public static ComparisonResult run(BoundComparison c, MaximumLikelihoodFits fits) {
        if (!c.ready()) throw new IllegalArgumentException("comparison not ready: " + c.names());
        List<String> names = c.models().stream().map(ModelEntry::name).toList();
        if (c.test() == BoundComparison.Test.F) return new ComparisonResult(names, c.test(), false, List.of(), fTest(c.models(), fits));
        boolean refit = c.models().stream().anyMatch(MaximumLikelihoodFits::needsRefit);
        List<ComparisonResult.LikelihoodRatioRow> rows = new ArrayList<>();
        FitResult previous = null;
        for (ModelEntry m : c.ordered()) {
            FitResult r = fits.of(m);
            double chisq = Double.NaN, df = Double.NaN, p = Double.NaN;
            if (previous != null) {
                chisq = 2 * Math.max(0, r.logLik() - previous.logLik());
                df = r.degreesOfFreedom() - previous.degreesOfFreedom();
                p = df == 0 ? Double.NaN : chiSquaredUpperTail(chisq, df);
            }
            rows.add(new ComparisonResult.LikelihoodRatioRow(m.name(), m.bound().formulaText(), r.degreesOfFreedom(), r.aic(), r.bic(),
                    r.logLik(), -2 * r.logLik(), chisq, df, p));
            previous = r;
        }
        return new ComparisonResult(names, c.test(), refit, rows, List.of());
    }

    private static List<ComparisonResult.FTestRow> fTest(List<ModelEntry> models, MaximumLikelihoodFits fits) {
        int k = models.size();
        double[] resDf = new double[k], rss = new double[k];
        int big = 0;
        for (int i = 0; i < k; i++) {
            FitResult r = fits.of(models.get(i));
            resDf[i] = r.nobs() - r.fixef().names().size();
            double s = 0;
            for (double e : r.residuals()) s += e * e;
            rss[i] = s;
            if (resDf[i] < resDf[big]) big = i;
        }
        double scale = rss[big] / resDf[big];
        List<ComparisonResult.FTestRow> rows = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double df = Double.NaN, ss = Double.NaN, f = Double.NaN, p = Double.NaN;
            if (i > 0) {
                df = resDf[i - 1] - resDf[i];
                ss = rss[i - 1] - rss[i];
                f = df == 0 ? Double.NaN : ss / df / scale;
                if (f < 0) f = Double.NaN; // R: "rather than p = 0"
                p = Double.isNaN(f) ? Double.NaN : fUpperTail(f, Math.abs(df), resDf[big]);
            }
            ModelEntry m = models.get(i);
            rows.add(new ComparisonResult.FTestRow(m.name(), m.bound().formulaText(), resDf[i], rss[i], df, ss, f, p));
        }
        return rows;
    }

    /** P(χ²_df > x), accurate far into the tail (the regularised upper incomplete gamma function). */
    static double chiSquaredUpperTail(double x, double df) {
        if (x <= 0) return 1;
        return Gamma.regularizedGammaQ(df / 2, x / 2);
    }

    /** P(F_{d1,d2} > f) as the regularised incomplete beta function of d2 / (d2 + d1 f). */
    static double fUpperTail(double f, double d1, double d2) {
        if (f <= 0) return 1;
        return Beta.regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
    }
}
