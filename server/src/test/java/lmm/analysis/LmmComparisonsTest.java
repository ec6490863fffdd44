package lmm.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lmm.fit.FitOptions;
import lmm.model.Method;
import lmm.model.ModelEntry;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.Hover;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compare line in the editor: lens and hover before and after the ML fits; figures from R
 * (../shared/reference-inference/dung.inference.json: anova(nullblocks, blocks) with refitML).
 */
class LmmComparisonsTest {
    @TempDir Path tmp;

    static final String DOC = Fixtures.DUNG + "model nullblocks = pr_dung ~ 1 + (1 | oven_block)\ncompare nullblocks, blocks\n";

    @BeforeEach
    void data() throws IOException { Fixtures.dungDir(tmp); }

    /** What the lmm.compare command stores: each REML model's ML refit under its refit key. */
    static DocumentSnapshot withRefits(DocumentSnapshot s) {
        Map<String, StoredFit> fits = new HashMap<>(s.fits());
        for (ModelEntry m : s.models()) {
            ModelEntry ml = new ModelEntry(m.statement(), m.name(), Method.ML, m.dataPath(), m.data(), m.factors(), m.bound(), m.level());
            ModelFits.Outcome o = ModelFits.fit(ml, FitOptions.defaults());
            fits.put(LmmComparisons.fitKey(m), new StoredFit(m.name(), s.text(), s.version(), StoredFit.dataVersionOf(m), m, o.result(), o.diagnostics()));
        }
        return s.withFits(fits);
    }

    private static List<CodeLens> compareLenses(DocumentSnapshot s) {
        return LmmCodeLens.lenses(s).stream().filter(l -> LmmComparisons.COMPARE.equals(l.getCommand().getCommand())
                || l.getCommand().getTitle().contains("compare")).toList();
    }

    @Test
    void lensBeforeAndAfterTheFits() {
        DocumentSnapshot s = Fixtures.snapshot(tmp, DOC);
        List<CodeLens> before = compareLenses(s);
        assertEquals(1, before.size());
        assertEquals("▶ Compare (LRT, REML fits refitted by ML)", before.get(0).getCommand().getTitle());
        assertEquals(List.of(s.uri(), List.of("nullblocks", "blocks")), before.get(0).getCommand().getArguments());
        assertEquals(4, before.get(0).getRange().getStart().getLine());
        // fitting the models by REML does not make the comparison: it needs their ML fits
        DocumentSnapshot reml = Fixtures.fitted(Fixtures.fitted(s, "blocks"), "nullblocks");
        assertEquals("▶ Compare (LRT, REML fits refitted by ML)", compareLenses(reml).get(0).getCommand().getTitle());
        // R: Chisq 1.23106897841666, Df 1, Pr(>Chisq) 0.267199247918643
        String after = compareLenses(withRefits(s)).get(0).getCommand().getTitle();
        assertEquals("χ² = 1.231, df = 1, p = 0.2672 (ML refit)", after);
        assertTrue(after.length() <= 100);
    }

    @Test
    void mlModelsUseTheirOwnFit() {
        DocumentSnapshot s = Fixtures.snapshot(tmp, "data \"dung.csv\"\nfactor oven_block\nmethod ML\n"
                + "model blocks = pr_dung ~ flies + (1 | oven_block)\nmodel nullblocks = pr_dung ~ 1 + (1 | oven_block)\ncompare nullblocks, blocks\n");
        assertEquals("▶ Compare (LRT)", compareLenses(s).get(0).getCommand().getTitle());
        DocumentSnapshot fitted = Fixtures.fitted(Fixtures.fitted(s, "blocks"), "nullblocks");
        assertEquals("χ² = 1.231, df = 1, p = 0.2672", compareLenses(fitted).get(0).getCommand().getTitle());
    }

    @Test
    void lensOnALineWithErrors() {
        DocumentSnapshot s = Fixtures.snapshot(tmp, Fixtures.DUNG + "compare blocks, nope\n");
        assertEquals("✗ cannot compare: fix the problems on this line first", compareLenses(s).get(0).getCommand().getTitle());
    }

    @Test
    void quickFixForAMisspeltModel() {
        String text = Fixtures.DUNG + "model nullblocks = pr_dung ~ 1 + (1 | oven_block)\ncompare nulblocks, blocks\n";
        DocumentSnapshot s = Fixtures.snapshot(tmp, text);
        int at = text.indexOf("nulblocks");
        var fixes = LmmCodeActions.quickFixes(s, new lmm.syntax.TextRange(at, at + 9));
        assertEquals(1, fixes.size());
        assertEquals("Change to 'nullblocks'", fixes.get(0).getTitle());
        assertEquals("nullblocks", fixes.get(0).getEdit().getChanges().get(s.uri()).get(0).getNewText());
    }

    @Test
    void hoverBeforeAndAfter() {
        DocumentSnapshot s = Fixtures.snapshot(tmp, DOC);
        int offset = DOC.indexOf("compare") + 10;
        Hover h = LmmHover.hover(s, offset, 10);
        assertEquals("""
                **Likelihood-ratio test** (lme4's `anova`)

                Rows by number of parameters:

                - `nullblocks`: `pr_dung ~ 1 + (1 | oven_block)` — 3 parameters, REML (refitted by ML for the test)
                - `blocks`: `pr_dung ~ flies + (1 | oven_block)` — 4 parameters, REML (refitted by ML for the test)

                Run it with the ▶ Compare lens.
                """, h.getContents().getRight().getValue());
        // R: npar 3 / 4, AIC -108.89 / -108.12, BIC -106.22 / -104.56, logLik 57.447 / 58.062, deviance -114.89 / -116.12,
        // Chisq 1.2311, Df 1, Pr(>Chisq) 0.2672 (print of anova(nullblocks, blocks))
        assertEquals("""
                **Likelihood-ratio test** (lme4's `anova`), REML fits refitted by ML

                |   | npar | AIC | BIC | logLik | deviance | Chisq | Df | Pr(>Chisq) |
                |:---|---:|---:|---:|---:|---:|---:|---:|---:|
                | nullblocks | 3 | -108.89 | -106.22 | 57.447 | -114.89 |  |  |  |
                | blocks | 4 | -108.12 | -104.56 | 58.062 | -116.12 | 1.2311 | 1 | 0.2672 |
                """, LmmHover.hover(withRefits(s), offset, 10).getContents().getRight().getValue());
    }
}
