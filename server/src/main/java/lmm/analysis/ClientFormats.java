package lmm.analysis;

/**
 * What the client can show, from its initialize capabilities: Markdown or plain text in hovers
 * ({@code hover.contentFormat}) and in completion documentation ({@code documentationFormat}),
 * whether it expands snippets ({@code completionItem.snippetSupport}), and whether it runs
 * {@code command:} links in Markdown (no capability says so: the VS Code extension asks for them
 * with the initialization option {@code hover.commandLinks}).
 */
public record ClientFormats(boolean markdownHover, boolean markdownDocumentation, boolean snippets, boolean commandLinks) {
    /** What the VS Code extension asks for. */
    public static final ClientFormats RICH = new ClientFormats(true, true, true, true);
    /** A client that declares nothing: plain text, no snippets (the protocol's defaults). */
    public static final ClientFormats PLAIN = new ClientFormats(false, false, false, false);

    public ClientFormats withCommandLinks(boolean links) {
        return new ClientFormats(markdownHover, markdownDocumentation, snippets, links);
    }
}
