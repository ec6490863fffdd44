package lmm.fit;

import java.util.List;

/** The fixed-effects table: R's column names of X, estimates, standard errors and t values (same order). */
public record FixedEffects(List<String> names, double[] estimate, double[] stdError, double[] tValue) {
    public FixedEffects {
        names = List.copyOf(names);
        estimate = estimate.clone();
        stdError = stdError.clone();
        tValue = tValue.clone();
    }

    @Override
    public double[] estimate() {
        return estimate.clone();
    }

    @Override
    public double[] stdError() {
        return stdError.clone();
    }

    @Override
    public double[] tValue() {
        return tValue.clone();
    }
}
