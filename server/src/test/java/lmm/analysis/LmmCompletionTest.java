package lmm.analysis;

import static lmm.analysis.Fixtures.cursor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmmCompletionTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void data() throws IOException {
        Fixtures.dungDir(tmp);
        Files.writeString(tmp.resolve("plants.csv"), "height,species,site,plot\n1.5,a,s1,1\n2.5,b,s2,2\n3,a,s1,3\n,b,s2,4\n");
        Files.createDirectories(tmp.resolve("sub"));
        Files.writeString(tmp.resolve("sub/more.csv"), "a\n1\n");
    }

    List<CompletionItem> complete(String marked) {
        Fixtures.Cursor c = cursor(marked);
        return LmmCompletion.complete(Fixtures.snapshot(tmp, c.text()), c.offset()).getItems();
    }

    static List<String> labels(List<CompletionItem> items) { return items.stream().map(CompletionItem::getLabel).toList(); }

    static CompletionItem item(List<CompletionItem> items, String label) {
        return items.stream().filter(i -> i.getLabel().equals(label)).findFirst().orElseThrow(() -> new AssertionError(label + " in " + labels(items)));
    }

    @Test
    void keywordsAtLineStart() {
        assertEquals(List.of("data", "factor", "method", "model", "compare", "level"), labels(complete("data \"dung.csv\"\nmo‸")));
        assertEquals(List.of("data", "factor", "method", "model", "compare", "level"), labels(complete("‸")));
        assertEquals(CompletionItemKind.Keyword, complete("‸").get(0).getKind());
    }

    @Test
    void modelNamesAfterCompare() {
        String doc = "data \"dung.csv\"\nmodel blocks = pr_dung ~ flies + (1 | oven_block)\nmodel pr_dung ~ 1\n";
        List<CompletionItem> items = complete(doc + "compare ‸");
        assertEquals(List.of("blocks", "model2"), labels(items));
        assertEquals(CompletionItemKind.Class, items.get(0).getKind());
        assertEquals("pr_dung ~ flies + (1 | oven_block)", items.get(0).getDetail());
        // names already on the line are not offered again; nothing after a name without a comma
        assertEquals(List.of("model2"), labels(complete(doc + "compare blocks, mo‸")));
        assertEquals(List.of(), labels(complete(doc + "compare blocks ‸")));
    }

    @Test
    void columnsInAFormulaWithTypeAndSummary() {
        List<CompletionItem> items = complete("data \"plants.csv\"\nmodel m = height ~ ‸");
        CompletionItem height = item(items, "height");
        assertEquals(CompletionItemKind.Variable, height.getKind());
        // mean of 1.5, 2.5, 3 (one missing) is 2.33…; range 1.5–3
        assertEquals("numeric · mean 2.33 · 1.5–3 · 1 missing", height.getDetail());
        CompletionItem species = item(items, "species");
        assertEquals(CompletionItemKind.Enum, species.getKind());
        assertEquals("categorical · 2 levels", species.getDetail());
        assertEquals(CompletionItemKind.Function, item(items, "log").getKind());
        assertEquals("log($1)", item(items, "log").getTextEdit().getLeft().getNewText());
        // the snippets name the file's own columns: its grouping columns as a choice, its first numeric predictor
        assertEquals("(1 | ${1|species,site|})", item(items, "(1 | species)").getTextEdit().getLeft().getNewText());
        assertEquals("(${1:plot} | ${2|species,site|})", item(items, "(plot | species)").getTextEdit().getLeft().getNewText());
    }

    /** After "~ " the predictors come first; the response (height) is still offered, last. */
    @Test
    void afterTheTildeTheColumnsNotTheResponseFirst() {
        Fixtures.Cursor c = cursor("data \"plants.csv\"\nmodel m = height ~ ‸");
        var list = LmmCompletion.complete(Fixtures.snapshot(tmp, c.text()), c.offset());
        List<CompletionItem> sorted = list.getItems().stream()
                .sorted(java.util.Comparator.comparing(CompletionItem::getSortText)).toList();
        assertEquals(List.of("species", "site", "plot"), labels(sorted).subList(0, 3));
        assertEquals("height", labels(sorted).get(sorted.size() - 1));
        // nothing typed yet: the client asks again after the next key (a space) rather than filtering these by it
        assertTrue(list.isIncomplete());
        assertTrue(!LmmCompletion.complete(Fixtures.snapshot(tmp, "data \"plants.csv\"\nmodel m = height ~ pl"), 38).isIncomplete());
    }

    /** A client without snippet support gets plain insert texts (no $1) and plaintext documentation when it asks for it. */
    @Test
    void noSnippetsForAClientWithoutThem() {
        Fixtures.Cursor c = cursor("data \"plants.csv\"\nmodel m = height ~ plot + ‸");
        List<CompletionItem> items = LmmCompletion.complete(Fixtures.snapshot(tmp, c.text()), c.offset(), ClientFormats.PLAIN).getItems();
        for (CompletionItem i : items) {
            assertTrue(i.getInsertTextFormat() == null || i.getInsertTextFormat() == org.eclipse.lsp4j.InsertTextFormat.PlainText, i.getLabel());
            assertTrue(!i.getTextEdit().getLeft().getNewText().contains("$"), i.getTextEdit().getLeft().getNewText());
            if (i.getDocumentation() != null) assertEquals("plaintext", i.getDocumentation().getRight().getKind(), i.getLabel());
        }
        assertEquals("log()", item(items, "log").getTextEdit().getLeft().getNewText());
        assertEquals("(1 | species)", item(items, "(1 | species)").getTextEdit().getLeft().getNewText());
    }

    @Test
    void afterTheBarOnlyGroupingFactors() {
        assertEquals(List.of("species", "site"), labels(complete("data \"plants.csv\"\nmodel m = height ~ plot + (1 | ‸)")));
        assertEquals(List.of("species", "site"), labels(complete("data \"plants.csv\"\nmodel m = height ~ (1 | site/sp‸)")));
        assertEquals(List.of("species", "site", "plot"),
                labels(complete("data \"plants.csv\"\nfactor plot\nmodel m = height ~ (1 | ‸)")), "a declared factor groups too");
        assertEquals(List.of("oven_block"), labels(complete("data \"dung.csv\"\nfactor oven_block\nmodel m = pr_dung ~ (1 | ov‸")));
        assertEquals(List.of(), labels(complete("data \"dung.csv\"\nmodel m = pr_dung ~ (1 | ‸")), "oven_block is numeric until declared");
    }

    @Test
    void replacesThePartialWord() {
        Fixtures.Cursor c = cursor("data \"dung.csv\"\nmodel m = pr_dung ~ fl‸");
        CompletionItem flies = item(LmmCompletion.complete(Fixtures.snapshot(tmp, c.text()), c.offset()).getItems(), "flies");
        var edit = flies.getTextEdit().getLeft();
        assertEquals(1, edit.getRange().getStart().getLine());
        assertEquals(20, edit.getRange().getStart().getCharacter());
        assertEquals(22, edit.getRange().getEnd().getCharacter());
    }

    @Test
    void dataPathsMethodsAndFactorColumns() {
        assertEquals(List.of("dung.csv", "plants.csv", "sub/more.csv"), labels(complete("data \"‸\"")));
        assertEquals(List.of("dung.csv", "plants.csv", "sub/more.csv"), labels(complete("data \"pl‸")));
        assertEquals("\"dung.csv\"", item(complete("data ‸"), "dung.csv").getTextEdit().getLeft().getNewText());
        assertEquals(List.of("REML", "ML"), labels(complete("method ‸")));
        assertEquals(List.of("height", "species", "site", "plot"), labels(complete("data \"plants.csv\"\nfactor site, ‸")));
        assertEquals(List.of(), labels(complete("# a comment ‸")));
    }

    @Test
    void backquotesNonSyntacticNames() throws IOException {
        Files.writeString(tmp.resolve("odd.csv"), "y,my col\n1,2\n2,3\n");
        assertEquals("`my col`", item(complete("data \"odd.csv\"\nmodel m = y ~ ‸"), "my col").getTextEdit().getLeft().getNewText());
    }
}
