package lmm.analysis;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.BooleanSupplier;
import lmm.fit.FitResult;
import lmm.inference.Inference;
import lmm.inference.ModelInference;
import lmm.model.ModelEntry;

/**
 * The inference of a fit (df, p, F tables, intervals), computed on first use and kept as long as the
 * fit itself is (weakly keyed by the fit), so the summary, the results view and the JSON share one.
 */
public final class Inferences {
    private static final Map<FitResult, Inference> CACHE = new WeakHashMap<>();

    private Inferences() {}

    /** Whether the inference of this fit is already computed (then {@link #of} returns at once). */
    public static boolean known(FitResult r) {
        synchronized (CACHE) {
            return CACHE.containsKey(r);
        }
    }

    public static Inference of(ModelEntry m, FitResult r) {
        return of(m, r, () -> false);
    }

    /**
     * As {@link #of(ModelEntry, FitResult)}, polling {@code cancelled} between the points of the
     * derivatives and profiles (the editor's cancellation of a request).
     *
     * @throws lmm.fit.FitCancelled when {@code cancelled} returned true (nothing is kept)
     */
    public static Inference of(ModelEntry m, FitResult r, BooleanSupplier cancelled) {
        synchronized (CACHE) {
            Inference cached = CACHE.get(r);
            if (cached != null) return cached;
        }
        Inference inf = ModelInference.compute(m.bound(), r, m.level(), cancelled);
        synchronized (CACHE) {
            CACHE.put(r, inf);
        }
        return inf;
    }
}
