package lmm.analysis;

/**
 * Markdown helpers. Text that comes from data files or documents always goes through {@link #escape}
 * (or {@link #cell} inside a table), which escapes only what would change how CommonMark/GFM renders
 * it: a number ({@code -3.466743e-05}) or a name like {@code pr_dung} goes out as typed, so clients
 * that show Markdown source (Neovim, Emacs, tab titles) show no backslashes.
 */
public final class Markdown {
    private Markdown() {}

    /**
     * Escapes the characters that would start markup where they stand: emphasis ({@code *}, {@code _}
     * not inside a word, {@code ~~}), code ({@code `}), links and images ({@code [ ]}), HTML and
     * entities ({@code < &}), a backslash before punctuation, and at the start of the text a block
     * marker ({@code #}, {@code >}, a list marker or thematic break). Newlines become spaces.
     */
    public static String escape(String text) {
        if (!text.isEmpty() && Character.isDigit(text.charAt(0)) && startsBlock(text)) {
            int d = 0;
            while (Character.isDigit(text.charAt(d))) d++;
            return text.substring(0, d) + "\\" + escape(text.substring(d)); // "1. x": escape the list delimiter
        }
        StringBuilder sb = new StringBuilder(text.length() + 8);
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            char prev = i > 0 ? text.charAt(i - 1) : ' ';
            char next = i + 1 < n ? text.charAt(i + 1) : ' ';
            switch (c) {
                case '`', '*', '[', ']' -> sb.append('\\').append(c);
                case '\\' -> sb.append(isAsciiPunctuation(next) || i + 1 == n ? "\\\\" : "\\");
                case '_' -> sb.append(Character.isLetterOrDigit(prev) && Character.isLetterOrDigit(next) ? "_" : "\\_");
                case '~' -> sb.append(prev == '~' || next == '~' ? "\\~" : "~");
                case '<' -> sb.append("&lt;");
                case '&' -> sb.append(Character.isLetter(next) || next == '#' ? "&amp;" : "&");
                case '\n', '\r' -> sb.append(' ');
                default -> sb.append(i == 0 && startsBlock(text) ? "\\" + c : String.valueOf(c));
            }
        }
        return sb.toString();
    }

    /** A table cell: {@link #escape} plus the cell separator {@code |}. */
    public static String cell(String text) {
        return escape(text).replace("|", "\\|");
    }

    /** True when text at the start of a line would open a block: heading, quote, list item, thematic break. */
    private static boolean startsBlock(String t) {
        char c = t.charAt(0);
        boolean spaceAfter = t.length() == 1 || t.charAt(1) == ' ' || t.charAt(1) == '\t';
        if (c == '>') return true;
        if (c == '#' || c == '+' || c == '-') {
            if (spaceAfter) return true;
            if (c == '#') return t.chars().takeWhile(ch -> ch == '#').count() == t.length() || t.matches("#{1,6}[ \t].*");
            if (c == '-') return t.replace(" ", "").matches("-{3,}");
            return false;
        }
        if (c == '=') return t.replace(" ", "").matches("=+");
        if (Character.isDigit(c)) return t.matches("\\d{1,9}[.)]([ \t].*)?");
        return false;
    }

    private static boolean isAsciiPunctuation(char c) {
        return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~';
    }

    /** Inline code; the text is escaped by choosing a fence longer than any run of backquotes in it. */
    public static String code(String text) {
        int longest = 0, run = 0;
        for (char c : text.toCharArray()) { run = c == '`' ? run + 1 : 0; longest = Math.max(longest, run); }
        String fence = "`".repeat(longest + 1);
        String pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
        return fence + pad + text.replace('\n', ' ') + pad + fence;
    }

    /** A fenced code block holding text verbatim: the fence is longer than any run of backquotes in it. */
    public static String codeBlock(String text) {
        int longest = 2, run = 0;
        for (char c : text.toCharArray()) { run = c == '`' ? run + 1 : 0; longest = Math.max(longest, run); }
        String fence = "`".repeat(longest + 1);
        return fence + "text\n" + text + (text.endsWith("\n") ? "" : "\n") + fence + "\n";
    }
}
