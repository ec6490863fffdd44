package lmm.fit.compare;

import java.util.IdentityHashMap;
import java.util.Map;
import lmm.fit.FitOptions;
import lmm.fit.FitResult;
import lmm.fit.ModelFitter;
import lmm.model.DesignMatrices;
import lmm.model.Method;
import lmm.model.ModelEntry;

/**
 * The maximum-likelihood fit of each model a comparison needs, each computed once: fits already made
 * by ML (or least squares) are taken as they are ({@link #offer}); REML fits are refitted by ML, as
 * lme4's anova does with refitML. Keyed by the design (the same X, Z and y are the same model, also
 * across re-bindings of an unchanged model). Not thread-safe: one per command or per fit job.
 */
public final class MaximumLikelihoodFits {
    private final FitOptions options;
    private final Map<DesignMatrices, FitResult> byDesign = new IdentityHashMap<>();

    public MaximumLikelihoodFits(FitOptions options) { this.options = options.withReml(false); }

    /** Registers a fit made elsewhere; only ML and least-squares fits are kept. */
    public void offer(ModelEntry m, FitResult r) {
        if (m.bound() != null && r != null && r.method() != Method.REML) byDesign.put(m.bound().matrices(), r);
    }

    /** True when {@code m} needs an ML refit (it is set to REML and mixed). */
    public static boolean needsRefit(ModelEntry m) { return m.bound() != null && m.bound().method() == Method.REML; }

    /**
     * The ML (or least-squares) fit of a bound model.
     *
     * @throws lmm.fit.FitException  when the model cannot be fitted
     * @throws lmm.fit.FitCancelled  when the options' cancellation check fires
     */
    public FitResult of(ModelEntry m) {
        DesignMatrices d = m.bound().matrices();
        FitResult r = byDesign.get(d);
        if (r == null) {
            r = ModelFitter.fit(d, options);
            byDesign.put(d, r);
        }
        return r;
    }
}
