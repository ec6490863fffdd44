package lmm.lsp;

import static lmm.lsp.LspHarness.doc;
import static lmm.lsp.LspHarness.pos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lmm.analysis.Fixtures;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemCapabilities;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverCapabilities;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol by the client's capabilities, through JSON-RPC: hover.contentFormat,
 * completionItem.snippetSupport and documentationFormat. The dung document is the seed's model;
 * the values asserted are the seed's data and R's fit (lme4: β 0.1662317, -3.466743e-05).
 */
@Timeout(120)
class LspClientFormatsTest {
    @TempDir
    Path tmp;

    static final String DOC = "data \"dung.csv\"\nfactor oven_block\nmodel blocks = pr_dung ~ flies + (1 | oven_block)\n";

    static void plaintextClient(ClientCapabilities caps) {
        TextDocumentClientCapabilities td = new TextDocumentClientCapabilities();
        td.setHover(new HoverCapabilities(List.of("plaintext"), false));
        CompletionItemCapabilities item = new CompletionItemCapabilities(false);
        item.setDocumentationFormat(List.of("plaintext"));
        td.setCompletion(new CompletionCapabilities(item));
        caps.setTextDocument(td);
    }

    Hover hoverOnTheFormula(LspHarness lsp, String uri) throws Exception {
        return lsp.server.getTextDocumentService().hover(new HoverParams(doc(uri), pos(2, 24))).get(20, TimeUnit.SECONDS);
    }

    void fit(LspHarness lsp, String uri) throws Exception {
        lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("lmm.fit", List.of(uri, "blocks"))).get(60, TimeUnit.SECONDS);
    }

    @Test
    void aPlaintextClientGetsPlaintextHoversWithTheValuesUnescaped() throws Exception {
        Fixtures.dungDir(tmp);
        try (LspHarness lsp = new LspHarness(null, LspClientFormatsTest::plaintextClient)) {
            String uri = lsp.open(tmp.resolve("test.lmm"), DOC);
            fit(lsp, uri);
            Hover h = hoverOnTheFormula(lsp, uri);
            assertEquals("plaintext", h.getContents().getRight().getKind());
            String text = h.getContents().getRight().getValue();
            assertTrue(text.startsWith("model blocks · REML · 18 rows · data dung.csv\npr_dung ~ flies + (1 | oven_block)\n"), text);
            // the seed's row 1 (Y 0.1433747, X 1 223, Z 1 0 0) with R's β̂₀ 0.16623, u₁ -0.016208, e₁ 0.0010817
            assertTrue(text.contains("\n  1 0.1433747 = 1   223     0.16623 + 1 0 0 -0.016208 +   0.0010817\n"), text);
            assertTrue(text.contains("-3.4667e-05"), text);
            assertFalse(text.contains("\\"), "no backslash anywhere: " + text);
            assertFalse(text.contains("**") || text.contains("```") || text.contains("]("), text);
        }
    }

    @Test
    void aClientWithoutSnippetSupportGetsNoSnippets() throws Exception {
        Fixtures.dungDir(tmp);
        try (LspHarness lsp = new LspHarness(null, LspClientFormatsTest::plaintextClient)) {
            String uri = lsp.open(tmp.resolve("test.lmm"), "data \"dung.csv\"\nfactor oven_block\nmodel blocks = pr_dung ~ flies + \n");
            List<CompletionItem> items = lsp.server.getTextDocumentService().completion(new CompletionParams(doc(uri), pos(2, 33)))
                    .get(20, TimeUnit.SECONDS).getRight().getItems();
            assertTrue(items.size() > 5, items.toString());
            for (CompletionItem i : items) {
                assertTrue(i.getInsertTextFormat() == null || i.getInsertTextFormat() == InsertTextFormat.PlainText, i.toString());
                String insert = i.getTextEdit().getLeft().getNewText();
                assertFalse(insert.matches(".*\\$(\\d|\\{).*"), insert);
                if (i.getDocumentation() != null) assertEquals("plaintext", i.getDocumentation().getRight().getKind(), i.getLabel());
            }
            assertTrue(items.stream().anyMatch(i -> i.getTextEdit().getLeft().getNewText().equals("(1 | oven_block)")), items.toString());
        }
    }

    @Test
    void markdownHoversCarryNumbersUnescapedAndTheSeedsHoverIsAtMost60Lines() throws Exception {
        Fixtures.dungDir(tmp);
        try (LspHarness lsp = new LspHarness(com.google.gson.JsonParser.parseString("{\"hover\":{\"commandLinks\":true}}"))) {
            String uri = lsp.open(tmp.resolve("test.lmm"), DOC);
            fit(lsp, uri);
            Hover h = hoverOnTheFormula(lsp, uri);
            assertEquals("markdown", h.getContents().getRight().getKind());
            String md = h.getContents().getRight().getValue();
            for (String number : List.of("0.1433747", "0.16623", "-3.4667e-05", "-0.016208", "0.0071586", "0.0090492", "-0.0052217", "0.0079513")) {
                assertTrue(md.contains(number), number + " in " + md);
            }
            assertFalse(md.matches("(?s).*\\d\\\\\\..*"), "no escaped dot after a digit: " + md);
            assertFalse(md.contains("\\-"), md);
            assertTrue(md.split("\n").length <= 60, md.split("\n").length + " lines");
            assertTrue(md.contains("](command:lmm.showResults?"), "ends with a link to the full view: " + md);
        }
    }

    /** lmm.results view with a row limit (the first screen of a big view), through JSON-RPC. */
    @Test
    void theResultsViewWithARowLimit() throws Exception {
        Fixtures.dungDir(tmp);
        try (LspHarness lsp = new LspHarness(null)) {
            String uri = lsp.open(tmp.resolve("test.lmm"), DOC);
            Object r = lsp.server.getWorkspaceService().executeCommand(
                    new ExecuteCommandParams("lmm.results", List.of(uri, "blocks", "view", "json", 4))).get(30, TimeUnit.SECONDS);
            com.google.gson.JsonObject o = new com.google.gson.Gson().toJsonTree(r).getAsJsonObject();
            assertEquals(4, o.get("rowsSent").getAsInt());
            assertEquals(18, o.get("n").getAsInt());
            // the seed's first four pr_dung values
            assertEquals("0.1433747,0.1551917,0.1413354,0.1380987", o.getAsJsonObject("y").get("dec").getAsString());
        }
    }

    /** A Markdown client that did not ask for command links (Neovim) gets the way to the full view as text. */
    @Test
    void noCommandLinksUnlessTheClientAsks() throws Exception {
        Fixtures.dungDir(tmp);
        try (LspHarness lsp = new LspHarness(null)) {
            String uri = lsp.open(tmp.resolve("test.lmm"), DOC);
            String md = hoverOnTheFormula(lsp, uri).getContents().getRight().getValue();
            assertFalse(md.contains("command:"), md);
            assertTrue(md.endsWith("Full view: command lmm.results (blocks, matrices), or ./lmm matrices on the command line\n"), md);
        }
    }
}
