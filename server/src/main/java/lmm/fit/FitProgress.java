package lmm.fit;

/** Told after each evaluation of the objective (deviance or REML criterion); called on the fitting thread. */
@FunctionalInterface
public interface FitProgress {
    FitProgress NONE = (evaluations, objective) -> { };

    void evaluated(int evaluations, double objective);
}
