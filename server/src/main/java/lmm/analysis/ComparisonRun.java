package lmm.analysis;

import java.util.List;
import lmm.fit.FitException;
import lmm.fit.compare.ComparisonResult;
import lmm.fit.compare.MaximumLikelihoodFits;
import lmm.fit.compare.ModelComparison;
import lmm.model.BoundComparison;
import lmm.syntax.Diagnostic;

/**
 * Runs one {@code compare} line for a front end: the table, or why there is none (the binder's
 * diagnostics already said why a comparison is not ready; a fit that fails here becomes a diagnostic
 * on the compare line).
 */
public record ComparisonRun(BoundComparison comparison, ComparisonResult result, String message, List<Diagnostic> diagnostics) {
    /** @throws lmm.fit.FitCancelled when the fits' cancellation check fires */
    public static ComparisonRun of(BoundComparison c, MaximumLikelihoodFits fits) {
        if (!c.ready()) return new ComparisonRun(c, null, "not run: the compare line or a model it names has errors", List.of());
        try {
            return new ComparisonRun(c, ModelComparison.run(c, fits), null, List.of());
        } catch (FitException e) {
            String message = "cannot run this comparison: " + e.getMessage();
            return new ComparisonRun(c, null, message, List.of(Diagnostic.error(c.statement().keyword(), "compare-failed", message)));
        }
    }
}
