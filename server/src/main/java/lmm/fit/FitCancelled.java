package lmm.fit;

/** Thrown when the caller's cancellation check returned true between two evaluations of the objective. */
public final class FitCancelled extends RuntimeException {
    private final int evaluations;

    public FitCancelled(int evaluations) {
        super("fit cancelled after " + evaluations + " evaluations");
        this.evaluations = evaluations;
    }

    /** How many objective evaluations had run when the fit was cancelled. */
    public int evaluations() {
        return evaluations;
    }
}
