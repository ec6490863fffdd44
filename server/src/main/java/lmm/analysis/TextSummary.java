package lmm.analysis;

import lmm.fit.FitResult;
import lmm.fit.RandomEffects;
import lmm.model.BoundModel;
import lmm.model.ModelEntry;

/** The command line's readable summary of one fitted model: β, u, the residuals and the check Y = Xβ + Zu + e. */
public final class TextSummary {
    private TextSummary() {}

    /** Rows of the decomposition and levels of u printed unless asked otherwise, as R's print truncates. */
    public static final int DEFAULT_ROWS = 50;

    /**
     * @param maxRows how many rows of the decomposition (and levels of each u) to print; the rest are
     *                counted ("… k more rows"); {@link MatrixTables#ALL} for every one
     */
    public static String render(ModelEntry m, FitResult r, boolean verbose, int maxRows) {
        BoundModel b = m.bound();
        StringBuilder sb = new StringBuilder();
        sb.append("model ").append(m.name()).append(": ").append(b.formulaText()).append('\n');
        sb.append("  ").append(r.method()).append(" fit, ").append(r.nobs()).append(" rows");
        if (b.droppedRows() > 0) sb.append(" (").append(b.droppedRows()).append(" dropped for missing values)");
        if (m.dataPath() != null) sb.append(", data ").append(m.dataPath().getFileName());
        sb.append('\n');
        if (!b.aliased().isEmpty()) sb.append("  dropped aliased columns of X: ").append(String.join(", ", b.aliased())).append('\n');
        lmm.inference.Inference inf = Inferences.of(m, r);
        sb.append('\n').append(InferenceTables.coefficients(r, inf).plain());
        sb.append("  ---\n  Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n");
        TextTable kr = InferenceTables.kenwardRoger(r, inf);
        if (kr != null) sb.append('\n').append(kr.plain());
        TextTable anova = InferenceTables.anova(InferenceTables.anovaTitle(r, false), inf.anova());
        if (anova != null) sb.append('\n').append(anova.plain());
        TextTable anovaKr = InferenceTables.anova(InferenceTables.anovaTitle(r, true), inf.anovaKenwardRoger());
        if (anovaKr != null) sb.append('\n').append(anovaKr.plain());
        sb.append('\n').append(InferenceTables.intervals(inf).plain());
        for (String note : inf.notes()) sb.append("  note: ").append(note).append('\n');
        if (b.isMixed()) {
            sb.append('\n').append(MatrixTables.varcorr(r).plain());
            for (var c : r.corr()) {
                sb.append("  correlation of ").append(c.terms().get(0)).append(" and ").append(c.terms().get(1))
                        .append(" within ").append(c.group()).append(": ").append(Num.format(c.value(), 4)).append('\n');
            }
            for (RandomEffects re : r.ranef()) sb.append('\n').append(MatrixTables.ranef(re, maxRows).plain());
        }
        sb.append('\n');
        sb.append("  σ = ").append(Num.format(r.sigma()));
        sb.append("   logLik = ").append(Num.format(r.logLik()));
        sb.append("   AIC = ").append(Num.format(r.aic()));
        sb.append("   BIC = ").append(Num.format(r.bic()));
        r.remlCriterion().ifPresent(v -> sb.append("   REML criterion = ").append(Num.format(v)));
        r.deviance().ifPresent(v -> sb.append("   deviance = ").append(Num.format(v)));
        sb.append('\n');
        if (b.isMixed()) {
            sb.append("  ").append(r.converged() ? "converged" : "NOT converged").append(" after ").append(r.evaluations())
                    .append(" evaluations").append(r.singular() ? "; boundary (singular) fit" : "").append('\n');
        }
        if (verbose) {
            sb.append("  fit time ").append(Num.format(r.fitTimeNanos() / 1e6, 4)).append(" ms");
            r.optimizer().ifPresent(o -> {
                if (o.evaluations() > 0) {
                    sb.append(": ").append(o.evaluations()).append(" objective evaluations (").append(o.algorithm()).append(") at ")
                            .append(Num.format(o.elapsedNanos() / 1e6 / o.evaluations(), 3)).append(" ms each, set-up and solution ")
                            .append(Num.format((r.fitTimeNanos() - o.elapsedNanos()) / 1e6, 3)).append(" ms");
                }
            });
            sb.append("\n  linear algebra: ").append(r.linearAlgebra());
            lmm.fit.DenseCholesky.nativeProblem().ifPresent(p -> {
                if (r.linearAlgebra().startsWith("EJML")) sb.append(" (").append(p).append(")");
            });
            sb.append('\n');
            sb.append("  θ = ");
            double[] theta = r.theta();
            for (int i = 0; i < theta.length; i++) sb.append(i > 0 ? ", " : "").append(Num.format(theta[i]));
            sb.append('\n');
        }
        MatrixTables.Decomposition dec = MatrixTables.Decomposition.of(b, r);
        sb.append('\n').append(MatrixTables.decomposition(b, r, dec, maxRows).plain());
        double scale = 0;
        for (double y : b.matrices().y()) scale = Math.max(scale, Math.abs(y));
        boolean holds = dec.maxError() <= 1e-9 * Math.max(1, scale);
        sb.append("  check: max |Y − (Xβ + Zu + e)| = ").append(Num.format(dec.maxError(), 3))
                .append(holds ? "  ✓ Y = Xβ + Zu + e holds" : "  ✗ does not hold").append('\n');
        return sb.toString();
    }
}
