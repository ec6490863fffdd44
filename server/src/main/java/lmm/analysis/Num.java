package lmm.analysis;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers formatted as R prints them: a given number of significant digits, fixed or scientific, whichever is narrower. */
public final class Num {
    private Num() {}

    /** R's format(x, digits = d) for one number: "0.1662317", "-3.466743e-05", "18.39535", "1e+06". */
    public static String format(double x, int digits) {
        if (Double.isNaN(x)) return "NaN";
        if (Double.isInfinite(x)) return x > 0 ? "Inf" : "-Inf";
        if (x == 0) return "0";
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(digits));
        String fixed = rounded.stripTrailingZeros().toPlainString();
        String sci = scientific(rounded.stripTrailingZeros());
        return fixed.length() <= sci.length() ? fixed : sci;
    }

    /** Seven significant digits, R's default. */
    public static String format(double x) { return format(x, 7); }

    private static String scientific(BigDecimal d) {
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale();
        StringBuilder sb = new StringBuilder();
        if (d.signum() < 0) sb.append('-');
        sb.append(digits.charAt(0));
        if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (e < 10) sb.append('0');
        sb.append(e);
        return sb.toString();
    }
}
