package lmm.fit;

import java.util.List;
import java.util.Optional;

/**
 * Whether the optimum is verified, and what failed if not.
 *
 * @param optimizer the optimiser's record (null for OLS)
 * @param converged true when the optimiser stopped on its tolerance and the finite-difference check
 *                  at the optimum passed (always true for OLS)
 * @param problems  what failed, in plain words (empty when converged)
 * @param restarts  how many times the optimiser was restarted from its optimum
 * @param maxScaledGradient lme4's max|scaled gradient| at the optimum (NaN when not computed)
 * @param checkEvaluations  objective evaluations of the checks, boundary tries and Newton steps after
 *                          the optimiser (not in {@link #evaluations()})
 */
public record Convergence(OptimizerSummary optimizer, boolean converged, List<String> problems, int restarts,
                          double maxScaledGradient, int checkEvaluations) {
    public Convergence {
        problems = List.copyOf(problems);
    }

    static Convergence exact() {
        return new Convergence(null, true, List.of(), 0, Double.NaN, 0);
    }

    static Convergence of(VerifiedOptimum.Result r) {
        List<String> problems = new java.util.ArrayList<>();
        if (!r.summary().converged()) problems.add(r.summary().message());
        problems.addAll(r.check().problems());
        return new Convergence(r.summary(), r.converged(), problems, r.restarts(), r.check().maxScaledGradient(),
                r.checkEvaluations());
    }

    public Optional<OptimizerSummary> optimizerSummary() {
        return Optional.ofNullable(optimizer);
    }

    public int evaluations() {
        return optimizer == null ? 0 : optimizer.evaluations();
    }
}
