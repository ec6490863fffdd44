package lmm.fit;

/**
 * What the optimiser did, as a value (for --verbose output and editor progress).
 *
 * @param algorithm       "BOBYQA" (two or more parameters) or "Brent" (one)
 * @param initialTheta    the starting point (moment estimates for random intercepts, else lme4's 1 on diagonals and 0 off them)
 * @param lowerBounds     0 for diagonal elements, −∞ off the diagonal
 * @param finalTheta      the optimum after snapping near-boundary values onto the bound
 * @param finalObjective  the objective (deviance or REML criterion) at finalTheta
 * @param evaluations     number of objective evaluations, including the boundary checks
 * @param converged       true when the optimiser stopped on its own tolerance, false when it ran out of evaluations
 *                        or failed
 * @param message         why it stopped, in plain words
 * @param elapsedNanos    wall time of the optimisation
 * @param objectiveTrace  the objective at each evaluation, in order
 */
public record OptimizerSummary(String algorithm, double[] initialTheta, double[] lowerBounds, double[] finalTheta,
                               double finalObjective, int evaluations, boolean converged, String message,
                               long elapsedNanos, double[] objectiveTrace) {
    public OptimizerSummary {
        initialTheta = initialTheta.clone();
        lowerBounds = lowerBounds.clone();
        finalTheta = finalTheta.clone();
        objectiveTrace = objectiveTrace.clone();
    }

    @Override
    public double[] initialTheta() {
        return initialTheta.clone();
    }

    @Override
    public double[] lowerBounds() {
        return lowerBounds.clone();
    }

    @Override
    public double[] finalTheta() {
        return finalTheta.clone();
    }

    @Override
    public double[] objectiveTrace() {
        return objectiveTrace.clone();
    }
}
