package lmm.data;

import java.util.Comparator;

/**
 * String order as R sorts under {@code LC_COLLATE=C}: the byte order of the UTF-8 encoding, which
 * is the same as Unicode code point order.
 *
 * <p>{@link String#compareTo} compares UTF-16 code units, which differs from code point order when a
 * supplementary character (encoded as a surrogate pair, U+D800..U+DFFF) meets a character in
 * U+E000..U+FFFF: UTF-16 puts the pair first, UTF-8 puts it last. This comparator fixes that
 * without allocating. Examples: {@code "B" < "a"}, {@code "Z" < "_" < "a"}, {@code "a" < "ab"}.
 */
public final class CollationC {
    private CollationC() {}

    /** Code-point (= UTF-8 byte) order. Consistent with {@link String#equals}. */
    public static final Comparator<String> ORDER = CollationC::compare;

    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    // Move surrogates (D800..DFFF) above E000..FFFF, so they sort as the >= U+10000 code points they encode.
                    x = fix(x);
                    y = fix(y);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private static char fix(char c) {
        return c >= 0xE000 ? (char) (c - 0x800) : (char) (c + 0x2000);
    }
}
