package lmm.analysis;

import java.util.List;
import lmm.data.DataVersion;
import lmm.fit.FitResult;
import lmm.model.ModelEntry;
import lmm.syntax.Diagnostic;

/**
 * The result of fitting one model, with what it was computed for: the document text (and version)
 * and the version of the data. A fit is current for a snapshot whose text and data version are the
 * same; otherwise it is stale (shown as such, never applied to the new text).
 *
 * @param entry the model as it was bound when fitted (its rows, X, Z)
 * @param diagnostics what the fit itself reported (singular, not converged)
 */
public record StoredFit(String model, String documentText, int documentVersion, DataVersion dataVersion,
                        ModelEntry entry, FitResult result, List<Diagnostic> diagnostics) {
    public StoredFit {
        diagnostics = List.copyOf(diagnostics);
    }

    /** The version of the data a model entry was bound to (null when it has none). */
    public static DataVersion dataVersionOf(ModelEntry e) {
        return e == null || e.data() == null ? null : e.data().version();
    }
}
