package lmm.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmm.model.RandomTerm;

/**
 * lme4's VarCorr: the variance components Σ = σ²ΛΛ' of each term, listed group by group in order of
 * first appearance, the correlations within correlated terms, and the residual σ.
 *
 * @param rows  one row per random-effect covariate, then the Residual row
 * @param corr  correlations between covariates of the same correlated term
 * @param sigma the residual standard deviation
 */
public record VarCorr(List<VarCorrRow> rows, List<CorrRow> corr, double sigma) {
    public VarCorr {
        rows = List.copyOf(rows);
        corr = List.copyOf(corr);
    }

    /** A model without random terms: the residual only. */
    static VarCorr residualOnly(double sigma) {
        return new VarCorr(List.of(new VarCorrRow("Residual", null, sigma * sigma, sigma)), List.of(), sigma);
    }

    /** From each term's relative factor Λ (lme4 order) and σ. */
    static VarCorr of(List<RandomTerm> terms, List<double[]> lambdas, double sigma) {
        double sigma2 = sigma * sigma;
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int t = 0; t < terms.size(); t++) byGroup.computeIfAbsent(terms.get(t).group(), g -> new ArrayList<>()).add(t);
        List<VarCorrRow> rows = new ArrayList<>();
        List<CorrRow> corr = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : byGroup.entrySet()) {
            String group = e.getKey();
            for (int t : e.getValue()) {
                RandomTerm term = terms.get(t);
                int k = term.k();
                double[] cov = covariance(lambdas.get(t), k, sigma2);
                for (int a = 0; a < k; a++) {
                    rows.add(new VarCorrRow(group, term.columnNames().get(a), cov[a * k + a], Math.sqrt(cov[a * k + a])));
                }
                for (int a = 0; a < k; a++) {
                    for (int c = a + 1; c < k; c++) {
                        double denom = Math.sqrt(cov[a * k + a] * cov[c * k + c]);
                        double value = denom > 0 ? cov[a * k + c] / denom : Double.NaN;
                        corr.add(new CorrRow(group, List.of(term.columnNames().get(a), term.columnNames().get(c)), value));
                    }
                }
            }
        }
        rows.add(new VarCorrRow("Residual", null, sigma2, sigma));
        return new VarCorr(rows, corr, sigma);
    }

    /** σ²ΛΛ', k × k row-major. */
    static double[] covariance(double[] lam, int k, double sigma2) {
        double[] cov = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int c = 0; c < k; c++) {
                double sum = 0;
                for (int j = 0; j <= Math.min(a, c); j++) sum += lam[a * k + j] * lam[c * k + j];
                cov[a * k + c] = sigma2 * sum;
            }
        }
        return cov;
    }
}
