package lmm.data;

/**
 * Recognises and converts the numbers of a CSV cell the way R's {@code read.csv} (type.convert)
 * does in the common cases, without throwing an exception per cell.
 *
 * <p>Accepted, after removing surrounding white space: an optional sign, then digits with an
 * optional decimal point ({@code 12}, {@code 1.5}, {@code .5}, {@code 5.}), then an optional
 * exponent ({@code 1e-4}, {@code 2E+10}); or, ignoring case, {@code Inf}, {@code Infinity} and
 * {@code NaN}, optionally signed. Not accepted (R accepts them, they are rare in data files):
 * hexadecimal numbers such as {@code 0x1A}, and a dangling exponent such as {@code 1e}.
 *
 * <p>A value is an <em>integer</em> in R's sense when it is written as digits with an optional sign
 * (no point, no exponent) and lies within ±2147483647: read.csv reads a column of such values as
 * {@code integer}, which matters for the labels of {@code factor()}.
 *
 * <p>Conversion is correctly rounded: up to 15 significant digits and exponents within ±22 are
 * computed exactly in double arithmetic (one rounding); anything else goes to
 * {@link Double#parseDouble}, after the grammar has been checked here, so it never throws.
 *
 * <p>Not thread-safe: one instance per loading thread (the results are left in fields).
 */
final class NumberParser {
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    /** The decimal mark: '.' as R's read.csv, ',' as read.csv2. */
    final char decimal;

    NumberParser() { this('.'); }

    NumberParser(char decimal) { this.decimal = decimal; }

    /** The value of the last successful {@link #parse}. */
    double value;
    /** Whether the last successful {@link #parse} was an integer in R's sense. */
    boolean integer;

    /** True when s (surrounding white space ignored) is a number; the result is then in {@link #value}. */
    boolean parse(String s) {
        return parse(s.toCharArray(), 0, s.length());
    }

    /** The same for the text s[from, to) (a CSV cell in the loader's buffer: no String per cell). */
    boolean parse(char[] s, int from, int to) {
        int end = to;
        int i = from;
        while (i < end && isSpace(s[i])) i++;
        while (end > i && isSpace(s[end - 1])) end--;
        if (i == end) return false;
        int start = i;
        boolean negative = false;
        char c = s[i];
        if (c == '+' || c == '-') {
            negative = c == '-';
            i++;
            if (i == end) return false;
        }
        c = s[i];
        if (c > '9' || (c < '0' && c != decimal)) return parseWord(s, i, end, negative);

        long mantissa = 0;
        int significant = 0; // significant digits accumulated into mantissa
        int dropped = 0; // significant digits beyond what mantissa holds (before the point)
        int digits = 0;
        int scale = 0; // digits after the point that went into mantissa
        boolean inexact = false;
        for (; i < end; i++) {
            c = s[i];
            if (c < '0' || c > '9') break;
            digits++;
            if (mantissa == 0 && c == '0') continue;
            if (significant < 18) {
                mantissa = mantissa * 10 + (c - '0');
                significant++;
            } else {
                dropped++;
                inexact = true;
            }
        }
        boolean point = false;
        if (i < end && s[i] == decimal) {
            point = true;
            i++;
            for (; i < end; i++) {
                c = s[i];
                if (c < '0' || c > '9') break;
                digits++;
                if (mantissa == 0 && c == '0') {
                    scale++;
                    continue;
                }
                if (significant < 18) {
                    mantissa = mantissa * 10 + (c - '0');
                    significant++;
                    scale++;
                } else if (c != '0') {
                    inexact = true;
                }
            }
        }
        if (digits == 0) return false;
        boolean exponentSeen = false;
        int exponent = 0;
        if (i < end && (s[i] == 'e' || s[i] == 'E')) {
            exponentSeen = true;
            i++;
            boolean expNegative = false;
            if (i < end && (s[i] == '+' || s[i] == '-')) {
                expNegative = s[i] == '-';
                i++;
            }
            int expDigits = 0;
            for (; i < end; i++) {
                c = s[i];
                if (c < '0' || c > '9') break;
                if (exponent < 100_000) exponent = exponent * 10 + (c - '0');
                expDigits++;
            }
            if (expDigits == 0) return false;
            if (expNegative) exponent = -exponent;
        }
        if (i != end) return false;

        integer = !point && !exponentSeen && !inexact && dropped == 0 && mantissa <= Integer.MAX_VALUE;
        int e10 = exponent - scale + dropped;
        if (mantissa == 0) {
            value = negative ? -0.0 : 0.0;
        } else if (!inexact && mantissa < (1L << 53) && e10 >= -22 && e10 <= 22) {
            double m = mantissa;
            double v = e10 >= 0 ? m * POW10[e10] : m / POW10[-e10];
            value = negative ? -v : v;
        } else {
            String text = new String(s, start, end - start);
            value = Double.parseDouble(decimal == '.' ? text : text.replace(decimal, '.'));
        }
        return true;
    }

    private boolean parseWord(char[] s, int i, int end, boolean negative) {
        int n = end - i;
        integer = false;
        if ((n == 3 && matches(s, i, "inf")) || (n == 8 && matches(s, i, "infinity"))) {
            value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return true;
        }
        if (n == 3 && matches(s, i, "nan")) {
            value = Double.NaN;
            return true;
        }
        return false;
    }

    /** Whether s from i holds word, ignoring ASCII case (word is lower case). */
    private static boolean matches(char[] s, int i, String word) {
        for (int k = 0; k < word.length(); k++) {
            char c = s[i + k];
            if (c >= 'A' && c <= 'Z') c = (char) (c + ('a' - 'A'));
            if (c != word.charAt(k)) return false;
        }
        return true;
    }

    /** R's isspace in the C locale. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    /** True when the cell counts as missing: empty, white space only, or NA (surrounding white space ignored). */
    static boolean isMissing(String s) {
        return isMissing(s.toCharArray(), 0, s.length());
    }

    /** True when the cell s[from, to) counts as missing: empty, white space only, or NA (surrounding white space ignored). */
    static boolean isMissing(char[] s, int from, int to) {
        int end = to;
        int i = from;
        while (i < end && isSpace(s[i])) i++;
        if (i == end) return true;
        while (isSpace(s[end - 1])) end--;
        return end - i == 2 && s[i] == 'N' && s[i + 1] == 'A';
    }

    /** True when s[from, to) is empty or white space only. */
    static boolean isBlank(char[] s, int from, int to) {
        for (int i = from; i < to; i++) if (!isSpace(s[i])) return false;
        return true;
    }

    /** s without surrounding white space (R's C-locale isspace). */
    static String trim(String s) {
        int end = s.length();
        int i = 0;
        while (i < end && isSpace(s.charAt(i))) i++;
        while (end > i && isSpace(s.charAt(end - 1))) end--;
        return i == 0 && end == s.length() ? s : s.substring(i, end);
    }
}
