package lmm.analysis;

import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/**
 * Text for a client in the format it asked for: Markdown (escaped as little as rendering needs, see
 * {@link Markdown}) or plain text (nothing escaped, no markup). Every feature that writes hover or
 * documentation text builds it here once, for both formats.
 */
public final class Markup {
    private final boolean markdown;
    private boolean commandLinks = true;
    private final StringBuilder sb = new StringBuilder();

    private Markup(boolean markdown) { this.markdown = markdown; }

    public static Markup markdown() { return new Markup(true); }

    public static Markup plaintext() { return new Markup(false); }

    public static Markup of(boolean markdown) { return new Markup(markdown); }

    public boolean isMarkdown() { return markdown; }

    /** Whether {@link #link} may write a command link (the client runs them); else it writes the fallback. */
    public Markup commandLinks(boolean allowed) {
        this.commandLinks = allowed;
        return this;
    }

    /** Text from the data or the document: escaped for Markdown. */
    public Markup text(String s) {
        sb.append(markdown ? Markdown.escape(s) : s);
        return this;
    }

    /** Text written by this program that holds no markup characters where they matter (numbers, fixed words). */
    public Markup raw(String s) {
        sb.append(s);
        return this;
    }

    public Markup strong(String s) {
        if (markdown) sb.append("**").append(Markdown.escape(s)).append("**");
        else sb.append(s);
        return this;
    }

    public Markup code(String s) {
        sb.append(markdown ? Markdown.code(s) : s);
        return this;
    }

    /** A block of preformatted lines (aligned columns): a fenced code block in Markdown. */
    public Markup block(String lines) {
        paragraphBreak();
        if (markdown) sb.append(Markdown.codeBlock(lines));
        else sb.append(lines).append(lines.endsWith("\n") ? "" : "\n");
        sb.append('\n');
        return this;
    }

    public Markup table(TextTable t) {
        paragraphBreak();
        sb.append(markdown ? t.markdown() : t.plain());
        sb.append('\n');
        return this;
    }

    /** A horizontal rule in Markdown; a blank line in plain text. */
    public Markup rule() {
        paragraphBreak();
        sb.append(markdown ? "---\n\n" : "");
        return this;
    }

    /** Ends the paragraph. */
    public Markup paragraph() {
        if (sb.length() > 0) sb.append(markdown ? "\n\n" : "\n");
        return this;
    }

    /** A line break within a paragraph. */
    public Markup line() {
        sb.append(markdown ? "  \n" : "\n");
        return this;
    }

    /**
     * A link to a command URI built by the caller from fixed names and encoded arguments; plain text
     * gets the fallback (what to run instead) or nothing.
     */
    public Markup link(String label, String uri, String plainFallback) {
        if (markdown && commandLinks) sb.append('[').append(Markdown.escape(label)).append("](").append(uri).append(')');
        else if (markdown && plainFallback != null) sb.append(Markdown.escape(plainFallback));
        else if (plainFallback != null) sb.append(plainFallback);
        return this;
    }

    /**
     * Documentation written in this program as Markdown with inline code only ({@code `data "x.csv"`}):
     * as is, or without the backquotes.
     */
    public Markup doc(String markdownWithCode) {
        sb.append(markdown ? markdownWithCode : markdownWithCode.replace("`", ""));
        return this;
    }

    private void paragraphBreak() {
        int len = sb.length();
        if (len == 0) return;
        if (sb.charAt(len - 1) != '\n') sb.append('\n');
        if (markdown && (sb.length() < 2 || sb.charAt(sb.length() - 2) != '\n')) sb.append('\n');
    }

    public int length() { return sb.length(); }

    @Override
    public String toString() {
        String s = sb.toString();
        return s.endsWith("\n\n") ? s.substring(0, s.length() - 1) : s;
    }

    public MarkupContent content() {
        return new MarkupContent(markdown ? MarkupKind.MARKDOWN : MarkupKind.PLAINTEXT, toString());
    }
}
