package lmm.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmm.fit.FixedEffects;
import lmm.model.BoundModel;
import lmm.model.ModelEntry;
import lmm.model.Term;
import lmm.syntax.TextRange;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Inlay hints after each fixed-effect term of a model with a current fit, written as an annotation
 * rather than formula text: {@code flies} followed by {@code β̂ -3.4667e-05} (padded on both sides,
 * no "=" or "+" that could be read as part of the formula). A term with several coefficients (a
 * categorical variable) lists them by name: {@code β̂ sb 1.2, sc 3.4}. Stale fits show nothing:
 * their positions may be wrong.
 */
public final class LmmInlayHints {
    private LmmInlayHints() {}

    /** @param range the part of the document the client shows, or null for all of it */
    public static List<InlayHint> hints(DocumentSnapshot s, TextRange range) {
        List<InlayHint> out = new ArrayList<>();
        for (ModelEntry m : s.models()) {
            StoredFit fit = s.currentFit(m.name());
            if (fit == null || fit.result() == null) continue;
            if (range != null && !Ranges.touches(range, m.statement().range())) continue;
            BoundModel b = fit.entry().bound();
            FixedEffects fe = fit.result().fixef();
            double[] est = fe.estimate();
            List<Term> terms = b.formula().terms();
            Map<Integer, List<String>> byEnd = new LinkedHashMap<>();
            for (int t = 0; t < terms.size(); t++) {
                TextRange r = terms.get(t).range();
                if (r == null) continue;
                if (r.end() > s.text().length()) continue;
                String written = s.text().substring(r.start(), r.end());
                String label = b.formula().label(terms.get(t));
                List<String> parts = new ArrayList<>();
                for (int j = 0; j < b.termOfColumn().size(); j++) {
                    if (b.termOfColumn().get(j) != t) continue;
                    String col = fe.names().get(j);
                    String value = Num.format(est[j], LmmCodeLens.DIGITS);
                    parts.add(col.equals(written) || (col.equals(label) && written.equals(label)) ? value : col + " " + value);
                }
                if (parts.isEmpty()) continue;
                byEnd.computeIfAbsent(r.end(), k -> new ArrayList<>()).add(String.join(", ", parts));
            }
            for (Map.Entry<Integer, List<String>> e : byEnd.entrySet()) {
                InlayHint h = new InlayHint(Ranges.position(s.lines(), e.getKey()), Either.forLeft("β̂ " + String.join("; ", e.getValue())));
                h.setTooltip(new MarkupContent(MarkupKind.PLAINTEXT, "estimate of the fixed effect (" + fit.result().method() + ")"));
                h.setPaddingLeft(true);
                h.setPaddingRight(true);
                out.add(h);
            }
        }
        return out;
    }
}
