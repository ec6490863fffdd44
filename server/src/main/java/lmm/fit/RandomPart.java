package lmm.fit;

import java.util.List;
import lmm.model.RandomTerm;

/**
 * The random-effects side of a fit, in lme4's term order (empty for OLS).
 *
 * @param terms    the random terms (the order of θ, b and u)
 * @param lambdas  each term's relative factor Λ, k × k row-major
 * @param theta    lme4's covariance parameters
 * @param singular lme4's isSingular: some θ with lower bound 0 below 1e-4 (judged on the scaled θ̃,
 *                 relative to each covariate's own scale)
 * @param atBoundary per θ: true for a diagonal element of Λ that is at its bound 0 in that sense
 * @param b        conditional modes b = Λu per term, level-major (the seed document's "u")
 * @param u        spherical random effects u per term, same layout
 * @param ranef    b as tables per grouping factor (lme4's ranef)
 */
public record RandomPart(List<RandomTerm> terms, List<double[]> lambdas, double[] theta, boolean singular,
                         boolean[] atBoundary, double[][] b, double[][] u, List<RandomEffects> ranef) {
    public RandomPart {
        terms = List.copyOf(terms);
        lambdas = List.copyOf(lambdas);
        theta = theta.clone();
        atBoundary = atBoundary.clone();
        b = deepCopy(b);
        u = deepCopy(u);
        ranef = List.copyOf(ranef);
    }

    static RandomPart none() {
        return new RandomPart(List.of(), List.of(), new double[0], false, new boolean[0], new double[0][], new double[0][], List.of());
    }

    @Override
    public double[] theta() { return theta.clone(); }

    @Override
    public boolean[] atBoundary() { return atBoundary.clone(); }

    @Override
    public double[][] b() { return deepCopy(b); }

    @Override
    public double[][] u() { return deepCopy(u); }

    static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
