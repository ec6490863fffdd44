package lmm.analysis;

/** Markdown helpers. Text that comes from data files or documents always goes through {@link #escape}. */
public final class Markdown {
    private Markdown() {}

    /**
     * Escapes every character Markdown (and the HTML it may contain) could read as markup, so that a
     * column named {@code *x*} or {@code [a](command:...)} shows as typed and builds no link.
     */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '-', '.', '!', '|', '~', ':', '"', '\'' ->
                        sb.append('\\').append(c);
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\n', '\r' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Inline code; the text is escaped by choosing a fence longer than any run of backquotes in it. */
    public static String code(String text) {
        int longest = 0, run = 0;
        for (char c : text.toCharArray()) { run = c == '`' ? run + 1 : 0; longest = Math.max(longest, run); }
        String fence = "`".repeat(longest + 1);
        String pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
        return fence + pad + text.replace('\n', ' ') + pad + fence;
    }
}
