package lmm.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmm.model.ModelEntry;
import lmm.syntax.LineMap;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;

/**
 * The diagnostics of a snapshot: every check of the engine (syntax, data, binding) with its exact
 * range and severity, the notes (rows dropped for missing values), and what current fits reported
 * (singular fit, no convergence, a failed fit).
 */
public final class LmmDiagnostics {
    private LmmDiagnostics() {}

    public static final String SOURCE = "lmm";

    public static List<Diagnostic> compute(DocumentSnapshot s) {
        List<Diagnostic> out = new ArrayList<>();
        for (lmm.syntax.Diagnostic d : s.bound().diagnostics()) out.add(toLsp(s.lines(), d));
        for (ModelEntry m : s.models()) {
            StoredFit f = s.currentFit(m.name());
            if (f != null) for (lmm.syntax.Diagnostic d : f.diagnostics()) out.add(toLsp(s.lines(), d));
        }
        return out;
    }

    /** The LSP form of an engine diagnostic; the suggested replacement (if any) travels in {@code data}. */
    public static Diagnostic toLsp(LineMap lines, lmm.syntax.Diagnostic d) {
        Diagnostic out = new Diagnostic(Ranges.range(lines, d.range()), d.message(), severity(d.severity()), SOURCE, d.code());
        if (d.suggestion() != null) out.setData(Map.of("suggestion", d.suggestion()));
        return out;
    }

    public static DiagnosticSeverity severity(lmm.syntax.Severity s) {
        return switch (s) {
            case ERROR -> DiagnosticSeverity.Error;
            case WARNING -> DiagnosticSeverity.Warning;
            case INFORMATION -> DiagnosticSeverity.Information;
            case HINT -> DiagnosticSeverity.Hint;
        };
    }
}
