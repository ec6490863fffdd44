package lmm.analysis;

/**
 * What the client can show, from its initialize capabilities: Markdown or plain text in hovers
 * ({@code hover.contentFormat}) and in completion documentation ({@code documentationFormat}), and
 * whether it expands snippets ({@code completionItem.snippetSupport}).
 */
public record ClientFormats(boolean markdownHover, boolean markdownDocumentation, boolean snippets) {
    /** What VS Code asks for. */
    public static final ClientFormats RICH = new ClientFormats(true, true, true);
    /** A client that declares nothing: plain text, no snippets (the protocol's defaults). */
    public static final ClientFormats PLAIN = new ClientFormats(false, false, false);
}
