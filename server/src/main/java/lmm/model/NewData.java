package lmm.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lmm.data.DataTable;
import lmm.syntax.Diagnostic;

/**
 * A bound model's design evaluated on new data, as R's {@code predict(m, newdata)} builds it: the
 * formula's variables (transforms included) are evaluated on the new rows, categorical variables are
 * coded with the training rows' levels and the same contrasts, so X has the training X's columns; each
 * random term gets the new rows' covariates and the index of their level among the training levels
 * (−1 for a level the model has not seen, or a missing one: lme4's allow.new.levels = TRUE gives such
 * rows no random effect).
 *
 * @param x        X of the new rows (n × p, the training columns); rows with {@code missing} set hold NaN
 * @param missing  rows with a missing value in a variable of X or of a random term's covariates (R's
 *                 na.pass: their predictions are NA)
 * @param terms    one per random term of the model, in the model's order
 */
public record NewData(int n, double[][] x, boolean[] missing, List<TermRows> terms) {
    /**
     * @param trained the training term
     * @param level   per new row, the index of its level in {@code trained.levels()}, −1 when new or missing
     * @param z       z[j][i]: covariate j of the term at new row i
     */
    public record TermRows(RandomTerm trained, int[] level, double[][] z) {}

    /** New data that cannot be coded as the training data: the message names the file's row and column. */
    public static final class Problem extends Exception {
        public Problem(String message) { super(message, null, false, false); }
    }

    /**
     * @param m        a bound model
     * @param training the table the model was bound to ({@code m.data()})
     * @param table    the new data
     * @param file     the new data's name, for messages
     */
    public static NewData of(ModelEntry m, DataTable table, String file) throws Problem {
        BoundModel b = m.bound();
        ExpandedFormula f = b.formula();
        TableColumns train = new TableColumns(m.data(), m.factors()), fresh = new TableColumns(table, m.factors());
        int n = table.rowCount();
        boolean[] missing = new boolean[n];
        Coder coder = new Coder(train, fresh, b.rows(), table, file, missing);

        List<VariableValues> values = new ArrayList<>();
        values.add(new VariableValues.Numeric(new double[n])); // the response: in no term
        for (int i = 1; i < f.variables().size(); i++) values.add(coder.code(f.variables().get(i)));
        ModelMatrixBuilder.Columns xc = ModelMatrixBuilder.build(f.variables(), values, f.intercept(), f.terms(), n);
        List<String> names = b.matrices().xNames();
        double[][] x = new double[n][names.size()];
        for (int j = 0; j < names.size(); j++) {
            double[] col = xc.columns().get(xc.names().indexOf(names.get(j)));
            for (int r = 0; r < n; r++) x[r][j] = missing[r] ? Double.NaN : col[r];
        }

        List<TermRows> terms = new ArrayList<>();
        List<RandomTerm> trained = b.matrices().randomTerms();
        for (int t = 0; t < trained.size(); t++) {
            RandomTermSpec spec = b.randomSpecs().get(t);
            RandomTerm term = trained.get(t);
            List<VariableValues> sv = new ArrayList<>();
            for (Variable v : spec.variables()) sv.add(coder.code(v));
            double[][] z = ModelMatrixBuilder.build(spec.variables(), sv, spec.intercept(), spec.terms(), n).columns().toArray(new double[0][]);
            terms.add(new TermRows(term, coder.levels(spec.grouping(), term), z));
        }
        for (int r = 0; r < n; r++) if (missing[r]) for (TermRows tr : terms) tr.level()[r] = -1;
        return new NewData(n, x, missing, terms);
    }

    /** Evaluates variables on the new rows with the training coding; marks rows with missing values. */
    private static final class Coder {
        private final TableColumns train, fresh;
        private final int[] rows;
        private final DataTable table;
        private final String file;
        private final boolean[] missing;

        Coder(TableColumns train, TableColumns fresh, int[] rows, DataTable table, String file, boolean[] missing) {
            this.train = train;
            this.fresh = fresh;
            this.rows = rows;
            this.table = table;
            this.file = file;
            this.missing = missing;
        }

