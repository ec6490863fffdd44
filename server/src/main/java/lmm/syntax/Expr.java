package lmm.syntax;

import java.util.List;

/**
 * A node of a formula's expression tree. Every node carries the range of text it came from, so that
 * hover, diagnostics and inlay hints can point at the exact term.
 */
public sealed interface Expr {
    TextRange range();

    /** The expression as R deparses it, e.g. {@code I(x^2)} or {@code flies + (1 | oven_block)}; see {@link Deparse}. */
    default String toSource() { return Deparse.deparse(this); }

    /** The direct sub-expressions, left to right (a call's function name first). */
    default List<Expr> children() {
        if (this instanceof Call c) {
            List<Expr> all = new java.util.ArrayList<>();
            all.add(c.function());
            all.addAll(c.arguments());
            return all;
        }
        if (this instanceof Binary b) return List.of(b.left(), b.right());
        if (this instanceof Unary u) return List.of(u.operand());
        if (this instanceof Paren p) return List.of(p.inner());
        return List.of();
    }

    /** The innermost node whose range touches {@code offset}, or null when this node's range does not. */
    default Expr nodeAt(int offset) {
        if (!range().touches(offset)) return null;
        for (Expr child : children()) {
            Expr hit = child.nodeAt(offset);
            if (hit != null) return hit;
        }
        return this;
    }

    /** A column or function name; {@code quoted} when written in backquotes (`my col`). */
    record Name(String name, boolean quoted, TextRange range) implements Expr {}

    /** A numeric literal such as {@code 1}, {@code 0}, {@code 2.5} or {@code 1e-3}. */
    record Number(double value, String text, TextRange range) implements Expr {}

    /** A function application such as {@code log(x)} or {@code I(x^2)}. */
    record Call(Name function, List<Expr> arguments, TextRange range) implements Expr {}

    /** A binary operation: {@code + - * / : ^ | ||}. */
    record Binary(BinaryOp op, Expr left, Expr right, TextRange opRange, TextRange range) implements Expr {}

    /** A unary {@code -} or {@code +}, e.g. the {@code -1} that removes the intercept. */
    record Unary(UnaryOp op, Expr operand, TextRange range) implements Expr {}

    /** A parenthesised expression; random terms are written as {@code (terms | group)}. */
    record Paren(Expr inner, TextRange range) implements Expr {}

    /** Placeholder where the parser expected an expression and found none (an error was reported there). */
    record Missing(TextRange range) implements Expr {}

    enum BinaryOp {
        PLUS("+"), MINUS("-"), TIMES("*"), DIVIDE("/"), COLON(":"), POWER("^"), BAR("|"), DOUBLE_BAR("||");

        public final String symbol;

        BinaryOp(String symbol) { this.symbol = symbol; }
    }

    enum UnaryOp {
        PLUS("+"), MINUS("-");

        public final String symbol;

        UnaryOp(String symbol) { this.symbol = symbol; }
    }
}
