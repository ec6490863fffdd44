package lmm.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Code lenses and inlay hints before and after a fit; values from R (lme4) and the seed document. */
class LmmCodeLensTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void data() throws IOException {
        Fixtures.dungDir(tmp);
    }

    static List<String> titles(List<CodeLens> lenses) { return lenses.stream().map(l -> l.getCommand().getTitle()).toList(); }

    @Test
    void fitLensBeforeAFit() {
        DocumentSnapshot s = Fixtures.snapshot(tmp, Fixtures.DUNG + "method ML\nmodel ml = pr_dung ~ flies + (1 | oven_block)\nmodel ols = pr_dung ~ flies\n"
                + "model bad = pr_dung ~ nope\n");
        List<CodeLens> lenses = LmmCodeLens.lenses(s);
        assertEquals(List.of("▶ Fit (REML)", "▶ Fit (ML)", "▶ Fit (OLS)", "✗ cannot fit: fix the problems in this model first"), titles(lenses));
        CodeLens fit = lenses.get(0);
        assertEquals("lmm.fit", fit.getCommand().getCommand());
        assertEquals(List.of(s.uri(), "blocks"), fit.getCommand().getArguments());
        assertEquals(new Position(2, 0), fit.getRange().getStart());
    }

    @Test
    void afterAFitBetaUAndResiduals() {
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, Fixtures.DUNG), "blocks");
        List<String> titles = titles(LmmCodeLens.lenses(s));
        // R: fixef(lmer(pr_dung ~ flies + (1 | oven_block), dung)) = 0.1662317, -3.466743e-05
        assertEquals("β (Intercept) 0.16623 · flies -3.4667e-05", titles.get(0));
        // R: ranef(...)$oven_block = -0.01620789, 0.007158645, 0.009049249
        assertEquals("u oven_block: 1 -0.016208 · 2 0.0071586 · 3 0.0090492", titles.get(1));
        // R: sigma 0.007951288 (the residual summary that fits on the line; min, median and max need more room)
        assertEquals("σ 0.0079513", titles.get(2));
        assertEquals(List.of("Results", "Plots", "▶ Re-fit"), titles.subList(3, 6));
        int line = titles.stream().mapToInt(String::length).sum() + LmmCodeLens.SEPARATOR * (titles.size() - 1);
        assertTrue(line <= LmmCodeLens.LINE_BUDGET, line + " characters on the line");
        // R: residuals min -0.01400253, max 0.01983513; median of the 18: mean of the 9th and 10th smallest (-0.00079255, -0.00020444)
        assertEquals("σ 0.0079513 · e min -0.014003 · median -0.0004985 · max 0.019835", LmmCodeLens.residualTitle(s.currentFit("blocks").result()));
        var cmds = LmmCodeLens.lenses(s).stream().map(l -> l.getCommand().getCommand() + l.getCommand().getArguments()).toList();
        assertEquals("lmm.showResults[" + s.uri() + ", blocks, fixef]", cmds.get(0));
        assertEquals("lmm.showResults[" + s.uri() + ", blocks, summary]", cmds.get(3));
        assertEquals("lmm.showPlots[" + s.uri() + ", blocks]", cmds.get(4));
        assertEquals("lmm.fit[" + s.uri() + ", blocks]", cmds.get(5));
    }

    /** sleepstudy: 18 subjects with two terms each; the u lens lists the first subjects and counts the rest, within 100 characters. */
    @Test
    void longVectorsAreSummarisedWithinAHundredCharacters() throws IOException {
        java.nio.file.Files.copy(Fixtures.examples().resolve("sleepstudy.csv"), tmp.resolve("sleepstudy.csv"));
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, "data \"sleepstudy.csv\"\nmodel sl = Reaction ~ Days + (Days | Subject)\n"), "sl");
        List<String> titles = titles(LmmCodeLens.lenses(s));
        for (String t : titles) assertTrue(t.length() <= LmmCodeLens.MAX_TITLE, t.length() + ": " + t);
        int line = titles.stream().mapToInt(String::length).sum() + LmmCodeLens.SEPARATOR * (titles.size() - 1);
        assertTrue(line <= LmmCodeLens.LINE_BUDGET, line + " characters on the line: " + titles);
        // R: ranef(fm1)$Subject["308", ] = 2.258551, 9.198976
        String u = titles.get(1);
        assertTrue(u.startsWith("u Subject ((Intercept), Days): 308 (2.2586, 9.199) · … 17 more")
                || u.startsWith("u Subject ((Intercept), Days): … 18 more"), u);
        String alone = LmmCodeLens.ranefTitle(s.currentFit("sl").result().ranef().get(0));
        assertTrue(alone.length() <= 100 && alone.length() > u.length() && alone.matches(".* · … 1[0-9] more"), "alone it may take 100: " + alone);
        // R: fixef(fm1) = 251.4051, 10.46729
        assertEquals("β (Intercept) 251.41 · Days 10.467", titles.get(0));
    }

    @Test
    void summariesCountWhatDoesNotFit() {
        List<String> parts = new java.util.ArrayList<>();
        for (int i = 1; i <= 40; i++) parts.add("level" + i + " 0.12345");
        String t = LmmCodeLens.summarised("u g: ", parts);
        assertTrue(t.length() <= 100, t);
        int shown = t.split(" · ").length - 1;
        assertTrue(t.endsWith(" · … " + (40 - shown) + " more"), t);
        assertEquals("u g: a 1 · b 2", LmmCodeLens.summarised("u g: ", List.of("a 1", "b 2")));
    }

    @Test
    void staleAfterAnEdit() {
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, Fixtures.DUNG), "blocks");
        DocumentSnapshot edited = Fixtures.snapshot(tmp, Fixtures.DUNG + "\n").withFits(s.fits());
        assertEquals(List.of("⚠ results are stale — ▶ Re-fit (REML)"), titles(LmmCodeLens.lenses(edited)));
        assertEquals(List.of(), LmmInlayHints.hints(edited, null));
    }

    @Test
    void inlayHintAfterEachFixedTerm() {
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, Fixtures.DUNG), "blocks");
        List<InlayHint> hints = LmmInlayHints.hints(s, null);
        assertEquals(1, hints.size());
        assertEquals("β̂ -3.4667e-05", hints.get(0).getLabel().getLeft());
        assertTrue(hints.get(0).getPaddingLeft() && hints.get(0).getPaddingRight(), "set apart from the formula");
        assertEquals(new Position(2, 30), hints.get(0).getPosition(), "right after flies");
    }

    @Test
    void inlayHintsOfACategoricalTermNameItsCoefficients() throws IOException {
        java.nio.file.Files.writeString(tmp.resolve("p.csv"), "y,s,x\n1,a,1\n2,b,2\n4,c,2\n3,a,5\n5,b,3\n7,c,1\n6,a,2\n");
        DocumentSnapshot s = Fixtures.fitted(Fixtures.snapshot(tmp, "data \"p.csv\"\nmodel m = y ~ s + x\n"), "m");
        List<String> labels = LmmInlayHints.hints(s, null).stream().map(h -> h.getLabel().getLeft()).toList();
        assertEquals(2, labels.size(), labels.toString());
        assertTrue(labels.get(0).matches("β̂ sb -?[0-9.e-]+, sc -?[0-9.e-]+"), labels.toString());
        assertTrue(labels.get(1).matches("β̂ -?[0-9.e-]+"), labels.toString());
    }
}
