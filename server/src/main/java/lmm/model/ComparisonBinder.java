package lmm.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lmm.syntax.Diagnostic;
import lmm.syntax.Expr;
import lmm.syntax.Spelling;
import lmm.syntax.Statement;
import lmm.syntax.TextRange;
import org.ejml.data.DMatrixRMaj;

/**
 * Binds a {@code compare} statement to the document's models and checks that the test means something.
 * R's anova checks only that the models have the same number of observations (lme4) or the same
 * data object; lmm checks more, because a test between models that are not nested is not a test:
 * <ol>
 *   <li>every name is a model of the document (any line), named once, and there are at least two;</li>
 *   <li>the models have the same data file, the same rows (after missing values are dropped) and the
 *       same response;</li>
 *   <li>ordered by number of parameters (as anova orders them), each model is nested in the next: its
 *       X lies in the column space of the next one's X (R's rank test, tolerance 1e-7), and each of
 *       its random terms has a counterpart in the next model with the same grouping of rows whose
 *       covariates span its own; and the next model has more parameters.</li>
 * </ol>
 * Least-squares models only give R's F test; any mixed model gives the likelihood-ratio test.
 */
public final class ComparisonBinder {
    private ComparisonBinder() {}

    public static final String UNKNOWN_MODEL = "unknown-model";
    public static final String NOT_COMPARABLE = "not-comparable";
    public static final String NOT_NESTED = "not-nested";

    public static BoundComparison bind(Statement.Compare c, List<ModelEntry> all, List<Diagnostic> diagnostics) {
        Map<String, ModelEntry> byName = new HashMap<>();
        for (ModelEntry m : all) byName.putIfAbsent(m.name(), m);
        List<ModelEntry> models = new ArrayList<>();
        Map<ModelEntry, TextRange> where = new HashMap<>();
        Set<String> seen = new HashSet<>();
        boolean ready = true;
        for (Expr.Name n : c.models()) {
            ModelEntry m = byName.get(n.name());
            if (m == null) {
                String suggestion = Spelling.closest(n.name(), byName.keySet());
                diagnostics.add(Diagnostic.error(n.range(), UNKNOWN_MODEL, "unknown model '" + n.name() + "'"
                        + (suggestion != null ? "; did you mean '" + suggestion + "'?" : "")
                        + (byName.isEmpty() ? " (the document has no models)" : " (models: " + names(all) + ")"))
                        .withSuggestion(suggestion));
                ready = false;
                continue;
            }
            if (!seen.add(n.name())) {
                diagnostics.add(Diagnostic.error(n.range(), NOT_COMPARABLE, "'" + n.name() + "' is named twice in this comparison"));
                ready = false;
                continue;
            }
            models.add(m);
            where.put(m, n.range());
        }
        if (c.models().size() < 2) {
            diagnostics.add(Diagnostic.error(c.keyword(), NOT_COMPARABLE,
                    "compare needs at least two models: compare small, big"));
            ready = false;
        }
        boolean allOls = !models.isEmpty();
        for (ModelEntry m : models) if (m.bound() == null || m.bound().isMixed()) allOls = false;
        BoundComparison.Test test = allOls ? BoundComparison.Test.F : BoundComparison.Test.LRT;
        if (models.stream().anyMatch(m -> m.bound() == null)) {
            for (ModelEntry m : models) {
                if (m.bound() == null) diagnostics.add(Diagnostic.info(where.get(m), NOT_COMPARABLE,
                        "'" + m.name() + "' cannot be fitted (see its errors), so this comparison is not run"));
            }
            return new BoundComparison(c, models, models, test, false);
        }
        List<ModelEntry> ordered = new ArrayList<>(models);
        ordered.sort(Comparator.comparingInt(ComparisonBinder::parameterCount)); // stable: ties as written
        if (ready && models.size() >= 2) ready = sameRows(models, where, diagnostics) && nested(ordered, where, diagnostics);
        return new BoundComparison(c, models, ordered, test, ready && models.size() >= 2);
    }

    /** The number of parameters R's logLik counts: p + #θ + 1 (σ) for a mixed model, p + 1 for lm. */
    public static int parameterCount(ModelEntry m) {
        BoundModel b = m.bound();
        int theta = 0;
        for (RandomTerm t : b.matrices().randomTerms()) theta += t.thetaCount();
        return b.matrices().p() + theta + 1;
    }