        VariableValues code(Variable v) throws Problem {
            VariableValues trained = ModelBinder.subset(evaluate(train, v, "the training data"), rows);
            VariableValues now = evaluate(fresh, v, file);
            if (trained instanceof VariableValues.Numeric) {
                if (now instanceof VariableValues.Categorical c) {
                    int r = firstPresent(c);
                    throw new Problem(file + ": '" + v.label() + "' is numeric in the training data but not in the new data"
                            + (r >= 0 ? " (row " + (r + 1) + " has '" + c.levels().get(c.codes()[r]) + "')" : ""));
                }
                double[] values = ((VariableValues.Numeric) now).values();
                for (int r = 0; r < values.length; r++) if (Double.isNaN(values[r])) missing[r] = true;
                return now;
            }
            VariableValues.Categorical levels = (VariableValues.Categorical) trained;
            VariableValues.Categorical c = now instanceof VariableValues.Categorical cat ? cat : asFactor(v, now);
            Map<String, Integer> index = indexOf(levels.levels());
            int[] codes = new int[c.size()];
            for (int r = 0; r < codes.length; r++) {
                if (c.codes()[r] < 0) { codes[r] = -1; missing[r] = true; continue; }
                String label = c.levels().get(c.codes()[r]);
                Integer k = index.get(label);
                if (k == null) {
                    throw new Problem(file + ": row " + (r + 1) + column(v) + ": '" + label + "' is not a level of '" + v.label()
                            + "' in the training data (levels: " + abbreviate(levels.levels()) + "); the model has no coefficient for a level it has not seen");
                }
                codes[r] = k;
            }
            return new VariableValues.Categorical(codes, levels.levels());
        }

        /** For each new row, the index of its level of the term's grouping factor among the training levels; −1 if new or missing. */
        int[] levels(List<Variable> grouping, RandomTerm term) throws Problem {
            List<VariableValues.Categorical> parts = new ArrayList<>();
            for (Variable v : grouping) {
                List<Diagnostic> errors = new ArrayList<>();
                VariableValues.Categorical c = new VariableEvaluator(fresh, errors).evaluateGrouping(v);
                if (c == null) throw new Problem(file + ": " + message(errors, v));
                parts.add(c);
            }
            Map<String, Integer> index = indexOf(term.levels());
            int[] out = new int[table.rowCount()];
            for (int r = 0; r < out.length; r++) {
                StringBuilder label = new StringBuilder();
                boolean absent = false;
                for (VariableValues.Categorical c : parts) {
                    if (c.codes()[r] < 0) { absent = true; break; }
                    if (label.length() > 0) label.append(':');
                    label.append(c.levels().get(c.codes()[r]));
                }
                Integer k = absent ? null : index.get(label.toString());
                out[r] = k == null ? -1 : k;
            }
            return out;
        }

        private VariableValues.Categorical asFactor(Variable v, VariableValues now) throws Problem {
            if (v.expr() instanceof lmm.syntax.Expr.Name name) {
                VariableValues.Categorical c = fresh.factor(name.name());
                if (c != null) return c;
            }
            throw new Problem(file + ": '" + v.label() + "' is categorical in the training data but numeric in the new data");
        }

        private VariableValues evaluate(TableColumns data, Variable v, String where) throws Problem {
            List<Diagnostic> errors = new ArrayList<>();
            VariableValues values = new VariableEvaluator(data, errors).evaluate(v);
            if (values == null || !errors.isEmpty()) throw new Problem(where + ": " + message(errors, v));
            return values;
        }

        private String column(Variable v) {
            if (v.expr() instanceof lmm.syntax.Expr.Name name && table.indexOf(name.name()) >= 0) {
                return ", column " + (table.indexOf(name.name()) + 1) + " (" + name.name() + ")";
            }
            return "";
        }

        private static int firstPresent(VariableValues.Categorical c) {
            for (int r = 0; r < c.size(); r++) if (c.codes()[r] >= 0) return r;
            return -1;
        }
    }

    private static String message(List<Diagnostic> errors, Variable v) {
        return errors.isEmpty() ? "cannot evaluate '" + v.label() + "'" : errors.get(0).message();
    }

    private static Map<String, Integer> indexOf(List<String> levels) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < levels.size(); i++) index.put(levels.get(i), i);
        return index;
    }

    private static String abbreviate(List<String> levels) {
        String s = String.join(", ", levels.subList(0, Math.min(levels.size(), 10))) + (levels.size() > 10 ? ", …" : "");
        return s.length() > 200 ? s.substring(0, 197) + "…" : s;
    }
}
