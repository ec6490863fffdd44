package lmm.lsp;

import static lmm.lsp.LspHarness.doc;
import static lmm.lsp.LspHarness.pos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lmm.analysis.Fixtures;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.HoverParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Protocol details through real JSON-RPC (LSP4J over pipes): settings clamp, big answers are capped, labels are plain. */
@Timeout(120)
class LspProtocolDetailsTest {
    static final long WAIT = 30_000;
    @TempDir Path tmp;
    LspHarness lsp;

    @AfterEach
    void stop() {
        if (lsp != null) lsp.close();
    }

    @Test
    void aHugeMaxRowsClampsToTheLimitInsteadOfShowingOneRow() throws Exception {
        Fixtures.dungDir(tmp);
        lsp = new LspHarness(JsonParser.parseString("{\"hover\":{\"maxRows\":1e300}}"));
        String uri = lsp.open(tmp.resolve("dung.lmm"));
        String md = lsp.server.getTextDocumentService().hover(new HoverParams(doc(uri), pos(6, 26))).get(WAIT, TimeUnit.MILLISECONDS)
                .getContents().getRight().getValue();
        // all 18 rows of the seed's example (row 18: pr_dung 0.1701061, flies 98), and nothing cut
        assertTrue(md.contains(" 18 0.1701061"), md);
        assertFalse(md.contains("more rows"), md);
        lsp.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(
                JsonParser.parseString("{\"lmm\":{\"hover\":{\"maxRows\":-1e300}}}")));
        String one = lsp.server.getTextDocumentService().hover(new HoverParams(doc(uri), pos(6, 26))).get(WAIT, TimeUnit.MILLISECONDS)
                .getContents().getRight().getValue();
        assertTrue(one.contains("the first 1 of 18 rows"), one);
        assertFalse(one.contains(" 2 0.1551917"), one);
    }

    @Test
    void completionOverTenThousandColumnsIsCappedAndMarkedIncomplete() throws Exception {
        lsp = new LspHarness(null);
        try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve("wide.csv"))) {
            for (int j = 0; j < 10_000; j++) w.write((j == 0 ? "" : ",") + "column_" + j);
            w.write('\n');
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 10_000; j++) w.write((j == 0 ? "" : ",") + (i + j % 5));
                w.write('\n');
            }
        }
        String uri = lsp.open(tmp.resolve("wide.lmm"), "data \"wide.csv\"\nmodel m = column_1 ~ \n");
        CompletionList list = lsp.server.getTextDocumentService().completion(new CompletionParams(doc(uri), pos(1, 21)))
                .get(WAIT, TimeUnit.MILLISECONDS).getRight();
        assertTrue(list.isIncomplete());
        assertEquals(500, list.getItems().size());
        int bytes = new Gson().toJson(list).length();
        assertTrue(bytes < 1_000_000, bytes + " bytes");
    }

    @Test
    void levelsWithIconSyntaxAndLineBreaksArePlainOneLineTextInLensesAndCompletion() throws Exception {
        lsp = new LspHarness(null);
        StringBuilder csv = new StringBuilder("y,\"$(alert) g\"\n");
        String[] levels = {"\"$(alert)\"", "\"two\nlines\"", "plain"};
        for (int i = 0; i < 12; i++) csv.append(1 + i % 3 + 0.1 * i).append(',').append(levels[i % 3]).append('\n');
        Files.writeString(tmp.resolve("icons.csv"), csv);
        String uri = lsp.open(tmp.resolve("icons.lmm"), "data \"icons.csv\"\nmodel m = y ~ 1 + (1 | `$(alert) g`)\n");
        lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("lmm.fit", List.of(uri, "m"))).get(WAIT, TimeUnit.MILLISECONDS);
        List<? extends CodeLens> lenses = lsp.server.getTextDocumentService().codeLens(new CodeLensParams(doc(uri))).get(WAIT, TimeUnit.MILLISECONDS);
        String u = lenses.stream().map(l -> l.getCommand().getTitle()).filter(t -> t.startsWith("u ")).findFirst().orElseThrow();
        assertFalse(u.contains("$("), u);
        assertFalse(u.contains("\n"), u);
        assertTrue(u.contains("$\u200B(alert)"), u);
        assertTrue(u.contains("two\\nlines"), u);
        CompletionList list = lsp.server.getTextDocumentService().completion(new CompletionParams(doc(uri), pos(1, 14)))
                .get(WAIT, TimeUnit.MILLISECONDS).getRight();
        for (CompletionItem item : list.getItems()) {
            assertFalse(item.getLabel().contains("$(") || item.getLabel().contains("\n"), item.getLabel());
        }
        assertTrue(list.getItems().stream().anyMatch(i -> i.getLabel().contains("$\u200B(alert) g")), list.getItems().toString());
    }
}
