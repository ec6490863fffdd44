package lmm.syntax;

/**
 * {@code response ~ rhs}. The response is null for a one-sided formula (reported as an error by the
 * binder, not the parser); rhs is {@link Expr.Missing} when nothing follows the tilde.
 */
public record Formula(Expr response, TextRange tilde, Expr rhs, TextRange range) {
    /** The formula as R deparses it: {@code pr_dung ~ flies + (1 | oven_block)}. */
    public String toSource() { return Deparse.deparse(this); }
}
