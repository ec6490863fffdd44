package lmm.fit;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * How to fit a model.
 *
 * @param reml            REML (lme4's default) rather than ML; ignored for models without random terms
 * @param maxEvaluations  the optimiser's budget of objective evaluations; a fit that exhausts it is
 *                        reported as not converged
 * @param cancelled       polled before each evaluation; when it returns true the fit stops with {@link FitCancelled}
 * @param progress        told after each evaluation
 * @param cholesky        the dense Cholesky kernel
 */
public record FitOptions(boolean reml, int maxEvaluations, BooleanSupplier cancelled, FitProgress progress, DenseCholesky cholesky) {
    public FitOptions {
        Objects.requireNonNull(cancelled, "cancelled");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cholesky, "cholesky");
        if (maxEvaluations < 1) throw new IllegalArgumentException("maxEvaluations must be positive");
    }

    /** REML, 10 000 evaluations, never cancelled, no progress, the default Cholesky. */
    public static FitOptions defaults() {
        return new FitOptions(true, 10_000, () -> false, FitProgress.NONE, DenseCholesky.defaultImplementation());
    }

    public FitOptions withReml(boolean reml) {
        return new FitOptions(reml, maxEvaluations, cancelled, progress, cholesky);
    }

    public FitOptions withMaxEvaluations(int maxEvaluations) {
        return new FitOptions(reml, maxEvaluations, cancelled, progress, cholesky);
    }

    public FitOptions withCancelled(BooleanSupplier cancelled) {
        return new FitOptions(reml, maxEvaluations, cancelled, progress, cholesky);
    }

    public FitOptions withProgress(FitProgress progress) {
        return new FitOptions(reml, maxEvaluations, cancelled, progress, cholesky);
    }

    public FitOptions withCholesky(DenseCholesky cholesky) {
        return new FitOptions(reml, maxEvaluations, cancelled, progress, cholesky);
    }
}
