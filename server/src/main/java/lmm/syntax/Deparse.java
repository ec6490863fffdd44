package lmm.syntax;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Set;

/**
 * Prints expressions back the way R's {@code deparse} does, so that names shown to the user match R:
 * column names such as {@code I(x^2)}, {@code log(x)} and {@code a:b}, and the formula echoed in
 * results, {@code pr_dung ~ flies + (1 | oven_block)}.
 *
 * <p>R's spacing: one space around {@code ~ + - * | ||}, none around {@code / : ^}; unary minus
 * without a space; numbers with up to 15 significant digits, in fixed or scientific notation
 * whichever is shorter ({@code 0.001}, {@code 1e-04}, {@code 1e+05}); non-syntactic names in
 * backquotes. Parentheses written in the source are kept; for trees built by code, parentheses are
 * added where precedence requires them.
 */
public final class Deparse {
    private Deparse() {}

    private static final Set<String> RESERVED = Set.of("if", "else", "repeat", "while", "function", "for", "next",
            "break", "TRUE", "FALSE", "NULL", "Inf", "NaN", "NA", "NA_integer_", "NA_real_", "NA_character_",
            "NA_complex_", "in", "...");

    /** R's text of an expression. */
    public static String deparse(Expr e) {
        StringBuilder sb = new StringBuilder();
        write(sb, e);
        return sb.toString();
    }

    /** R's text of a formula: {@code y ~ x + (1 | g)}, or {@code ~x} when one-sided (as R prints it). */
    public static String deparse(Formula f) {
        if (f.response() == null) return "~" + deparse(f.rhs());
        return deparse(f.response()) + " ~ " + deparse(f.rhs());
    }

    /** A name as R prints it: unchanged when syntactic, else in backquotes with {@code `} and {@code \} escaped. */
    public static String name(String name) {
        if (isSyntacticName(name)) return name;
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    /** True when R accepts {@code name} without backquotes: a letter or '.' (not followed by a digit) first. */
    public static boolean isSyntacticName(String name) {
        if (name.isEmpty() || RESERVED.contains(name)) return false;
        if (name.matches("\\.\\.[0-9]+")) return false;
        char c = name.charAt(0);
        if (c == '.') {
            if (name.length() > 1 && Lexer.isDigit(name.charAt(1))) return false;
        } else if (!Character.isLetter(c)) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) if (!Lexer.isNamePart(name.charAt(i)) || name.charAt(i) == '\u0000') return false;
        return true;
    }

    /** A number as R prints it with 15 significant digits: {@code 2}, {@code 0.5}, {@code 1e-04}, {@code 1e+05}. */
    public static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "Inf" : "-Inf";
        if (v == 0) return "0";
        BigDecimal bd = new BigDecimal(v).round(new MathContext(15)).stripTrailingZeros();
        String sign = bd.signum() < 0 ? "-" : "";
        bd = bd.abs();
        String fixed = bd.toPlainString();
        String digits = bd.unscaledValue().toString();
        int exponent = bd.precision() - bd.scale() - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int ae = Math.abs(exponent);
        String sci = mantissa + "e" + (exponent < 0 ? "-" : "+") + (ae < 10 ? "0" : "") + ae;
        return sign + (fixed.length() <= sci.length() ? fixed : sci);
    }

    // precedence levels, as in R
    private static final int BAR = 1, SUM = 2, PROD = 3, COLON = 4, UNARY = 5, POWER = 6, ATOM = 7;

    static int precedence(Expr e) {
        if (e instanceof Expr.Binary b) {
            switch (b.op()) {
                case BAR: case DOUBLE_BAR: return BAR;
                case PLUS: case MINUS: return SUM;
                case TIMES: case DIVIDE: return PROD;
                case COLON: return COLON;
                default: return POWER;
            }
        }
        if (e instanceof Expr.Unary) return UNARY;
        return ATOM;
    }

    private static void write(StringBuilder sb, Expr e) {
        if (e instanceof Expr.Name n) {
            sb.append(name(n.name()));
        } else if (e instanceof Expr.Number n) {
            sb.append(number(n.value()));
        } else if (e instanceof Expr.Call c) {
            sb.append(name(c.function().name())).append('(');
            for (int i = 0; i < c.arguments().size(); i++) {
                if (i > 0) sb.append(", ");
                write(sb, c.arguments().get(i));
            }
            sb.append(')');
        } else if (e instanceof Expr.Paren p) {
            sb.append('(');
            write(sb, p.inner());
            sb.append(')');
        } else if (e instanceof Expr.Unary u) {
            sb.append(u.op().symbol);
            child(sb, u.operand(), precedence(u.operand()) < UNARY);
        } else if (e instanceof Expr.Binary b) {
            int p = precedence(b);
            boolean rightAssoc = b.op() == Expr.BinaryOp.POWER;
            int lp = precedence(b.left()), rp = precedence(b.right());
            child(sb, b.left(), rightAssoc ? lp <= p : lp < p);
            // R allows a unary minus as the right operand of ^ without parentheses: x^-1
            boolean rightParens = rightAssoc ? rp < p && !(b.right() instanceof Expr.Unary) : rp <= p;
            boolean spaced = switch (b.op()) {
                case DIVIDE, COLON, POWER -> false;
                default -> true;
            };
            sb.append(spaced ? " " + b.op().symbol + " " : b.op().symbol);
            child(sb, b.right(), rightParens);
        }
        // Missing prints as nothing
    }

    private static void child(StringBuilder sb, Expr e, boolean parens) {
        if (parens) sb.append('(');
        write(sb, e);
        if (parens) sb.append(')');
    }
}
