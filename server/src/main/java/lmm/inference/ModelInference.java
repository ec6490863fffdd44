package lmm.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import lmm.fit.CheckStencil;
import lmm.fit.FitCancelled;
import lmm.fit.FitException;
import lmm.fit.ProfiledDeviance;
import lmm.fit.FitOptions;
import lmm.fit.FitResult;
import lmm.fit.ModelFitter;
import lmm.model.BoundModel;
import lmm.model.Method;

/**
 * The entry point of inference: from a bound model and its fit, the df and p of each coefficient,
 * the F tables per term and the confidence intervals, as lmerTest, pbkrtest and lme4 (or lm for OLS)
 * report them. Whatever cannot be computed is left out with a note saying why.
 */
public final class ModelInference {
    /**
     * Profiles are computed when rows × parameters is at most this: each point of a profile is a
     * refit, about 30 points per parameter (sleepstudy: 180 × 6; the cake factorial: 270 × 20).
     */
    public static final long PROFILE_MAX_WORK = 100_000;
    public static final double DEFAULT_LEVEL = 0.95;

    private ModelInference() {}

    public static Inference compute(BoundModel m, FitResult r, double level) {
        return compute(m, r, level, () -> false);
    }

    /**
     * @param cancelled polled between the points of the numerical derivatives and of the profiles
     *                  (each one factorisation); when it returns true this stops with {@link FitCancelled}
     */
    public static Inference compute(BoundModel m, FitResult r, double level, BooleanSupplier cancelled) {
        List<String> notes = new ArrayList<>();
        double[] beta = r.beta();
        double[] se = r.fixef().stdError();
        double[] t = r.fixef().tValue();
        int p = beta.length;
        List<String> names = r.fixef().names();
        if (r.method() == Method.OLS) {
            int resDf = r.nobs() - p;
            double[] df = new double[p], pv = new double[p];
            for (int j = 0; j < p; j++) {
                df[j] = resDf;
                pv[j] = Distributions.twoSidedT(t[j], resDf);
            }
            return new Inference(df, pv, null, SequentialAnova.table(m, r.residuals()), null, level,
                    WaldIntervals.of(names, beta, se, level, resDf), null, notes);
        }
        var design = m.matrices();
        boolean reml = r.method() == Method.REML;
        ProfiledDeviance dev = ProfiledDeviance.of(design, reml, r);
        double[][] vcov = r.vcov();
        Map<String, double[][]> contrasts = TermContrasts.typeThree(m);

        double[] df = new double[p], pv = new double[p];
        List<TermTest> anova = new ArrayList<>();
        try {
            Satterthwaite s = Satterthwaite.of(dev, CheckStencil.of(r), r.theta(), r.sigma(), vcov, cancelled);
            if (s.negativeOrZeroEigenvalues() > 0) {
                notes.add("the Hessian of the deviance over (θ, σ) has " + s.negativeOrZeroEigenvalues()
                        + " eigenvalue(s) not clearly positive: the fit may not have converged or lies on a boundary; "
                        + "Satterthwaite's df use its generalised inverse, as lmerTest does");
            }
            for (int j = 0; j < p; j++) {
                df[j] = s.df(unit(p, j));
                pv[j] = Distributions.twoSidedT(t[j], df[j]);
            }
            for (var e : contrasts.entrySet()) {
                FTest test = s.test(e.getValue(), beta);
                if (test != null) anova.add(new TermTest(e.getKey(), test));
            }
        } catch (FitCancelled e) {
            throw e;
        } catch (RuntimeException e) {
            java.util.Arrays.fill(df, Double.NaN);
            java.util.Arrays.fill(pv, Double.NaN);
            notes.add("Satterthwaite's df could not be computed: " + e.getMessage());
        }

        Inference.KenwardRogerColumns kr = null;
        List<TermTest> anovaKr = null;
        if (reml) {
            if (cancelled.getAsBoolean()) throw new FitCancelled(0);
            try {
                KenwardRoger k = KenwardRoger.of(design, dev, r.theta(), r.sigma(), vcov);
                double[][] adj = k.adjustedVcov();
                double[] kse = new double[p], kdf = new double[p], kp = new double[p];
                for (int j = 0; j < p; j++) {
                    kse[j] = Math.sqrt(adj[j][j]);
                    kdf[j] = k.df(unit(p, j));
                    kp[j] = Distributions.twoSidedT(beta[j] / kse[j], kdf[j]);
                }
                kr = new Inference.KenwardRogerColumns(kse, kdf, kp);
                anovaKr = new ArrayList<>();
                for (var e : contrasts.entrySet()) {
                    FTest test = k.test(e.getValue(), beta);
                    if (test != null) anovaKr.add(new TermTest(e.getKey(), test));
                }
            } catch (FitCancelled e) {
                throw e;
            } catch (RuntimeException e) {
                kr = null;
                anovaKr = null;
                notes.add("Kenward–Roger's df were not computed: " + e.getMessage());
            }
        } else {
            notes.add("Kenward–Roger's df need a REML fit (pbkrtest's rule); this model is fitted by ML");
        }

        List<Interval> wald = WaldIntervals.of(names, beta, se, level, Double.NaN);
        List<Interval> profile = null;
        if (!profileFits(design)) {
            notes.add("profile intervals are computed when rows × parameters is at most " + PROFILE_MAX_WORK
                    + " (each point of a profile is a refit); this model has " + design.n() + " × " + parameterCount(design));
        } else {
            try {
                FitResult mlFit = reml ? ModelFitter.fit(design, FitOptions.defaults().withReml(false).withCancelled(cancelled)) : r;
                ProfiledDeviance mlDev = reml ? new ProfiledDeviance(design, false) : dev;
                profile = ProfileIntervals.of(mlDev, mlFit, names, level, cancelled);
                for (Interval i : profile) if (i.note() != null) notes.add(i.parm() + ": " + i.note());
                if (reml) notes.add("profile intervals are on the ML deviance: the REML fit was refitted by ML first, as lme4's profile does");
            } catch (FitException | IllegalStateException e) {
                notes.add("profile intervals could not be computed: " + e.getMessage());
            }
        }
        return new Inference(df, pv, kr, anova, anovaKr, level, wald, profile, notes);
    }

    /** Whether a model is small enough for profile intervals (see PROFILE_MAX_WORK). */
    public static boolean profileFits(lmm.model.DesignMatrices d) {
        return (long) d.n() * parameterCount(d) <= PROFILE_MAX_WORK;
    }

    private static int parameterCount(lmm.model.DesignMatrices d) {
        int k = d.p() + 1;
        for (var t : d.randomTerms()) k += t.thetaCount();
        return k;
    }

    private static double[] unit(int p, int j) {
        double[] l = new double[p];
        l[j] = 1;
        return l;
    }
}
