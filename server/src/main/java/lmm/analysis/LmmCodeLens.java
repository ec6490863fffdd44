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
 * Code lenses above each model: "▶ Fit (REML)" before a fit; after it several short lenses, each
 * a title of at most {@link #MAX_TITLE} characters (long vectors summarised: the first values, then
 * "… k more"): β; u per grouping factor; the residuals' summary with σ; then Results, Plots,
 * Export and Re-fit. "⚠ results are stale — ▶ Re-fit" once the document or its data changed.
 * Lens titles are plain text; their commands take only the document URI, the model name and a
 * fixed keyword. Further lenses of a fit (other issues' inference or comparison lines) are added in
 * {@link #fitted}.
 */
public final class LmmCodeLens {
    private LmmCodeLens() {}

    public static final String FIT = "lmm.fit";
    public static final String SHOW_RESULTS = "lmm.showResults";
    public static final String SHOW_PLOTS = "lmm.showPlots";
    public static final String EXPORT = "lmm.exportResults";

    /** The longest lens title: lenses share one line, and a title cut off by the editor cannot be read. */
    public static final int MAX_TITLE = 100;
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
                out.add(lens(at, abbreviate("✗ " + why, MAX_TITLE - 12) + " — ▶ Re-fit", FIT, uri, name));
                continue;
            }
            fitted(out, at, uri, name, r);
        }
        out.addAll(LmmComparisons.lenses(s));
        return out;
    }

    /** The lenses of a current fit, in the order they stand on the line. */
    static void fitted(List<CodeLens> out, Range at, String uri, String name, FitResult r) {
        out.add(lens(at, betaTitle(r), SHOW_RESULTS, uri, name, "fixef"));
        for (RandomEffects re : r.ranef()) out.add(lens(at, ranefTitle(re), SHOW_RESULTS, uri, name, "ranef"));
        out.add(lens(at, residualTitle(r), SHOW_RESULTS, uri, name, "residuals"));
        out.add(lens(at, "Results", SHOW_RESULTS, uri, name, "summary"));
        out.add(lens(at, "Plots", SHOW_PLOTS, uri, name));
        out.add(lens(at, "Export", EXPORT, uri, name));
        out.add(lens(at, "▶ Re-fit", FIT, uri, name));
    }

    /** {@code β (Intercept) 0.16623 · flies -3.4667e-05}, cut to the first coefficients that fit. */
    public static String betaTitle(FitResult r) {
        List<String> parts = new ArrayList<>();
        double[] est = r.fixef().estimate();
        for (int j = 0; j < est.length; j++) parts.add(r.fixef().names().get(j) + " " + Num.format(est[j], DIGITS));
        return summarised("β ", parts);
    }

    /** {@code u oven_block: 1 -0.016208 · 2 0.0071586 · 3 0.0090492}; several terms per level in parentheses. */
    public static String ranefTitle(RandomEffects re) {
        StringBuilder head = new StringBuilder("u ").append(re.group());
        if (re.terms().size() > 1) head.append(" (").append(String.join(", ", re.terms())).append(")");
        head.append(": ");
        double[][] v = re.values();
        List<String> parts = new ArrayList<>();
        for (int l = 0; l < re.levels().size(); l++) {
            StringBuilder sb = new StringBuilder(re.levels().get(l)).append(' ');
            if (v[l].length == 1) sb.append(Num.format(v[l][0], DIGITS));
            else {
                sb.append('(');
                for (int j = 0; j < v[l].length; j++) sb.append(j > 0 ? ", " : "").append(Num.format(v[l][j], DIGITS));
                sb.append(')');
            }
            parts.add(sb.toString());
        }
        return summarised(abbreviate(head.toString(), MAX_TITLE / 2), parts);
    }

    /** {@code e n 18 · min … · median … · max … · σ 0.0079513}. */
    public static String residualTitle(FitResult r) {
        double[] e = r.residuals();
        double[] sorted = e.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        StringBuilder sb = new StringBuilder("e: n ").append(n);
        if (n > 0) {
            sb.append(" · min ").append(Num.format(sorted[0], DIGITS)).append(" · median ").append(Num.format(median, DIGITS))
                    .append(" · max ").append(Num.format(sorted[n - 1], DIGITS));
        }
        sb.append(" · σ ").append(Num.format(r.sigma(), DIGITS));
        return sb.toString();
    }

    /** head, then as many parts as fit in {@link #MAX_TITLE} with " · " between, then "… k more". */
    static String summarised(String head, List<String> parts) {
        StringBuilder sb = new StringBuilder(head);
        for (int i = 0; i < parts.size(); i++) {
            String more = " · … " + (parts.size() - i - 1) + " more";
            String next = (i == 0 ? "" : " · ") + parts.get(i);
            boolean last = i == parts.size() - 1;
            if (sb.length() + next.length() + (last ? 0 : more.length()) > MAX_TITLE) {
                sb.append(i == 0 ? "" : " · ").append("… ").append(parts.size() - i).append(" more");
                return sb.toString();
            }
            sb.append(next);
        }
        return sb.toString();
    }

    private static CodeLens lens(Range at, String title, String command, Object... args) {
        return new CodeLens(at, new Command(title, command, List.of(args)), null);
    }

    static String abbreviate(String s, int max) { return s.length() <= max ? s : s.substring(0, max - 1) + "…"; }
}
