package lmm.lsp;

import java.util.List;
import lmm.analysis.ClientFormats;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.MarkupKind;

/**
 * Reads what the client can show from its initialize capabilities. A client that says nothing gets
 * the protocol's defaults: plain text and no snippets.
 */
final class ClientCapabilitiesReader {
    private ClientCapabilitiesReader() {}

    static ClientFormats formats(ClientCapabilities caps) {
        var td = caps == null ? null : caps.getTextDocument();
        boolean hoverMd = td != null && td.getHover() != null && prefersMarkdown(td.getHover().getContentFormat());
        var completion = td == null ? null : td.getCompletion();
        var item = completion == null ? null : completion.getCompletionItem();
        boolean docsMd = item != null && prefersMarkdown(item.getDocumentationFormat());
        boolean snippets = item != null && Boolean.TRUE.equals(item.getSnippetSupport());
        return new ClientFormats(hoverMd, docsMd, snippets, false);
    }

    /** The client lists the formats it takes in order of preference; Markdown only when it comes first or alone. */
    private static boolean prefersMarkdown(List<String> formats) {
        if (formats == null || formats.isEmpty()) return false;
        for (String f : formats) {
            if (MarkupKind.MARKDOWN.equals(f)) return true;
            if (MarkupKind.PLAINTEXT.equals(f)) return false;
        }
        return false;
    }
}
