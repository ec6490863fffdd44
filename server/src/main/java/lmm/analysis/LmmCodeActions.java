package lmm.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmm.model.ModelEntry;
import lmm.syntax.Deparse;
import lmm.syntax.Diagnostic;
import lmm.syntax.TextRange;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * Quick fixes from the engine's suggestions: an unknown column ("Change to 'flies'") or model (on a
 * compare line), an unknown method or statement keyword, a data file name without quotes; and from
 * a singular fit the simpler model (remove a random term whose variance is 0, make a term with a
 * correlation of ±1 uncorrelated).
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
        for (ModelEntry m : s.bound().models()) {
            StoredFit f = s.currentFit(m.name());
            if (f == null) continue;
            for (Diagnostic d : f.diagnostics()) {
                if (!Ranges.touches(d.range(), range)) continue;
                CodeAction a = simplerModel(s, d);
                if (a != null) out.add(a);
            }
        }
        return out;
    }

    private static CodeAction simplerModel(DocumentSnapshot s, Diagnostic d) {
        String text = s.text();
        TextRange r = d.range();
        if (r.end() > text.length()) return null;
        String term = text.substring(r.start(), r.end());
        String title;
        TextRange edit;
        String replacement;
        if (FitDiagnostics.SINGULAR_VARIANCE.equals(d.code())) {
            // remove the term with the '+' that joins it to its neighbour
            int from = r.start(), to = r.end();
            int left = from - 1;
            while (left >= 0 && Character.isWhitespace(text.charAt(left))) left--;
            int right = to;
            while (right < text.length() && (text.charAt(right) == ' ' || text.charAt(right) == '\t')) right++;
            if (left >= 0 && text.charAt(left) == '+') {
                while (left > 0 && (text.charAt(left - 1) == ' ' || text.charAt(left - 1) == '\t')) left--;
                edit = new TextRange(left, to);
                replacement = "";
            } else if (right < text.length() && text.charAt(right) == '+') {
                right++;
                while (right < text.length() && (text.charAt(right) == ' ' || text.charAt(right) == '\t')) right++;
                edit = new TextRange(from, right);
                replacement = "";
            } else {
                edit = r;
                replacement = "1"; // the only term: what is left is the intercept
            }
            title = "Simpler model: remove " + term;
        } else if (FitDiagnostics.SINGULAR_CORRELATION.equals(d.code())) {
            int bar = term.indexOf('|');
            if (bar < 0 || term.startsWith("||", bar)) return null;
            replacement = term.substring(0, bar) + "||" + term.substring(bar + 1);
            edit = r;
            title = "Simpler model: uncorrelated " + replacement;
        } else {
            return null;
        }
        CodeAction a = new CodeAction(title);
        a.setKind(CodeActionKind.QuickFix);
        a.setDiagnostics(List.of(LmmDiagnostics.toLsp(s.lines(), d)));
        a.setEdit(new WorkspaceEdit(Map.of(s.uri(), List.of(new TextEdit(Ranges.range(s.lines(), edit), replacement)))));
        return a;
    }
}
