package lmm.fit;

/**
 * A model that cannot be fitted, with a plain message meant for the user (no stack trace needed):
 * degenerate input (n ≤ p, a constant response, a rank-deficient X, a grouping factor with one
 * level or as many levels as rows) or a numerical failure of the optimiser.
 */
public class FitException extends RuntimeException {
    public FitException(String message) {
        super(message);
    }
}
