package lmm.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmm.syntax.Deparse;
import lmm.syntax.Diagnostic;
import lmm.syntax.TextRange;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * Quick fixes from the engine's suggestions: an unknown column ("Change to 'flies'") or model (on a
 * compare line), an unknown method or statement keyword, a data file name without quotes.
 */
public final class LmmCodeActions {
    private LmmCodeActions() {}

    public static List<CodeAction> quickFixes(DocumentSnapshot s, TextRange range) {
        List<CodeAction> out = new ArrayList<>();
        for (Diagnostic d : s.bound().diagnostics()) {
            if (d.suggestion() == null || !Ranges.touches(d.range(), range)) continue;
            boolean name = "unknown-column".equals(d.code()) || lmm.model.ComparisonBinder.UNKNOWN_MODEL.equals(d.code());
            String replacement = name ? Deparse.name(d.suggestion()) : d.suggestion();
            CodeAction a = new CodeAction("Change to '" + d.suggestion() + "'");
            a.setKind(CodeActionKind.QuickFix);
            a.setDiagnostics(List.of(LmmDiagnostics.toLsp(s.lines(), d)));
            a.setIsPreferred(true);
            a.setEdit(new WorkspaceEdit(Map.of(s.uri(), List.of(new TextEdit(Ranges.range(s.lines(), d.range()), replacement)))));
            out.add(a);
        }
        return out;
    }
}
