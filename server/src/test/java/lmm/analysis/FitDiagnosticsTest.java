package lmm.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lmm.data.DataCache;
import lmm.fit.FitOptions;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.syntax.Diagnostic;
import lmm.syntax.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warning of a fit whose optimum is not verified: what failed and what to try, naming the model's own terms. */
class FitDiagnosticsTest {
    @TempDir Path tmp;

    @Test
    void unverifiedOptimumSaysWhatToTry() throws Exception {
        Path csv = Path.of(getClass().getResource("/reference/sleepstudy.csv").toURI());
        Files.copy(csv, tmp.resolve("s.csv"));
        String text = "data \"s.csv\"\nmodel m = Reaction ~ Days + (Days | Subject)\n";
        BoundDocument doc = DocumentBinder.bind(Parser.parse(text), tmp, new DataCache()::load);
        // an evaluation budget of 5 (BOBYQA starts with 7 points here) stops the optimiser long before the optimum
        ModelFits.Outcome o = ModelFits.fit(doc.models().get(0), FitOptions.defaults().withMaxEvaluations(5));
        List<Diagnostic> d = o.diagnostics();
        assertEquals(1, d.size(), d.toString());
        assertEquals("not-converged", d.get(0).code());
        String msg = d.get(0).message();
        assertEquals(true, msg.startsWith("the fit may not be at the optimum: stopped after the maximum of 5 evaluations before converging; "
                + "the criterion is still sloped at the reported optimum (scaled gradient "), msg);
        assertEquals(true, msg.endsWith(", lme4 accepts up to 0.00200). "
                + "Try the uncorrelated form (1 + Days || Subject), or dropping the random term (1 + Days | Subject)"), msg);
        assertEquals(text.indexOf("model"), d.get(0).range().start(), "on the model keyword");
    }
}
