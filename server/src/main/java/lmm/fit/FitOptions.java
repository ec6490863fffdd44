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
 * @param threads         1, or 2 to let large models fill the dense block on two threads (the
 *                        numbers are the same either way: rows are split at a fixed point and each
 *                        entry is summed in the same order)
 */
public record FitOptions(boolean reml, int maxEvaluations, BooleanSupplier cancelled, FitProgress progress, DenseCholesky cholesky,
                         int threads) {
    public FitOptions {
        Objects.requireNonNull(cancelled, "cancelled");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cholesky, "cholesky");
        if (maxEvaluations < 1) throw new IllegalArgumentException("maxEvaluations must be positive");
        if (threads < 1) throw new IllegalArgumentException("threads must be positive");
    }

    /** REML, 10 000 evaluations, never cancelled, no progress, the default Cholesky, two threads where there are two cores. */
    public static FitOptions defaults() {
        return new FitOptions(true, 10_000, () -> false, FitProgress.NONE, DenseCholesky.defaultImplementation(),
                Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    public FitOptions withReml(boolean reml) {
        return new FitOptions(reml, maxEvaluations, cancelled, progress, cholesky, threads);
    }

    public FitOptions withMaxEvaluations(int maxEvaluations) {
        return new FitOptions(reml, maxEvaluations, cancelled, progress, cholesky, threads);
    }

    public FitOptions withCancelled(BooleanSupplier cancelled) {
        return new FitOptions(reml, maxEvaluations, cancelled, progress, cholesky, threads);
    }

    public FitOptions withProgress(FitProgress progress) {
        return new FitOptions(reml, maxEvaluations, cancelled, progress, cholesky, threads);
    }

    public FitOptions withCholesky(DenseCholesky cholesky) {
        return new FitOptions(reml, maxEvaluations, cancelled, progress, cholesky, threads);
    }

    public FitOptions withThreads(int threads) {
        return new FitOptions(reml, maxEvaluations, cancelled, progress, cholesky, threads);
    }
}
