package lmm.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lmm.fit.FitResult;
import lmm.fit.RandomEffects;
import lmm.model.ModelEntry;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Range;

/**
 * Code lenses above each model: "▶ Fit (REML)" before a fit; after it β, u and the residuals in
 * one line each (5 significant digits), with commands that show the full tables, the plots and the
 * export; "⚠ results are stale — ▶ Re-fit" once the document or its data changed. Lens titles are
 * plain text; their commands take only the document URI, the model name and a fixed keyword.
 */
public final class LmmCodeLens {
    private LmmCodeLens() {}

    public static final String FIT = "lmm.fit";
    public static final String SHOW_RESULTS = "lmm.showResults";
    public static final String SHOW_PLOTS = "lmm.showPlots";
    public static final String EXPORT = "lmm.exportResults";

    /** Levels of u listed before "… k more". */
    static final int MAX_LEVELS = 5;
    static final int DIGITS = 5;

    public static List<CodeLens> lenses(DocumentSnapshot s) {
        List<CodeLens> out = new ArrayList<>();
        for (ModelEntry m : s.models()) {
            Range at = Ranges.range(s.lines(), m.statement().keyword());
            String uri = s.uri(), name = m.name();
            if (!m.fittable()) {
                out.add(new CodeLens(at, new Command("✗ cannot fit: fix the problems in this model first", ""), null));
                continue;
            }
            String method = m.bound().method().name();
            StoredFit fit = s.fit(name);
            if (fit == null) {
                out.add(lens(at, "▶ Fit (" + method + ")", FIT, uri, name));
                continue;
            }
            if (!s.isCurrent(fit)) {
                out.add(lens(at, "⚠ results are stale — ▶ Re-fit (" + method + ")", FIT, uri, name));
                continue;
            }
            FitResult r = fit.result();
            if (r == null) {
                String why = fit.diagnostics().isEmpty() ? "the fit failed" : fit.diagnostics().get(0).message();
                out.add(lens(at, "✗ " + abbreviate(why, 80) + " — ▶ Re-fit", FIT, uri, name));
                continue;
            }
            out.add(lens(at, betaTitle(r), SHOW_RESULTS, uri, name, "fixef"));
            for (RandomEffects re : r.ranef()) out.add(lens(at, ranefTitle(re), SHOW_RESULTS, uri, name, "ranef"));
            out.add(lens(at, residualTitle(r), SHOW_RESULTS, uri, name, "residuals"));
            out.add(lens(at, "matrices", SHOW_RESULTS, uri, name, "matrices"));
            out.add(lens(at, "summary", SHOW_RESULTS, uri, name, "summary"));
            out.add(lens(at, "plots", SHOW_PLOTS, uri, name));
            out.add(lens(at, "export", EXPORT, uri, name));
            out.add(lens(at, "▶ Re-fit", FIT, uri, name));
        }
        out.addAll(LmmComparisons.lenses(s));
        return out;
    }

    /** {@code β  (Intercept) 0.16623 · flies -3.4667e-05}. */
    public static String betaTitle(FitResult r) {
        StringBuilder sb = new StringBuilder("β ");
        double[] est = r.fixef().estimate();
        for (int j = 0; j < est.length; j++) {
            sb.append(j == 0 ? " " : " · ").append(r.fixef().names().get(j)).append(' ').append(Num.format(est[j], DIGITS));
        }
        return sb.toString();
    }

    /** {@code u  oven_block: 1 -0.016208 · 2 0.0071586 · 3 0.0090492}; several terms per level in parentheses. */
    public static String ranefTitle(RandomEffects re) {
        StringBuilder sb = new StringBuilder("u  ").append(re.group());
        if (re.terms().size() > 1) sb.append(" (").append(String.join(", ", re.terms())).append(")");
        sb.append(':');
        double[][] v = re.values();
        int shown = Math.min(MAX_LEVELS, re.levels().size());
        for (int l = 0; l < shown; l++) {
            sb.append(l == 0 ? " " : " · ").append(re.levels().get(l)).append(' ');
            if (v[l].length == 1) sb.append(Num.format(v[l][0], DIGITS));
            else {
                sb.append('(');
                for (int j = 0; j < v[l].length; j++) sb.append(j > 0 ? ", " : "").append(Num.format(v[l][j], DIGITS));
                sb.append(')');
            }
        }
        if (re.levels().size() > shown) sb.append(" · … ").append(re.levels().size() - shown).append(" more");
        return sb.toString();
    }

    /** {@code residuals  n 18 · min … · median … · max … · σ 0.0079513 · REML criterion -89.429}. */
    public static String residualTitle(FitResult r) {
        double[] e = r.residuals();
        double[] sorted = e.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        StringBuilder sb = new StringBuilder("residuals  n ").append(n);
        if (n > 0) {
            sb.append(" · min ").append(Num.format(sorted[0], DIGITS)).append(" · median ").append(Num.format(median, DIGITS))
                    .append(" · max ").append(Num.format(sorted[n - 1], DIGITS));
        }
        sb.append(" · σ ").append(Num.format(r.sigma(), DIGITS));
        if (r.remlCriterion().isPresent()) sb.append(" · REML criterion ").append(Num.format(r.remlCriterion().getAsDouble(), DIGITS));
        else sb.append(" · logLik ").append(Num.format(r.logLik(), DIGITS));
        return sb.toString();
    }

    private static CodeLens lens(Range at, String title, String command, Object... args) {
        return new CodeLens(at, new Command(title, command, List.of(args)), null);
    }

    static String abbreviate(String s, int max) { return s.length() <= max ? s : s.substring(0, max - 1) + "…"; }
}
