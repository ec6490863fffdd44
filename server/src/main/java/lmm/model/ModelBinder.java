package lmm.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lmm.syntax.Diagnostic;
import lmm.syntax.TextRange;
import org.ejml.data.DMatrixRMaj;

/**
 * Binds an expanded formula to the data: evaluates its variables, drops rows with missing values
 * (R's na.omit), drops unused levels, builds X with R's coding and aliasing rules and the random
 * terms in lme4's layout, and checks what lme4 and lm would refuse.
 */
public final class ModelBinder {
    private ModelBinder() {}

    /**
     * @param where       the range to report model-wide problems at (the model statement)
     * @param diagnostics receives every problem and note
     * @return the bound model, or null when it cannot be fitted
     */
    public static BoundModel bind(String name, Method requested, String formulaText, ExpandedFormula f,
                                  ColumnLookup data, TextRange where, List<Diagnostic> diagnostics) {
        if (!f.errors().isEmpty()) {
            diagnostics.addAll(f.errors());
            return null;
        }
        if (f.response() == null) return null;
        List<Diagnostic> errors = new ArrayList<>();
        VariableEvaluator eval = new VariableEvaluator(data, errors);
        int nAll = data.rowCount();

        // evaluate everything the model uses, each variable once
        VariableValues response = eval.evaluate(f.response());
        if (response instanceof VariableValues.Categorical) {
            errors.add(Diagnostic.error(f.response().expr().range(), "categorical-response",
                    "the response '" + f.response().label() + "' is categorical; a linear mixed model needs a numeric response"));
        }
        List<VariableValues> fixedValues = new ArrayList<>();
        fixedValues.add(response);
        for (int i = 1; i < f.variables().size(); i++) fixedValues.add(eval.evaluate(f.variables().get(i)));
        List<List<VariableValues>> sideValues = new ArrayList<>();
        List<List<VariableValues.Categorical>> groupValues = new ArrayList<>();
        Map<RandomTermSpec, Integer> firstSide = new HashMap<>();
        for (RandomTermSpec spec : f.random()) {
            List<VariableValues> sv = new ArrayList<>();
            for (Variable v : spec.variables()) sv.add(eval.evaluate(v));
            sideValues.add(sv);
            List<VariableValues.Categorical> gv = new ArrayList<>();
            for (Variable v : spec.grouping()) gv.add(eval.evaluateGrouping(v));
            groupValues.add(gv);
        }
        if (!errors.isEmpty()) {
            diagnostics.addAll(dedupe(errors));
            return null;
        }

        // rows with a value in every variable used (na.omit)
        boolean[] keep = new boolean[nAll];
        Arrays.fill(keep, true);
        List<VariableValues> all = new ArrayList<>(fixedValues);
        sideValues.forEach(all::addAll);
        groupValues.forEach(all::addAll);
        for (VariableValues v : all) for (int r = 0; r < nAll; r++) if (keep[r] && v.isMissing(r)) keep[r] = false;
        int n = 0;
        for (boolean k : keep) if (k) n++;
        int[] rows = new int[n];
        for (int r = 0, i = 0; r < nAll; r++) if (keep[r]) rows[i++] = r;
        int dropped = nAll - n;
        if (n == 0) {
            diagnostics.add(Diagnostic.error(where, "no-rows",
                    "no rows left: every one of the " + nAll + " rows has a missing value in a column this model uses"));
            return null;
        }

        double[] y = ((VariableValues.Numeric) subset(response, rows)).values();
        if (!finite(y, f.response().label(), f.response().expr().range(), errors)) { diagnostics.addAll(errors); return null; }
        if (Arrays.stream(y).allMatch(v -> v == y[0])) {
            diagnostics.add(Diagnostic.error(f.response().expr().range(), "constant-response",
                    "the response '" + f.response().label() + "' is constant (every value is " + y[0] + "): there is nothing to explain"));
            return null;
        }

        // X
        List<VariableValues> fixedUsed = new ArrayList<>();
        for (int i = 0; i < fixedValues.size(); i++) {
            VariableValues v = subset(fixedValues.get(i), rows);
            fixedUsed.add(v);
            if (i > 0) checkVariable(f.variables().get(i), v, errors);
            if (i > 0 && v instanceof VariableValues.Categorical cat && cat.levels().size() < 2 && usedInFixedTerms(f, i)) {
                // R: "contrasts can be applied only to factors with 2 or more levels"
                errors.add(Diagnostic.error(f.variables().get(i).expr().range(), "single-level-factor",
                        "contrasts can be applied only to factors with 2 or more levels: '" + f.variables().get(i).label()
                                + "' has only " + (cat.levels().isEmpty() ? "no level" : "the level '" + cat.levels().get(0) + "'")
                                + " in the rows used; drop it from the fixed effects"));
            }
        }
        if (!errors.isEmpty()) { diagnostics.addAll(errors); return null; }
        ModelMatrixBuilder.Columns xc = ModelMatrixBuilder.build(f.variables(), fixedUsed, f.intercept(), f.terms(), n);
        ModelMatrixBuilder.Rank rank = ModelMatrixBuilder.dropAliased(xc.columns(), n);
        List<String> aliased = new ArrayList<>();
        for (int c : rank.dropped()) aliased.add(xc.names().get(c));
        int p = rank.kept().length;
        DMatrixRMaj x = new DMatrixRMaj(n, p);
        List<String> xNames = new ArrayList<>();
        List<Integer> termOf = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            double[] col = xc.columns().get(rank.kept()[j]);
            for (int r = 0; r < n; r++) x.unsafe_set(r, j, col[r]);
            xNames.add(xc.names().get(rank.kept()[j]));
            termOf.add(xc.termOfColumn().get(rank.kept()[j]));
        }

