package lmm.syntax;

import java.util.StringJoiner;

/**
 * Compact S-expression text of syntax trees, for tests and debugging:
 * {@code (model blocks (~ pr_dung (+ flies (paren (| 1 oven_block)))))}.
 * Binary nodes print as {@code (op left right)}, unary as {@code (op operand)}, calls as
 * {@code (call f args...)}, parentheses as {@code (paren x)}, holes as {@code <missing>}, quoted names
 * in backquotes and numbers as written.
 */
public final class SyntaxDump {
    private SyntaxDump() {}

    public static String of(Expr e) {
        StringBuilder sb = new StringBuilder();
        write(sb, e);
        return sb.toString();
    }

    public static String of(Formula f) {
        if (f == null) return "<missing>";
        if (f.response() == null) return "(~ " + of(f.rhs()) + ")";
        return "(~ " + of(f.response()) + " " + of(f.rhs()) + ")";
    }

    public static String of(Statement s) {
        if (s instanceof Statement.Data d) return "(data " + (d.path() == null ? "<missing>" : quote(d.path().value())) + ")";
        if (s instanceof Statement.Factor f) {
            StringBuilder sb = new StringBuilder("(factor");
            for (Expr.Name n : f.columns()) sb.append(' ').append(of(n));
            return sb.append(')').toString();
        }
        if (s instanceof Statement.Method m) return "(method " + (m.value() == null ? "<missing>" : of(m.value())) + ")";
        if (s instanceof Statement.Level l) return "(level " + (l.value() == null ? "<missing>" : l.value().text()) + ")";
        if (s instanceof Statement.Compare c) {
            StringBuilder sb = new StringBuilder("(compare");
            for (Expr.Name n : c.models()) sb.append(' ').append(of(n));
            return sb.append(')').toString();
        }
        Statement.Model m = (Statement.Model) s;
        return "(model " + (m.name() == null ? "" : of(m.name()) + " ") + of(m.formula()) + ")";
    }

    /** All statements, one per line. */
    public static String of(SourceFile file) {
        StringJoiner j = new StringJoiner("\n");
        for (Statement s : file.statements()) j.add(of(s));
        return j.toString();
    }

    private static String quote(String s) { return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""; }

    private static void write(StringBuilder sb, Expr e) {
        if (e instanceof Expr.Name n) {
            sb.append(n.quoted() ? "`" + n.name() + "`" : n.name());
        } else if (e instanceof Expr.Number n) {
            sb.append(n.text());
        } else if (e instanceof Expr.Missing) {
            sb.append("<missing>");
        } else if (e instanceof Expr.Call c) {
            sb.append("(call ").append(c.function().name());
            for (Expr a : c.arguments()) write(sb.append(' '), a);
            sb.append(')');
        } else if (e instanceof Expr.Paren p) {
            write(sb.append("(paren "), p.inner());
            sb.append(')');
        } else if (e instanceof Expr.Unary u) {
            write(sb.append('(').append(u.op().symbol).append(' '), u.operand());
            sb.append(')');
        } else if (e instanceof Expr.Binary b) {
            sb.append('(').append(b.op().symbol).append(' ');
            write(sb, b.left());
            write(sb.append(' '), b.right());
            sb.append(')');
        }
    }
}
