package lmm.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmm.model.RandomTerm;

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

    /**
     * Tables of per-term values (the layout of {@link FitResult#b()}: per term, level-major) by grouping
     * factor, in order of first appearance; used for the modes b and for their conditional SDs alike.
     */
    static List<RandomEffects> tables(List<RandomTerm> terms, double[][] perTerm) {
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int t = 0; t < terms.size(); t++) byGroup.computeIfAbsent(terms.get(t).group(), g -> new ArrayList<>()).add(t);
        List<RandomEffects> out = new ArrayList<>();
        for (var e : byGroup.entrySet()) out.addAll(ofGroup(e.getKey(), e.getValue(), terms, perTerm));
        return out;
    }

    /** The ranef tables of one grouping factor: terms sharing the same levels are merged (as lme4's ranef does). */
    private static List<RandomEffects> ofGroup(String group, List<Integer> termIndices, List<RandomTerm> terms, double[][] b) {
        List<RandomEffects> out = new ArrayList<>();
        List<Integer> pending = new ArrayList<>(termIndices);
        while (!pending.isEmpty()) {
            RandomTerm first = terms.get(pending.get(0));
            List<Integer> same = new ArrayList<>();
            for (int t : pending) {
                if (terms.get(t).levels().equals(first.levels())) same.add(t);
            }
            pending.removeAll(same);
            List<String> names = new ArrayList<>();
            int width = 0;
            for (int t : same) {
                names.addAll(terms.get(t).columnNames());
                width += terms.get(t).k();
            }
            double[][] values = new double[first.levelCount()][width];
            int col = 0;
            for (int t : same) {
                int k = terms.get(t).k();
                for (int h = 0; h < first.levelCount(); h++) {
                    System.arraycopy(b[t], h * k, values[h], col, k);
                }
                col += k;
            }
            out.add(new RandomEffects(group, names, first.levels(), values));
        }
        return out;
    }
}
