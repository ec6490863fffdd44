package lmm.analysis;

/**
 * Text from data or documents made safe for places that show plain text on one line: code lens
 * titles and completion labels. Control characters (line breaks, ESC, C1 controls, bidirectional
 * overrides) are shown as escapes ({@code \n}, {@code \u001b}), and VS Code's icon syntax
 * {@code $(name)} is broken by a zero-width space after the {@code $}, so a level named
 * {@code $(alert)} shows as written rather than as an icon (with or without icon support, it looks
 * the same).
 */
public final class PlainText {
    private PlainText() {}

    public static String label(String s) {
        if (s == null) return "";
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = null;
            if (c == '\n') replacement = "\\n";
            else if (c == '\r') replacement = "\\r";
            else if (c == '\t') replacement = "\\t";
            else if (isControl(c)) replacement = String.format("\\u%04x", (int) c);
            else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(') replacement = "$\u200B";
            if (replacement != null) {
                if (sb == null) sb = new StringBuilder(s.length() + 8).append(s, 0, i);
                sb.append(replacement);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** C0 and C1 controls, DEL, and the bidirectional embedding, override and isolate characters. */
    public static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c;
    }
}
