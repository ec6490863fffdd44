package lmm.analysis;

import java.util.ArrayList;
import java.util.List;
import lmm.fit.FitException;
import lmm.fit.FitOptions;
import lmm.fit.FitResult;
import lmm.fit.ModelFitter;
import lmm.model.Method;
import lmm.model.ModelEntry;
import lmm.syntax.Diagnostic;

/**
 * Runs the fit of one model and turns what the optimiser says into diagnostics the user can act
 * on (singular fit, no convergence, a fit that failed), so the command line and the editor agree.
 */
public final class ModelFits {
    private ModelFits() {}

    /** The result (null when the fit failed) and the diagnostics of the fit itself. */
    public record Outcome(ModelEntry model, FitResult result, List<Diagnostic> diagnostics) {
        public boolean ok() { return result != null; }
    }

    /** @throws lmm.fit.FitCancelled when the options' cancellation check fires */
    public static Outcome fit(ModelEntry m, FitOptions options) {
        List<Diagnostic> diags = new ArrayList<>();
        if (m.bound() == null) return new Outcome(m, null, diags);
        var where = m.statement().keyword();
        try {
            FitResult r = ModelFitter.fit(m.bound().matrices(), options.withReml(m.method() == Method.REML));
            diags.addAll(FitDiagnostics.of(m, r));
            return new Outcome(m, r, diags);
        } catch (FitException e) {
            diags.add(Diagnostic.error(where, "fit-failed", "cannot fit '" + m.name() + "': " + e.getMessage()));
            return new Outcome(m, null, diags);
        }
    }
}
