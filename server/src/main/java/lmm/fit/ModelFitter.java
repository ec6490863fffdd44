package lmm.fit;

import lmm.model.Method;
import java.util.List;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * The entry point: fits a linear mixed model as lme4's lmer does (REML or ML), or, without random
 * terms, an ordinary least-squares model as R's lm does.
 */
public final class ModelFitter {

    private ModelFitter() { }

    /**
     * Fits the model. The design is one the binder (lmm.model.ModelBinder) accepted: that is the one
     * place a model is validated, with located messages (finite values, enough rows and levels, X of
     * full column rank, a response that varies). Here only the shape is checked, as a contract.
     *
     * @throws FitException  for numerically degenerate input (plain message for the user)
     * @throws FitCancelled  when {@code options.cancelled()} returned true
     * @throws IllegalArgumentException when the design's parts do not have the same number of rows
     */
    public static FitResult fit(DesignMatrices design, FitOptions options) {
        requireShape(design);
        return design.randomTerms().isEmpty() ? fitOls(design) : fitMixed(design, options);
    }

    private static void requireShape(DesignMatrices d) {
        int n = d.n();
        if (d.x().numRows != n) throw new IllegalArgumentException("X has " + d.x().numRows + " rows but the response has " + n);
        if (n <= d.p()) throw new FitException("only " + n + " observations for " + d.p() + " fixed-effect coefficients");
        for (RandomTerm t : d.randomTerms()) {
            if (t.refs().length != n) {
                throw new IllegalArgumentException("random term for " + t.group() + " has " + t.refs().length + " rows, expected " + n);
            }
        }
    }

    // ----------------------------------------------------------------------------------------------
    // Ordinary least squares (R's lm), by Householder QR for numerical stability.

