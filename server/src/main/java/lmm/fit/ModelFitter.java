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
        ProfiledDeviance deviance = new ProfiledDeviance(d, reml, options.cholesky(), options.threads());
        // The optimiser works on the scaled θ̃ (see DesignScaling), where a unit step means the same
        // for every component; the bounds are the same there.
        double[] start = StartingValues.moments(deviance.scaledDesign(), deviance.scaledLayout());
        double[] lower = deviance.layout().lowerBounds();
        VerifiedOptimum.Result optimum = VerifiedOptimum.find(deviance::objectiveScaled, start, lower, options);
        double[] thetaScaled = optimum.summary().finalTheta();
        PenalisedSolution sol = deviance.solution(deviance.fromScaled(thetaScaled));
        return MerModAssembly.assemble(d, deviance.layout(), sol, thetaScaled, Convergence.of(optimum),
                deviance.choleskyName(), System.nanoTime() - t0);
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
