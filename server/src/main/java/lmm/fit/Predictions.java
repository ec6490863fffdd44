package lmm.fit;

import java.util.ArrayList;
import java.util.List;
import lmm.model.NewData;
import lmm.model.RandomTerm;

/**
 * Predictions of a fitted model for new rows, as lme4's {@code predict(m, newdata, re.form = NA)}
 * (population level: Xβ̂, with its standard error √(x' Var(β̂) x)) and {@code predict(m, newdata,
 * allow.new.levels = TRUE)} (conditional: Xβ̂ + Zb̂, where a level the model has not seen, or a
 * missing one, contributes no random effect). Rows with a missing value get NaN (R's NA).
 *
 * @param newLevels per row, the grouping factors whose level is new (or missing) in that row
 */
public record Predictions(double[] population, double[] standardError, double[] conditional, List<List<String>> newLevels) {
    public static Predictions of(FitResult fit, NewData data) {
        int n = data.n(), p = fit.beta().length;
        double[] beta = fit.beta();
        double[][] v = fit.vcov();
        double[] pop = new double[n], se = new double[n], cond = new double[n];
        List<RandomTerm> order = fit.termsInThetaOrder();
        double[][] b = fit.b();
        List<List<String>> newLevels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> fresh = new ArrayList<>();
            newLevels.add(fresh);
            if (data.missing()[i]) {
                pop[i] = se[i] = cond[i] = Double.NaN;
                continue;
            }
            double[] x = data.x()[i];
            double eta = 0, var = 0;
            for (int j = 0; j < p; j++) {
                eta += x[j] * beta[j];
                double s = 0;
                for (int k = 0; k < p; k++) s += v[j][k] * x[k];
                var += x[j] * s;
            }
            pop[i] = eta;
            se[i] = Math.sqrt(Math.max(0, var));
            double random = 0;
            for (NewData.TermRows t : data.terms()) {
                int level = t.level()[i];
                if (level < 0) {
                    if (!fresh.contains(t.trained().group())) fresh.add(t.trained().group());
                    continue;
                }
                double[] bt = b[indexOf(order, t.trained())];
                int k = t.trained().k();
                for (int j = 0; j < k; j++) random += t.z()[j][i] * bt[level * k + j];
            }
            cond[i] = eta + random;
        }
        return new Predictions(pop, se, cond, newLevels);
    }

    /** The term's position in lme4's order (the layout of b): the fit holds the bound terms, else an equal one. */
    private static int indexOf(List<RandomTerm> order, RandomTerm t) {
        for (int i = 0; i < order.size(); i++) if (order.get(i) == t) return i;
        for (int i = 0; i < order.size(); i++) {
            RandomTerm o = order.get(i);
            if (o.group().equals(t.group()) && o.columnNames().equals(t.columnNames()) && o.levels().equals(t.levels())
                    && java.util.Arrays.equals(o.refs(), t.refs())) return i;
        }
        throw new IllegalArgumentException("the fit does not belong to this model: no term for " + t.group());
    }
}