    private static boolean sameRows(List<ModelEntry> models, Map<ModelEntry, TextRange> where, List<Diagnostic> diagnostics) {
        ModelEntry first = models.get(0);
        for (ModelEntry m : models.subList(1, models.size())) {
            String problem = null;
            if (m.dataPath() == null || !m.dataPath().equals(first.dataPath()) || m.data() != first.data()) {
                problem = "'" + m.name() + "' and '" + first.name() + "' are fitted to different data files";
            } else if (!Arrays.equals(m.bound().rows(), first.bound().rows())) {
                problem = "'" + m.name() + "' is fitted to " + m.bound().rows().length + " rows and '" + first.name() + "' to "
                        + first.bound().rows().length + (m.bound().rows().length == first.bound().rows().length ? " other" : "")
                        + " rows (rows with missing values in the columns a model uses are dropped); models must be fitted to the same rows";
            } else if (!m.bound().matrices().response().equals(first.bound().matrices().response())) {
                problem = "'" + m.name() + "' has the response '" + m.bound().matrices().response() + "' and '" + first.name()
                        + "' the response '" + first.bound().matrices().response() + "'; models must have the same response";
            }
            if (problem != null) {
                diagnostics.add(Diagnostic.error(where.get(m), NOT_COMPARABLE, "cannot compare: " + problem));
                return false;
            }
        }
        return true;
    }

    private static boolean nested(List<ModelEntry> ordered, Map<ModelEntry, TextRange> where, List<Diagnostic> diagnostics) {
        for (int i = 0; i + 1 < ordered.size(); i++) {
            ModelEntry small = ordered.get(i), big = ordered.get(i + 1);
            String why = notNestedBecause(small.bound(), big.bound());
            if (why == null && parameterCount(small) == parameterCount(big)) {
                why = "both have " + parameterCount(big) + " parameters, so there is nothing to test";
            }
            if (why != null) {
                diagnostics.add(Diagnostic.error(where.get(small), NOT_NESTED,
                        "'" + small.name() + "' is not nested in '" + big.name() + "': " + why));
                return false;
            }
        }
        return true;
    }

    /** Why {@code small} is not a special case of {@code big} (same rows assumed), or null when it is. */
    static String notNestedBecause(BoundModel small, BoundModel big) {
        DesignMatrices s = small.matrices(), b = big.matrices();
        List<double[]> bigColumns = columns(b.x());
        String outside = firstOutsideSpan(bigColumns, columns(s.x()), s.xNames());
        if (outside != null) return "its fixed effect '" + outside + "' is not in the span of the fixed effects of '" + big.name() + "'";
        for (RandomTerm t : s.randomTerms()) {
            boolean found = false;
            for (RandomTerm u : b.randomTerms()) {
                if (sameGrouping(t.refs(), u.refs())
                        && firstOutsideSpan(Arrays.asList(u.z()), Arrays.asList(t.z()), t.columnNames()) == null) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return "its random term (" + String.join(" + ", t.columnNames()) + " | " + t.group() + ") has no counterpart in '"
                        + big.name() + "' (a term with the same grouping whose covariates include these)";
            }
        }
        return null;
    }

    /** The name of the first of {@code candidates} outside the column space of {@code basis}, or null. */
    private static String firstOutsideSpan(List<double[]> basis, List<double[]> candidates, List<String> names) {
        int n = basis.isEmpty() ? (candidates.isEmpty() ? 0 : candidates.get(0).length) : basis.get(0).length;
        for (int c = 0; c < candidates.size(); c++) {
            List<double[]> cols = new ArrayList<>(basis);
            cols.add(candidates.get(c));
            ModelMatrixBuilder.Rank rank = ModelMatrixBuilder.dropAliased(cols, n);
            // the basis is of full rank, so the candidate is inside its span exactly when it is the column dropped
            boolean inside = rank.dropped().length == 1 && rank.dropped()[0] == basis.size()
                    || Arrays.stream(candidates.get(c)).allMatch(v -> v == 0);
            if (!inside) return names.get(c);
        }
        return null;
    }

    /** True when two level codings split the rows into the same groups (the labels may differ). */
    private static boolean sameGrouping(int[] a, int[] b) {
        if (a.length != b.length) return false;
        Map<Integer, Integer> ab = new HashMap<>(), ba = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            Integer x = ab.putIfAbsent(a[i], b[i]), y = ba.putIfAbsent(b[i], a[i]);
            if (x != null && x != b[i] || y != null && y != a[i]) return false;
        }
        return true;
    }

    private static List<double[]> columns(DMatrixRMaj x) {
        List<double[]> out = new ArrayList<>();
        for (int j = 0; j < x.numCols; j++) {
            double[] c = new double[x.numRows];
            for (int r = 0; r < x.numRows; r++) c[r] = x.unsafe_get(r, j);
            out.add(c);
        }
        return out;
    }

    private static String names(List<ModelEntry> all) {
        String s = String.join(", ", all.stream().map(ModelEntry::name).toList());
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }
}
