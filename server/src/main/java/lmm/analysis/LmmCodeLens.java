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
    /**
     * Characters all lenses of a model share: they stand on one line, which must show whole in an
     * editor about 840 pixels wide (a 1 280-pixel window with the side bar open) at VS Code's lens
     * font (about 6 pixels a character, measured in code-server's e2e test); a separator between lenses counts {@link #SEPARATOR}.
     */
    public static final int LINE_BUDGET = 137, SEPARATOR = 2;
    /** A lens cut to its share keeps at least this many characters. */
    static final int MIN_TITLE = 20;
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

    /**
     * The lenses of a current fit, in the order they stand on the line. All of a model's lenses share
     * one line, so their titles share {@link #LINE_BUDGET} characters (a lens separator counts
     * {@link #SEPARATOR}): the commands first, then the σ lens, then β and each u lens share the rest
     * (the shorter keep their full length within an equal share), and what is left widens the
     * residual summary.
     */
    static void fitted(List<CodeLens> out, Range at, String uri, String name, FitResult r) {
        List<String> commands = List.of("Results", "Plots", "▶ Re-fit");
        int left = LINE_BUDGET;
        for (String c : commands) left -= c.length() + SEPARATOR;
        List<String> eParts = residualParts(r);
        left -= eParts.get(0).length() + SEPARATOR;
        // β and one lens per grouping factor, cut to their share of what is left
        List<String> heads = new ArrayList<>();
        List<List<String>> parts = new ArrayList<>();
        heads.add("β ");
        parts.add(betaParts(r));
        for (RandomEffects re : r.ranef()) {
            heads.add(ranefHead(re));
            parts.add(ranefParts(re));
        }
        int[] full = new int[heads.size()];
        for (int i = 0; i < full.length; i++) full[i] = summarised(heads.get(i), parts.get(i), MAX_TITLE).length();
        // water-filling: the shorter lenses keep their full length when it is within an equal share,
        // what they leave goes to the longer ones
        int[] max = new int[full.length];
        Integer[] order = new Integer[full.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Integer.compare(full[a], full[b]));
        int remaining = left - SEPARATOR * full.length;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            int fair = remaining / (order.length - k);
            max[i] = Math.min(MAX_TITLE, Math.max(MIN_TITLE, Math.min(full[i], fair)));
            remaining -= Math.min(full[i], fair);
        }
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < full.length; i++) {
            String t = summarised(heads.get(i), parts.get(i), max[i]);
            titles.add(t);
            left -= t.length() + SEPARATOR;
        }
        String eTitle = prefix("", eParts, Math.min(MAX_TITLE, left + eParts.get(0).length()));
        out.add(lens(at, titles.get(0), SHOW_RESULTS, uri, name, "fixef"));
        for (int i = 1; i < titles.size(); i++) out.add(lens(at, titles.get(i), SHOW_RESULTS, uri, name, "ranef"));
        out.add(lens(at, eTitle, SHOW_RESULTS, uri, name, "residuals"));
        out.add(lens(at, "Results", SHOW_RESULTS, uri, name, "summary"));
        out.add(lens(at, "Plots", SHOW_PLOTS, uri, name));
        out.add(lens(at, "▶ Re-fit", FIT, uri, name));
    }

    /** {@code β (Intercept) 0.16623 · flies -3.4667e-05}, cut to the first coefficients that fit. */
    public static String betaTitle(FitResult r) { return summarised("β ", betaParts(r), MAX_TITLE); }

    static List<String> betaParts(FitResult r) {
        List<String> parts = new ArrayList<>();
        double[] est = r.fixef().estimate();
        for (int j = 0; j < est.length; j++) parts.add(r.fixef().names().get(j) + " " + Num.format(est[j], DIGITS));
        return parts;
    }

    /** {@code u oven_block: 1 -0.016208 · 2 0.0071586 · 3 0.0090492}; several terms per level in parentheses. */
    public static String ranefTitle(RandomEffects re) { return summarised(ranefHead(re), ranefParts(re), MAX_TITLE); }

    static String ranefHead(RandomEffects re) {
        StringBuilder head = new StringBuilder("u ").append(re.group());
        if (re.terms().size() > 1) head.append(" (").append(String.join(", ", re.terms())).append(")");
        head.append(": ");
        return abbreviate(head.toString(), MAX_TITLE / 2);
    }

    static List<String> ranefParts(RandomEffects re) {
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
        return parts;
    }

    /** {@code σ 0.0079513 · e min -0.014003 · median -0.0004985 · max 0.019835}, as much as fits. */
    public static String residualTitle(FitResult r) { return prefix("", residualParts(r), MAX_TITLE); }

    /** σ first (the residual summary in one number), then min, median, max. */
    static List<String> residualParts(FitResult r) {
        double[] sorted = r.residuals();
        Arrays.sort(sorted);
        int n = sorted.length;
        List<String> parts = new ArrayList<>();
        parts.add("σ " + Num.format(r.sigma(), DIGITS));
        if (n > 0) {
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            parts.add("e min " + Num.format(sorted[0], DIGITS));
            parts.add("median " + Num.format(median, DIGITS));
            parts.add("max " + Num.format(sorted[n - 1], DIGITS));
        }
        return parts;
    }

    /** head, then as many parts as fit in {@link #MAX_TITLE} with " · " between, then "… k more". */
    static String summarised(String head, List<String> parts) { return summarised(head, parts, MAX_TITLE); }

    /** head, then as many parts as fit in max characters with " · " between, then "… k more". */
    static String summarised(String head, List<String> parts, int max) {
        StringBuilder sb = new StringBuilder(head);
        for (int i = 0; i < parts.size(); i++) {
            String more = " · … " + (parts.size() - i - 1) + " more";
            String next = (i == 0 ? "" : " · ") + parts.get(i);
            boolean last = i == parts.size() - 1;
            if (sb.length() + next.length() + (last ? 0 : more.length()) > max) {
                sb.append(i == 0 ? "" : " · ").append("… ").append(parts.size() - i).append(" more");
                return sb.toString();
            }
            sb.append(next);
        }
        return sb.toString();
    }

    /** head and the first part, then the next parts while they fit in max characters (a summary: nothing counted). */
    static String prefix(String head, List<String> parts, int max) {
        StringBuilder sb = new StringBuilder(head).append(parts.get(0));
        for (int i = 1; i < parts.size() && sb.length() + 3 + parts.get(i).length() <= max; i++) sb.append(" · ").append(parts.get(i));
        return sb.toString();
    }

    private static CodeLens lens(Range at, String title, String command, Object... args) {
        return new CodeLens(at, new Command(PlainText.label(title), command, List.of(args)), null);
    }

    static String abbreviate(String s, int max) { return s.length() <= max ? s : s.substring(0, max - 1) + "…"; }
}
