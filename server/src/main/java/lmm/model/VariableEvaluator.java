package lmm.model;

import java.util.List;
import lmm.syntax.Deparse;
import lmm.syntax.Diagnostic;
import lmm.syntax.Spelling;
import lmm.syntax.Expr;

/** Evaluates a formula variable (a column, log(x), I(x^2), factor(x)) over every row of the data. */
public final class VariableEvaluator {
    private final ColumnLookup data;
    private final List<Diagnostic> errors;

    public VariableEvaluator(ColumnLookup data, List<Diagnostic> errors) {
        this.data = data;
        this.errors = errors;
    }

    /** The variable's values, or null when it cannot be evaluated (an error was reported). */
    public VariableValues evaluate(Variable v) { return value(v.expr()); }

    /** The variable's values as a grouping factor (numbers become levels), or null. */
    public VariableValues.Categorical evaluateGrouping(Variable v) {
        Expr e = v.expr();
        if (e instanceof Expr.Call c && c.function().name().equals(FormulaFunctions.FACTOR)) e = c.arguments().get(0);
        if (e instanceof Expr.Name n) {
            VariableValues.Categorical f = data.factor(n.name());
            if (f == null) unknownColumn(n);
            return f;
        }
        errors.add(Diagnostic.error(e.range(), "bad-grouping", "a grouping factor must be a column"));
        return null;
    }

    private VariableValues value(Expr e) {
        if (e instanceof Expr.Name n) {
            VariableValues v = data.column(n.name());
            if (v == null) unknownColumn(n);
            return v;
        }
        if (e instanceof Expr.Paren p) return value(p.inner());
        if (e instanceof Expr.Call c) {
            String f = c.function().name();
            if (f.equals(FormulaFunctions.FACTOR)) {
                if (c.arguments().size() == 1 && c.arguments().get(0) instanceof Expr.Name n) {
                    VariableValues.Categorical v = data.factor(n.name());
                    if (v == null) unknownColumn(n);
                    return v;
                }
                errors.add(Diagnostic.error(c.range(), "bad-arguments", "factor() takes a column name"));
                return null;
            }
            if (f.equals(FormulaFunctions.AS_IS)) return arithmetic(c.arguments().get(0));
            return arithmetic(c);
        }
        return arithmetic(e);
    }

    /** Numeric arithmetic inside I(...) and numeric functions; NaN propagates as missing. */
    private VariableValues.Numeric arithmetic(Expr e) {
        int n = data.rowCount();
        if (e instanceof Expr.Number num) {
            double[] v = new double[n];
            java.util.Arrays.fill(v, num.value());
            return new VariableValues.Numeric(v);
        }
        if (e instanceof Expr.Name name) {
            VariableValues v = data.column(name.name());
            if (v == null) { unknownColumn(name); return null; }
            if (v instanceof VariableValues.Categorical) {
                errors.add(Diagnostic.error(name.range(), "categorical-in-arithmetic",
                        "'" + name.name() + "' is categorical: arithmetic and functions need a numeric column"));
                return null;
            }
            return (VariableValues.Numeric) v;
        }
        if (e instanceof Expr.Paren p) return arithmetic(p.inner());
        if (e instanceof Expr.Call c) {
            if (c.function().name().equals(FormulaFunctions.AS_IS) && c.arguments().size() == 1) return arithmetic(c.arguments().get(0));
            FormulaFunctions.Function f = FormulaFunctions.NUMERIC.get(c.function().name());
            if (f == null || c.arguments().size() != 1) {
                errors.add(Diagnostic.error(c.range(), "unknown-function",
                        "cannot evaluate '" + Deparse.deparse(c) + "': known functions are log, log2, log10, exp, sqrt, abs"));
                return null;
            }
            VariableValues.Numeric a = arithmetic(c.arguments().get(0));
            if (a == null) return null;
            double[] out = new double[n];
            for (int i = 0; i < n; i++) out[i] = f.apply().applyAsDouble(a.values()[i]);
            return new VariableValues.Numeric(out);
        }
        if (e instanceof Expr.Unary u) {
            VariableValues.Numeric a = arithmetic(u.operand());
            if (a == null) return null;
            if (u.op() == Expr.UnaryOp.PLUS) return a;
            double[] out = new double[n];
            for (int i = 0; i < n; i++) out[i] = -a.values()[i];
            return new VariableValues.Numeric(out);
        }
        if (e instanceof Expr.Binary b) {
            if (b.op() == Expr.BinaryOp.COLON || b.op() == Expr.BinaryOp.BAR || b.op() == Expr.BinaryOp.DOUBLE_BAR) {
                errors.add(Diagnostic.error(b.opRange(), "bad-arithmetic",
                        "'" + b.op().symbol + "' is not arithmetic; inside I(...) use + - * / ^"));
                return null;
            }
            VariableValues.Numeric l = arithmetic(b.left()), r = arithmetic(b.right());
            if (l == null || r == null) return null;
            double[] out = new double[n];
            double[] x = l.values(), y = r.values();
            for (int i = 0; i < n; i++) {
                out[i] = switch (b.op()) {
                    case PLUS -> x[i] + y[i];
                    case MINUS -> x[i] - y[i];
                    case TIMES -> x[i] * y[i];
                    case DIVIDE -> x[i] / y[i];
                    case POWER -> Math.pow(x[i], y[i]);
                    default -> Double.NaN;
                };
            }
            return new VariableValues.Numeric(out);
        }
        return null;
    }

    private void unknownColumn(Expr.Name n) {
        String suggestion = Spelling.closest(n.name(), data.names());
        String msg = "unknown column '" + n.name() + "'" + (suggestion != null ? "; did you mean '" + suggestion + "'?" : "")
                + " (columns: " + String.join(", ", data.names()) + ")";
        if (msg.length() > 300) msg = msg.substring(0, 297) + "...";
        errors.add(Diagnostic.error(n.range(), "unknown-column", msg).withSuggestion(suggestion));
    }
}