    private static FitResult fitOls(DesignMatrices d) {
        long t0 = System.nanoTime();
        int n = d.n();
        int p = d.p();
        // With no columns (y ~ 0) there is nothing to decompose: β is empty and the fit is zero.
        DMatrixRMaj r = new DMatrixRMaj(0, 0);
        DMatrixRMaj q = new DMatrixRMaj(n, 0);
        if (p > 0) {
            QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, p);
            if (!qr.decompose(d.x().copy())) throw new FitException("the QR decomposition of the fixed-effects design failed");
            r = qr.getR(null, true);
            q = qr.getQ(null, true);
        }
        double[] y = d.y();
        double[] qty = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) qty[j] += q.get(i, j) * y[i];
        }
        double[] beta = new double[p];
        for (int j = p - 1; j >= 0; j--) {
            double sum = qty[j];
            for (int c = j + 1; c < p; c++) sum -= r.get(j, c) * beta[c];
            beta[j] = sum / r.get(j, j);
        }
        double[] fitted = new double[n];
        double[] residuals = new double[n];
        double rss = 0;
        double yss = 0;
        double[] xd = d.x().data;
        for (int i = 0; i < n; i++) {
            double f = 0;
            for (int j = 0; j < p; j++) f += xd[i * p + j] * beta[j];
            fitted[i] = f;
            residuals[i] = y[i] - f;
            rss += residuals[i] * residuals[i];
            yss += y[i] * y[i];
        }
        if (!(rss > 1e-28 * yss)) throw new FitException("the response " + d.response() + " is fitted exactly: no residual variation is left");
        double sigma2 = rss / (n - p);
        // (R'R)⁻¹ = R⁻¹ R⁻ᵀ
        double[][] rinv = new double[p][p];
        for (int c = 0; c < p; c++) {
            rinv[c][c] = 1 / r.get(c, c);
            for (int i = c - 1; i >= 0; i--) {
                double sum = 0;
                for (int a = i + 1; a <= c; a++) sum -= r.get(i, a) * rinv[a][c];
                rinv[i][c] = sum / r.get(i, i);
            }
        }
        double[][] vcov = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double sum = 0;
                for (int a = Math.max(i, j); a < p; a++) sum += rinv[i][a] * rinv[j][a];
                vcov[i][j] = sigma2 * sum;
            }
        }
        FixedEffects fixef = fixedEffects(d.xNames(), beta, vcov);
        double sigma = Math.sqrt(sigma2);
        double logLik = -0.5 * n * (Math.log(2 * Math.PI * rss / n) + 1);
        return new FitResult(Method.OLS, fixef, vcov, VarCorr.residualOnly(sigma), new Likelihood(n, logLik, p + 1, Double.NaN),
                RandomPart.none(), fitted, residuals, Convergence.exact(), "QR (EJML Householder)", System.nanoTime() - t0);
    }

    // ----------------------------------------------------------------------------------------------
    // Linear mixed models (lme4's lmer).

    private static FitResult fitMixed(DesignMatrices d, FitOptions options) {
        long t0 = System.nanoTime();
        boolean reml = options.reml();
        if (options.cancelled().getAsBoolean()) throw new FitCancelled(0);
        ProfiledDeviance deviance = new ProfiledDeviance(d, reml, options.cholesky(), options.threads(), options.cancelled());
        // The optimiser works on the scaled θ̃ (see DesignScaling), where a unit step means the same
        // for every component; the bounds are the same there.
        double[] start = StartingValues.moments(deviance.scaledDesign(), deviance.scaledLayout());
        double[] lower = deviance.layout().lowerBounds();
        VerifiedOptimum.Result optimum = VerifiedOptimum.find(deviance::objectiveScaled, start, lower, options);
        if (onBoundary(optimum.summary().finalTheta(), lower)) {
            // A singular optimum may be one of several on the boundary (one variance at 0 here, a
            // correlation at ±1 there): search again from lme4's own start (1 on the diagonals of the
            // unscaled Λ) and, with vector terms, from strongly negative and positive correlations,
            // and keep the best.
            List<double[]> others = new java.util.ArrayList<>();
            others.add(deviance.toScaled(deviance.layout().start()));
            if (hasVectorTerm(deviance.layout())) {
                others.add(correlatedStart(deviance.scaledLayout(), start, -0.9));
                others.add(correlatedStart(deviance.scaledLayout(), start, 0.9));
            }
            for (double[] other : others) {
                if (java.util.Arrays.equals(other, start)) continue;
                VerifiedOptimum.Result next = VerifiedOptimum.find(deviance::objectiveScaled, other, lower, options);
                if (next.summary().finalObjective() < optimum.summary().finalObjective()
                        - VerifiedOptimum.gainTolerance(optimum.summary().finalObjective())) optimum = next;
            }
        }
        double[] thetaScaled = optimum.summary().finalTheta();
        PenalisedSolution sol = deviance.solutionScaled(thetaScaled);
        FitResult result = MerModAssembly.assemble(d, deviance.layout(), sol, thetaScaled, Convergence.of(optimum),
                deviance.choleskyName(), System.nanoTime() - t0);
        // its inference starts from this factor and from the points of the last check (see ProfiledDeviance.of, CheckStencil)
        deviance.keepFor(result, optimum.stencilCheck(), thetaScaled);
        return result;
    }

    private static boolean hasVectorTerm(ThetaLayout layout) {
        for (RandomTerm t : layout.terms()) if (t.k() > 1) return true;
        return false;
    }

    /**
     * The start with each vector term's Λ̃ the Cholesky factor of the equicorrelation matrix with
     * correlation ρ (scaled down to ρ/(k − 1) when negative, so that it stays positive definite);
     * scalar terms keep their values in {@code base}.
     */
    private static double[] correlatedStart(ThetaLayout layout, double[] base, double rho) {
        double[] out = base.clone();
        for (int t = 0; t < layout.termCount(); t++) {
            int k = layout.terms().get(t).k();
            if (k == 1) continue;
            double r = rho < 0 ? rho / (k - 1) : rho;
            double[] a = new double[k * k];
            for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) a[i * k + j] = i == j ? 1 : r;
            SmallMatrices.cholesky(a, k);
            for (int c = 0, idx = layout.offset(t); c < k; c++) {
                for (int row = c; row < k; row++, idx++) out[idx] = a[row * k + c];
            }
        }
        return out;
    }

    /** True when some θ̃ with lower bound 0 is below lme4's singular tolerance. */
    private static boolean onBoundary(double[] thetaScaled, double[] lower) {
        for (int i = 0; i < thetaScaled.length; i++) {
            if (lower[i] == 0 && thetaScaled[i] < MerModAssembly.SINGULAR_TOLERANCE) return true;
        }
        return false;
    }

    static FixedEffects fixedEffects(List<String> names, double[] beta, double[][] vcov) {
        int p = beta.length;
        double[] se = new double[p];
        double[] t = new double[p];
        for (int j = 0; j < p; j++) {
            se[j] = Math.sqrt(vcov[j][j]);
            t[j] = beta[j] / se[j];
        }
        return new FixedEffects(names, beta, se, t);
    }
}
