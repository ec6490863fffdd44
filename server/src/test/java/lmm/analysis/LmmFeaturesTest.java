package lmm.analysis;

import static lmm.analysis.Fixtures.cursor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Diagnostics, quick fixes, definition, symbols, semantic tokens, formatting and result documents. */
class LmmFeaturesTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void data() throws IOException {
        Fixtures.dungDir(tmp);
    }

    static Range r(int l1, int c1, int l2, int c2) { return new Range(new Position(l1, c1), new Position(l2, c2)); }

    @Test
    void diagnosticsWithRangesSeveritiesAndNotes() throws IOException {
        Files.writeString(tmp.resolve("na.csv"), "y,x,g\n1,2,a\nNA,3,b\n3,4,a\n4,,b\n5,1,a\n6,2,b\n");
        DocumentSnapshot s = Fixtures.snapshot(tmp, "data \"na.csv\"\nmethod REMLL\nmodel m = y ~ x + (1 | g)\nmodel n = y ~ xx\n");
        List<Diagnostic> d = LmmDiagnostics.compute(s);
        assertEquals(3, d.size(), d.toString());
        assertEquals("unknown method 'REMLL': use REML or ML", d.get(0).getMessage());
        assertEquals(r(1, 7, 1, 12), d.get(0).getRange());
        assertEquals(Map.of("suggestion", "REML"), d.get(0).getData());
        assertEquals(DiagnosticSeverity.Information, d.get(1).getSeverity());
        assertEquals("2 of 6 rows dropped for missing values; 4 used", d.get(1).getMessage());
        assertEquals(r(2, 0, 2, 5), d.get(1).getRange());
        assertEquals(DiagnosticSeverity.Error, d.get(2).getSeverity());
        assertEquals(r(3, 14, 3, 16), d.get(2).getRange());
        assertEquals("lmm", d.get(2).getSource());
    }

    @Test
    void fitWarningsJoinTheDiagnosticsWhileCurrent() throws IOException {
        // residuals with the same mean in every group: the group variance is 0, a singular fit
        Files.writeString(tmp.resolve("s.csv"), "y,x,g\n2,1,a\n3,2,b\n4,3,c\n3,4,a\n4,5,b\n5,6,c\n7,7,a\n8,8,b\n9,9,c\n");
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, "data \"s.csv\"\nmodel m = y ~ x + (1 | g)\n"), "m");
        List<Diagnostic> d = LmmDiagnostics.compute(s);
        assertEquals(List.of("singular-variance"), d.stream().map(x -> x.getCode().getLeft()).toList());
        assertEquals("boundary (singular) fit: the variance of the random intercept by g is estimated as 0: beyond the "
                + "residual variation, the levels of g do not differ, so the data do not support this term; the simpler "
                + "model without (1 | g) fits as well", d.get(0).getMessage());
        assertEquals(r(1, 18, 1, 25), d.get(0).getRange(), "on the term (1 | g)");
        List<CodeAction> fixes = LmmCodeActions.quickFixes(s, lmm.syntax.TextRange.at(13 + 20));
        assertEquals(List.of("Simpler model: remove (1 | g)"), fixes.stream().map(CodeAction::getTitle).toList());
        assertEquals(new TextEdit(r(1, 15, 1, 25), ""), fixes.get(0).getEdit().getChanges().get(s.uri()).get(0),
                "removes ' + (1 | g)': model m = y ~ x");
    }

    /**
     * A correlation of exactly 1 (R: lmer(y ~ x + (x | g)) on these 20 rows: Corr 1, isSingular TRUE,
     * θ = (4.789, 2.520, 0)): the quick fix offers the uncorrelated term.
     */
    @Test
    void correlationAtOneOffersTheUncorrelatedTerm() throws IOException {
        Files.writeString(tmp.resolve("c.csv"), "y,x,g\n3.44,0,a\n1.85,1,a\n4.37,2,a\n3.71,3,a\n4.31,4,a\n5.96,0,b\n8.16,1,b\n"
                + "11.33,2,b\n14.13,3,b\n15.37,4,b\n2.20,0,c\n3.90,1,c\n4.91,2,c\n5.11,3,c\n6.02,4,c\n-1.49,0,d\n-2.55,1,d\n"
                + "-3.83,2,d\n-4.57,3,d\n-7.10,4,d\n");
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, "data \"c.csv\"\nmodel m = y ~ x + (x | g)\n"), "m");
        List<Diagnostic> d = LmmDiagnostics.compute(s);
        assertEquals(List.of("singular-correlation"), d.stream().map(x -> x.getCode().getLeft()).toList());
        assertEquals("boundary (singular) fit: the correlation of (Intercept) with x by g is estimated as 1: the data "
                + "cannot tell the two effects apart, so the correlation is not supported; try the uncorrelated (1 + x || g)",
                d.get(0).getMessage());
        List<CodeAction> fixes = LmmCodeActions.quickFixes(s, lmm.syntax.TextRange.at(13 + 20));
        assertEquals(List.of("Simpler model: uncorrelated (x || g)"), fixes.stream().map(CodeAction::getTitle).toList());
        assertEquals(new TextEdit(r(1, 18, 1, 25), "(x || g)"), fixes.get(0).getEdit().getChanges().get(s.uri()).get(0));
    }

    @Test
    void quickFixes() {
        Fixtures.Cursor c = cursor("data \"dung.csv\"\nfactor oven_blok\nmethod Ml\nmodle x = pr_dung ~ 1\nmodel m = pr_dung ~ flis‸ + (1 | oven_block)\n");
        DocumentSnapshot s = Fixtures.snapshot(tmp, c.text());
        List<CodeAction> atCursor = LmmCodeActions.quickFixes(s, lmm.syntax.TextRange.at(c.offset()));
        assertEquals(List.of("Change to 'flies'"), atCursor.stream().map(CodeAction::getTitle).toList());
        TextEdit e = atCursor.get(0).getEdit().getChanges().get(s.uri()).get(0);
        assertEquals(new TextEdit(r(4, 20, 4, 24), "flies"), e);
        List<String> all = LmmCodeActions.quickFixes(s, new lmm.syntax.TextRange(0, c.text().length())).stream().map(CodeAction::getTitle).toList();
        assertEquals(List.of("Change to 'oven_block'", "Change to 'ML'", "Change to 'model'", "Change to 'flies'"), all);
    }

    @Test
    void definitionGoesToTheHeaderCell() throws IOException {
        Fixtures.Cursor c = cursor("data \"dung.csv\"\nmodel m = pr_dung ~ fl‸ies + (1 | oven_block)\n");
        List<Location> loc = LmmDefinition.definition(Fixtures.snapshot(tmp, c.text()), c.offset(), p -> null);
        assertEquals(1, loc.size());
        assertEquals(tmp.resolve("dung.csv").toUri().toString(), loc.get(0).getUri());
        assertEquals(r(0, 11, 0, 16), loc.get(0).getRange(), "\"pr_dung\",\"flies\",…");
        // an unquoted header with spaces, and a column in a factor line
        Files.writeString(tmp.resolve("h.csv"), "y, my x ,g\n1,2,a\n");
        Fixtures.Cursor f = cursor("data \"h.csv\"\nfactor `my x‸`\n");
        assertEquals(r(0, 3, 0, 7), LmmDefinition.definition(Fixtures.snapshot(tmp, f.text()), f.offset(), p -> null).get(0).getRange());
        // the editor's text of the CSV wins over the file
        assertEquals(r(0, 0, 0, 4), LmmDefinition.definition(Fixtures.snapshot(tmp, f.text()), f.offset(), p -> "my x,y,g\n").get(0).getRange());
        Fixtures.Cursor fn = cursor("data \"dung.csv\"\nmodel m = pr_dung ~ lo‸g(flies)\n");
        assertEquals(List.of(), LmmDefinition.definition(Fixtures.snapshot(tmp, fn.text()), fn.offset(), p -> null), "a function, not a column");
    }

    @Test
    void symbolsOfDataLinesAndModels() {
        List<DocumentSymbol> symbols = LmmSymbols.symbols(Fixtures.snapshot(tmp, Fixtures.DUNG + "model pr_dung ~ flies\n"));
        assertEquals(List.of("dung.csv", "blocks", "model2"), symbols.stream().map(DocumentSymbol::getName).toList());
        assertEquals("pr_dung ~ flies + (1 | oven_block) · REML", symbols.get(1).getDetail());
        assertEquals(r(2, 6, 2, 12), symbols.get(1).getSelectionRange());
    }

    @Test
    void semanticTokens() {
        DocumentSnapshot s = Fixtures.snapshot(tmp, "data \"dung.csv\" # d\nmethod ML\nmodel m = log(pr_dung) ~ flies + (1 | oven_block)\n");
        List<String> kinds = LmmSemanticTokens.classify(s).stream()
                .map(c -> s.text().substring(c.start(), c.end()) + ":" + LmmSemanticTokens.TYPES.get(c.type())).toList();
        assertEquals(List.of("data:keyword", "\"dung.csv\":string", "# d:comment", "method:keyword", "ML:enumMember",
                "model:keyword", "m:class", "=:operator", "log:function", "pr_dung:variable", "~:operator", "flies:variable",
                "+:operator", "1:number", "|:operator", "oven_block:variable"), kinds);
        List<Integer> data = LmmSemanticTokens.full(s).getData();
        assertEquals(List.of(0, 0, 4, 0, 0), data.subList(0, 5));
        assertEquals(List.of(0, 5, 10, 1, 0), data.subList(5, 10));
        assertEquals(List.of(1, 0, 6, 0, 0), data.subList(15, 20), "method on the next line");
    }

    @Test
    void formatting() {
        DocumentSnapshot s = Fixtures.snapshot(tmp, "data \"dung.csv\"\nmodel  m=pr_dung~flies+( 1|oven_block )   \n");
        assertEquals(List.of(new TextEdit(r(1, 0, 1, 42), "model m = pr_dung ~ flies + (1 | oven_block)")), LmmFormatting.edits(s));
    }

    @Test
    void resultDocuments() {
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, Fixtures.DUNG), "blocks");
        StoredFit f = s.currentFit("blocks");
        String ranef = LmmResults.render(f, "ranef", "markdown").content();
        assertTrue(ranef.contains("| 1 | -0.0162079 |"), ranef);
        String csv = LmmResults.render(f, "all", "csv").content();
        String[] rows = csv.split("\n");
        assertEquals("row,Y,fitted,residual,Xβ,Zu", rows[0]);
        String[] first = rows[1].split(",");
        assertEquals("1", first[0]);
        assertEquals(0.1433747, Double.parseDouble(first[1]), 1e-12);
        assertEquals(Double.parseDouble(first[1]), Double.parseDouble(first[4]) + Double.parseDouble(first[5]) + Double.parseDouble(first[3]), 1e-12);
        assertEquals(-0.01620789, Double.parseDouble(first[5]), 5e-9);
        assertEquals("term,estimate,std_error,t_value", LmmResults.render(f, "fixef", "csv").content().split("\n")[0]);
        assertEquals("json", LmmResults.render(f, "all", "json").language());
        String matrices = LmmResults.render(f, "matrices", "markdown").content();
        assertTrue(matrices.contains("**Z (18 × 3): oven_block**") && matrices.contains("Check: max"), matrices);
        assertEquals(List.of(), LmmPlots.render(null));
        List<LmmPlots.Plot> plots = LmmPlots.render(f);
        assertEquals(3, plots.size(), "residuals vs fitted, QQ, caterpillar of oven_block");
        assertTrue(plots.stream().allMatch(p -> p.svg().contains("<svg")), plots.toString());
    }
}
