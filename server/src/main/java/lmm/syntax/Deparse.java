package lmm.syntax;

/** Placeholder until the syntax layer lands: prints an expression back as R deparses it. */
public final class Deparse {
    private Deparse() {}

    public static String of(Expr e) {
        if (e instanceof Expr.Name n) return n.name();
        if (e instanceof Expr.Number n) return n.text();
        if (e instanceof Expr.Call c) {
            StringBuilder sb = new StringBuilder(c.function().name()).append('(');
            for (int i = 0; i < c.arguments().size(); i++) { if (i > 0) sb.append(", "); sb.append(of(c.arguments().get(i))); }
            return sb.append(')').toString();
        }
        if (e instanceof Expr.Paren p) return "(" + of(p.inner()) + ")";
        if (e instanceof Expr.Unary u) return u.op().symbol + of(u.operand());
        if (e instanceof Expr.Binary b) {
            boolean tight = b.op() == Expr.BinaryOp.COLON || b.op() == Expr.BinaryOp.POWER;
            return of(b.left()) + (tight ? b.op().symbol : " " + b.op().symbol + " ") + of(b.right());
        }
        return "";
    }
}
