package lmm.fit;

import java.util.ArrayList;
import java.util.List;
import lmm.model.DesignMatrices;
import lmm.model.Method;
import lmm.model.RandomTerm;

/**
 * lme4's fourth step ({@code mkMerMod}) as one unit: from the penalised solution at the optimum to
 * the reported fit: Var(β̂), the fixed-effects table, VarCorr, the likelihood figures, the random
 * part, lme4's isSingular.
 */
final class MerModAssembly {
    /** lme4's isSingular tolerance, applied to the scaled θ̃ (see below). */
    static final double SINGULAR_TOLERANCE = 1e-4;

    private MerModAssembly() { }

    /**
     * @param thetaScaled the optimum in the optimiser's coordinates: isSingular is judged there, since
     *                    a covariate of scale 10⁵ legitimately has a θ of order 10⁻⁵ (lme4 would call
     *                    that singular; relative to the covariate's own scale it is not)
     */
    static FitResult assemble(DesignMatrices d, ThetaLayout layout, PenalisedSolution sol, double[] thetaScaled,
                              Convergence convergence, String linearAlgebra, long elapsedNanos) {
        int p = d.p();
        double sigma = sol.sigma();
        double[][] vcov = sol.vcov();
        FixedEffects fixef = ModelFitter.fixedEffects(d.xNames(), sol.beta(), vcov);
        List<RandomTerm> terms = layout.terms();
        double[] theta = sol.theta();
        boolean singular = false;
        double[] lower = layout.lowerBounds();
        boolean[] atBoundary = new boolean[theta.length];
        for (int i = 0; i < theta.length; i++) {
            atBoundary[i] = lower[i] == 0 && thetaScaled[i] < SINGULAR_TOLERANCE;
            singular |= atBoundary[i];
        }
        List<double[]> lambdas = new ArrayList<>();
        for (int t = 0; t < terms.size(); t++) lambdas.add(layout.lambda(t, theta));
        VarCorr varCorr = VarCorr.of(terms, lambdas, sigma);
        RandomPart random = new RandomPart(terms, lambdas, theta, singular, atBoundary, sol.b(), sol.u(), RandomEffects.tables(terms, sol.b()));
        Likelihood likelihood = new Likelihood(d.n(), -0.5 * sol.objective(), p + theta.length + 1, sol.objective());
        return new FitResult(sol.reml() ? Method.REML : Method.ML, fixef, vcov, varCorr, likelihood, random, sol.fitted(),
                sol.residuals(), convergence, linearAlgebra, elapsedNanos);
    }
}
