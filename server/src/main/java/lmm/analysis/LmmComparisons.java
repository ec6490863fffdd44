package lmm.analysis;

import java.util.ArrayList;
import java.util.List;
import lmm.fit.compare.MaximumLikelihoodFits;
import lmm.model.BoundComparison;
import lmm.model.ComparisonBinder;
import lmm.model.Method;
import lmm.model.ModelEntry;
import lmm.syntax.Statement;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Range;

/**
 * The editor's view of {@code compare} lines: a code lens on each ("▶ Compare (LRT)" until the ML fits
 * it needs are there, then "χ² = 1.231, df = 1, p = 0.2672"), and the hover with R's table (or, before
 * the fits, what will be tested). The fits a comparison needs are stored fits of the snapshot: the model's
 * own fit when it is ML or least squares, else its ML refit stored under {@link #refitKey}; so a compare
 * line never refits what is there, and the lens command ({@link #COMPARE}) fits only what is missing.
 */
public final class LmmComparisons {
    private LmmComparisons() {}

    /** Command {@code lmm.compare [uri, [model names as written]]}: fits what the comparison needs, returns its table. */
    public static final String COMPARE = "lmm.compare";

    /** The key under which the ML refit of a REML model is stored among a document's fits (no model name has a NUL). */
    public static String refitKey(String model) { return "\u0000ML " + model; }

    /** The key of the fit a comparison uses for a model: its own fit unless it is a REML fit. */
    public static String fitKey(ModelEntry m) {
        return m.bound() != null && m.bound().method() == Method.REML ? refitKey(m.name()) : m.name();
    }

    /** The comparison on the line of offset, or null. */
    public static BoundComparison at(DocumentSnapshot s, int offset) {
        for (BoundComparison c : s.bound().comparisons()) if (c.statement().range().touches(offset)) return c;
        return null;
    }

    /** The comparison whose names (as written) are {@code names}, or null. */
    public static BoundComparison named(DocumentSnapshot s, List<String> names) {
        for (BoundComparison c : s.bound().comparisons()) if (c.names().equals(names)) return c;
        return null;
    }

    /** The ML fits of the snapshot that are current, offered for the comparison's models. */
    public static MaximumLikelihoodFits storedFits(DocumentSnapshot s, BoundComparison c, MaximumLikelihoodFits into) {
        for (ModelEntry m : c.models()) {
            StoredFit f = s.currentFit(fitKey(m));
            if (f != null && f.result() != null) into.offer(m, f.result());
        }
        return into;
    }

    /** The models of a ready comparison whose ML fit is not stored (current) in the snapshot. */
    public static List<ModelEntry> missingFits(DocumentSnapshot s, BoundComparison c) {
        List<ModelEntry> out = new ArrayList<>();
        for (ModelEntry m : c.models()) {
            StoredFit f = s.currentFit(fitKey(m));
            if (f == null || f.result() == null) out.add(m);
        }
        return out;
    }

    /** The comparison run from stored fits only, or null when some fit is missing. */
    public static ComparisonRun fromStoredFits(DocumentSnapshot s, BoundComparison c) {
        if (!c.ready() || !missingFits(s, c).isEmpty()) return null;
        return ComparisonRun.of(c, storedFits(s, c, new MaximumLikelihoodFits(lmm.fit.FitOptions.defaults().withCancelled(() -> true))));
    }

    public static List<CodeLens> lenses(DocumentSnapshot s) {
        List<CodeLens> out = new ArrayList<>();
        for (BoundComparison c : s.bound().comparisons()) {
            Range at = Ranges.range(s.lines(), c.statement().keyword());
            if (!c.ready()) {
                out.add(new CodeLens(at, new Command("✗ cannot compare: fix the problems on this line first", ""), null));
                continue;
            }
            ComparisonRun run = fromStoredFits(s, c);
            String title;
            if (run == null) {
                boolean refit = c.models().stream().anyMatch(MaximumLikelihoodFits::needsRefit);
                title = "▶ Compare (" + (c.test() == BoundComparison.Test.F ? "F test" : "LRT" + (refit ? ", REML fits refitted by ML" : "")) + ")";
            } else if (run.result() == null) {
                title = "✗ " + LmmCodeLens.abbreviate(run.message(), 80) + " — ▶ Compare";
            } else {
                title = ComparisonTables.lens(run.result());
            }
            out.add(new CodeLens(at, new Command(title, COMPARE, List.of(s.uri(), c.names())), null));
        }
        return out;
    }

    /** Markdown for a hover on a compare line: R's table once the fits are there, else what will be tested. */
    public static String hover(DocumentSnapshot s, Statement.Compare st) { return hover(s, st, true); }

    /** @param markdown Markdown, or plain text (R's printed table; no markup) for a client that asks for it */
    public static String hover(DocumentSnapshot s, Statement.Compare st, boolean markdown) {
        BoundComparison c = null;
        for (BoundComparison b : s.bound().comparisons()) if (b.statement() == st) c = b;
        if (c == null) return null;
        ComparisonRun run = fromStoredFits(s, c);
        if (run != null && run.result() != null) {
            return markdown ? ComparisonTables.markdown(run.result()) : ComparisonTables.plain(run.result(), null);
        }
        String text = notRunYet(c);
        return markdown ? text : text.replace("**", "").replace("`", "");
    }

    private static String notRunYet(BoundComparison c) {
        StringBuilder sb = new StringBuilder();
        sb.append(c.test() == BoundComparison.Test.F ? "**F test** between least-squares fits (R's `anova(lm1, lm2)`)"
                : "**Likelihood-ratio test** (lme4's `anova`)");
        sb.append("\n\n");
        if (!c.ready()) {
            sb.append("Not run: fix the problems on this line (or in the models it names) first.\n");
            return sb.toString();
        }
        sb.append(c.test() == BoundComparison.Test.F ? "Rows as written:\n\n" : "Rows by number of parameters:\n\n");
        for (ModelEntry m : c.test() == BoundComparison.Test.F ? c.models() : c.ordered()) {
            sb.append("- ").append(Markdown.code(m.name())).append(": ").append(Markdown.code(m.bound().formulaText()))
                    .append(" — ").append(ComparisonBinder.parameterCount(m)).append(" parameters, ").append(m.bound().method())
                    .append(MaximumLikelihoodFits.needsRefit(m) ? " (refitted by ML for the test)" : "").append('\n');
        }
        sb.append("\nRun it with the ▶ Compare lens.\n");
        return sb.toString();
    }
}
