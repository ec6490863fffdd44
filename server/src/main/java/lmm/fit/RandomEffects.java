package lmm.fit;

import java.util.List;

/**
 * Conditional modes b = Λu of one grouping factor (lme4's {@code ranef}): one row per level, one value
 * per term. Terms of an uncorrelated {@code (x || g)} are merged into one entry for g.
 *
 * @param values values[level][term]
 */
public record RandomEffects(String group, List<String> terms, List<String> levels, double[][] values) {
    public RandomEffects {
        terms = List.copyOf(terms);
        levels = List.copyOf(levels);
        values = deepCopy(values);
    }

    @Override
    public double[][] values() {
        return deepCopy(values);
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