        // random terms
        List<RandomTerm> randomTerms = new ArrayList<>();
        for (int t = 0; t < f.random().size(); t++) {
            RandomTermSpec spec = f.random().get(t);
            List<VariableValues> sv = new ArrayList<>();
            for (int i = 0; i < spec.variables().size(); i++) {
                VariableValues v = subset(sideValues.get(t).get(i), rows);
                checkVariable(spec.variables().get(i), v, errors);
                sv.add(v);
            }
            if (!errors.isEmpty()) break;
            ModelMatrixBuilder.Columns zc = ModelMatrixBuilder.build(spec.variables(), sv, spec.intercept(), spec.terms(), n);
            double[][] z = zc.columns().toArray(new double[0][]);
            Grouping g = group(groupValues.get(t), rows);
            String label = "(" + String.join(" + ", zc.names()) + " | " + spec.groupName() + ")";
            if (g.levels.size() < 2) {
                errors.add(Diagnostic.error(spec.range(), "single-level-group",
                        "the grouping factor '" + spec.groupName() + "' has a single level in the rows used; a random effect needs at least two groups"));
            } else if (g.levels.size() >= n) {
                errors.add(Diagnostic.error(spec.range(), "group-per-row",
                        "the grouping factor '" + spec.groupName() + "' has " + g.levels.size() + " levels for " + n
                                + " rows; it must have fewer levels than rows, or its variance cannot be told apart from the residual"));
            } else if ((long) g.levels.size() * z.length >= n) {
                errors.add(Diagnostic.error(spec.range(), "too-many-random-effects",
                        "the term " + label + " has " + g.levels.size() * z.length + " random effects for " + n
                                + " rows; with as many random effects as rows the variances cannot be estimated"));
            }
            randomTerms.add(new RandomTerm(spec.groupName(), g.levels, g.codes, zc.names(), z));
        }
        if (!errors.isEmpty()) { diagnostics.addAll(dedupe(errors)); return null; }
        if (n <= p) {
            diagnostics.add(Diagnostic.error(where, "too-few-rows",
                    n + " rows for " + p + " fixed-effect coefficients: there must be more rows than coefficients"));
            return null;
        }
        Method method = randomTerms.isEmpty() ? Method.OLS : requested;
        DesignMatrices dm = new DesignMatrices(f.response().label(), y, x, xNames, randomTerms);
        BoundModel bound = new BoundModel(name, method, formulaText, f, rows, dropped, dm, aliased, termOf, f.random(),
                List.copyOf(fixedUsed));
        notes(bound, nAll, where, diagnostics);
        return bound;
    }

    /**
     * The binding of an earlier text of the same model (same formula, same data table, same factors)
     * taken over for a new statement: the data-dependent parts are kept, everything that points into
     * the text (formula, ranges, notes) comes from the new statement. This is what makes a keystroke
     * in one model cheap for the others.
     */
    public static BoundModel rebind(BoundModel earlier, String name, Method requested, ExpandedFormula f, int dataRows,
                                    TextRange where, List<Diagnostic> diagnostics) {
        Method method = earlier.matrices().randomTerms().isEmpty() ? Method.OLS : requested;
        BoundModel bound = new BoundModel(name, method, earlier.formulaText(), f, earlier.rows(), earlier.droppedRows(),
                earlier.matrices(), earlier.aliased(), earlier.termOfColumn(), f.random(), earlier.fixedValues());
        notes(bound, dataRows, where, diagnostics);
        return bound;
    }

    /** The notes of a model that binds: rows dropped for missing values, aliased columns of X. */
    private static void notes(BoundModel m, int dataRows, TextRange where, List<Diagnostic> diagnostics) {
        if (m.droppedRows() > 0) {
            diagnostics.add(Diagnostic.info(where, "rows-dropped",
                    m.droppedRows() + " of " + dataRows + " rows dropped for missing values; " + m.rows().length + " used"));
        }
        List<String> aliased = m.aliased();
        if (!aliased.isEmpty()) {
            diagnostics.add(Diagnostic.warning(where, "rank-deficient",
                    "X is rank deficient, so " + aliased.size() + (aliased.size() == 1 ? " column is" : " columns are")
                            + " dropped (a linear combination of earlier columns): " + String.join(", ", aliased)));
        }
    }

    /** True when variable i (of the formula's variables) appears in a fixed-effect term. */
    private static boolean usedInFixedTerms(ExpandedFormula f, int i) {
        for (Term t : f.terms()) if (t.variables().get(i)) return true;
        return false;
    }

    private static void checkVariable(Variable v, VariableValues values, List<Diagnostic> errors) {
        if (values instanceof VariableValues.Numeric num) finite(num.values(), v.label(), v.expr().range(), errors);
    }

    private static boolean finite(double[] values, String label, TextRange range, List<Diagnostic> errors) {
        for (int r = 0; r < values.length; r++) {
            if (Double.isInfinite(values[r])) {
                errors.add(Diagnostic.error(range, "infinite-value",
                        "'" + label + "' is infinite in some rows (e.g. log of 0); R's lm and lmer refuse such values"));
                return false;
            }
        }
        return true;
    }

    /**
     * The values at the rows used; categorical levels not present in those rows are dropped, as R does.
     * When every row is used and (for a factor) every level, the values themselves: they are never
     * written to, and at 10⁶ rows each copy is 4–8 MB.
     */
    static VariableValues subset(VariableValues v, int[] rows) {
        boolean allRows = rows.length == v.size();
        if (v instanceof VariableValues.Numeric num) {
            if (allRows) return num;
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) out[i] = num.values()[rows[i]];
            return new VariableValues.Numeric(out);
        }
        VariableValues.Categorical cat = (VariableValues.Categorical) v;
        int[] used = new int[cat.levels().size()];
        Arrays.fill(used, -1);
        int usedCount = 0;
        for (int r : rows) {
            if (used[cat.codes()[r]] < 0) usedCount++;
            used[cat.codes()[r]] = 0;
        }
        if (allRows && usedCount == used.length) return cat;
        List<String> levels = new ArrayList<>();
        for (int l = 0; l < used.length; l++) if (used[l] == 0) { used[l] = levels.size(); levels.add(cat.levels().get(l)); }
        int[] codes = new int[rows.length];
        for (int i = 0; i < rows.length; i++) codes[i] = used[cat.codes()[rows[i]]];
        return new VariableValues.Categorical(codes, levels);
    }

    record Grouping(List<String> levels, int[] codes) {}

    /**
     * One grouping factor from one or more variables: levels are the combinations present, ordered
     * with the first variable varying slowest (R's f1:f2), labelled "l1:l2".
     */
    static Grouping group(List<VariableValues.Categorical> vars, int[] rows) {
        return group(vars, rows, 4L * rows.length + 1024);
    }

    /** @param denseLimit up to how many combinations a table indexed by combination is used (else a sort) */
    static Grouping group(List<VariableValues.Categorical> vars, int[] rows, long denseLimit) {
        List<VariableValues.Categorical> sub = new ArrayList<>();
        for (VariableValues.Categorical v : vars) sub.add((VariableValues.Categorical) subset(v, rows));
        // one variable: its levels in the rows used are the groups, in order, every one present
        if (sub.size() == 1) return new Grouping(sub.get(0).levels(), sub.get(0).codes());
        int n = rows.length;
        long combinations = 1;
        for (VariableValues.Categorical v : sub) combinations = Math.min(Long.MAX_VALUE / 2, combinations * v.levels().size());
        long[] key = new long[n];
        for (int i = 0; i < n; i++) {
            long k = 0;
            for (VariableValues.Categorical v : sub) k = k * v.levels().size() + v.codes()[i];
            key[i] = k;
        }
        long[] distinct;
        int[] codes = new int[n];
        if (combinations <= denseLimit) {
            // few combinations: a table indexed by key ranks the present ones in one pass each
            int[] rank = new int[(int) combinations];
            for (long k : key) rank[(int) k] = 1;
            int count = 0;
            for (int c = 0; c < rank.length; c++) if (rank[c] != 0) rank[c] = ++count;
            distinct = new long[count];
            for (int c = 0; c < rank.length; c++) if (rank[c] != 0) distinct[rank[c] - 1] = c;
            for (int i = 0; i < n; i++) codes[i] = rank[(int) key[i]] - 1;
        } else {
            long[] sorted = key.clone();
            Arrays.sort(sorted);
            int count = 0;
            for (int i = 0; i < n; i++) if (i == 0 || sorted[i] != sorted[i - 1]) sorted[count++] = sorted[i];
            distinct = Arrays.copyOf(sorted, count);
            for (int i = 0; i < n; i++) codes[i] = Arrays.binarySearch(distinct, key[i]);
        }
        List<String> labels = new ArrayList<>(distinct.length);
        for (long k : distinct) {
            String[] parts = new String[sub.size()];
            for (int j = sub.size() - 1; j >= 0; j--) {
                int size = sub.get(j).levels().size();
                parts[j] = sub.get(j).levels().get((int) (k % size));
                k /= size;
            }
            labels.add(String.join(":", parts));
        }
        return new Grouping(labels, codes);
    }

    private static List<Diagnostic> dedupe(List<Diagnostic> errors) {
        List<Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : errors) if (!out.contains(d)) out.add(d);
        return out;
    }
}
