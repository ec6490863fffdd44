package lmm.fit;

/**
 * How the first term (most levels) enters the numeric update, fixed by its shape once.
 * <ul>
 *   <li>{@link Scalar}: k₁ = 1. Level g's block of L11 is the number √(λ²Z₁g'Z₁g + 1), and its whole
 *       effect on the dense part is a weighted sum of fixed products, w_g v_g v_g' with
 *       w_g = λ²/(λ²Z₁g'Z₁g + 1): the fast path. Levels with equal Z₁g'Z₁g share a weight (with
 *       random intercepts: equal counts), so weights and log-determinants are computed per such class.</li>
 *   <li>{@link Vector}: k₁ ≥ 2. Each level's k₁ × k₁ block is factored and the dense part is
 *       downdated level by level.</li>
 * </ul>
 */
sealed interface FirstTerm permits FirstTerm.Scalar, FirstTerm.Vector {
    /**
     * @param classOf    per level of term 1, its class (levels with equal Z₁g'Z₁g)
     * @param classGram  per class, Z₁g'Z₁g
     * @param classSize  per class, the number of levels in it
     */
    record Scalar(int[] classOf, double[] classGram, int[] classSize) implements FirstTerm {
        static Scalar of(double[][] firstGram) {
            int levels = firstGram.length;
            int[] classOf = new int[levels];
            java.util.HashMap<Double, Integer> ids = new java.util.HashMap<>();
            for (int g = 0; g < levels; g++) {
                Integer id = ids.putIfAbsent(firstGram[g][0], ids.size());
                classOf[g] = id == null ? ids.size() - 1 : id;
            }
            int classes = ids.size();
            double[] classGram = new double[classes];
            int[] classSize = new int[classes];
            for (int g = 0; g < levels; g++) {
                classGram[classOf[g]] = firstGram[g][0];
                classSize[classOf[g]]++;
            }
            return new Scalar(classOf, classGram, classSize);
        }

        int classes() { return classGram.length; }
    }

    record Vector() implements FirstTerm { }

    static FirstTerm of(CrossProducts cross) {
        return cross.k1 == 1 ? Scalar.of(cross.firstGram) : new Vector();
    }
}
