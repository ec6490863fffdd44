package lmm.data;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as R writes them with {@code as.character()}, which is what {@code factor()} uses for the
 * labels of a numeric column (R 4.2).
 *
 * <ul>
 *   <li>integers (a column read.csv reads as {@code integer}): plain digits, {@code 100000};
 *   <li>doubles: at most 15 significant digits, trailing zeros dropped, and fixed notation unless
 *       scientific notation is strictly narrower (R's rule with {@code scipen = 0}; fixed notation
 *       shows every integer digit, as C's printf does): {@code 1},
 *       {@code 0.5}, {@code 123456}, {@code 0.001}, but {@code 1e-04} and {@code 1e+05};
 *   <li>{@code Inf}, {@code -Inf}, {@code NaN}.
 * </ul>
 */
public final class RFormat {
    private RFormat() {}

    private static final MathContext DIGITS15 = new MathContext(15, RoundingMode.HALF_EVEN);

    /** R's {@code as.character()} of an integer value. */
    public static String integer(long v) { return Long.toString(v); }

    /** R's {@code as.character()} of a double value. */
    public static String real(double x) {
        if (Double.isNaN(x)) return "NaN";
        if (Double.isInfinite(x)) return x > 0 ? "Inf" : "-Inf";
        if (x == 0) return "0";
        BigDecimal d = new BigDecimal(x).round(DIGITS15).stripTrailingZeros();
        boolean negative = d.signum() < 0;
        String digits = d.unscaledValue().abs().toString();
        int nsig = digits.length();
        int kpower = nsig - 1 - d.scale(); // decimal exponent of the leading digit
        int neg = negative ? 1 : 0;

        int left = kpower >= 0 ? kpower + 1 : 1;
        int rgt = Math.max(0, nsig - kpower - 1);
        int fixedWidth = neg + left + (rgt > 0 ? rgt + 1 : 0);
        int sciWidth = neg + (nsig > 1 ? nsig + 1 : nsig) + (Math.abs(kpower) >= 100 ? 5 : 4);
        // Fixed notation is C's sprintf("%.*f", rgt, x): all integer digits of x, even beyond 15 (2^53 -> 9007199254740992).
        if (fixedWidth <= sciWidth) return new BigDecimal(x).setScale(rgt, RoundingMode.HALF_EVEN).toPlainString();

        StringBuilder sb = new StringBuilder(sciWidth);
        if (negative) sb.append('-');
        sb.append(digits.charAt(0));
        if (nsig > 1) sb.append('.').append(digits, 1, nsig);
        sb.append('e').append(kpower < 0 ? '-' : '+');
        int a = Math.abs(kpower);
        if (a < 10) sb.append('0');
        sb.append(a);
        return sb.toString();
    }
}
