package lmm.analysis;

import java.util.ArrayList;
import java.util.List;
import lmm.model.ModelEntry;
import lmm.syntax.Statement;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;

/** The document's outline: each data line (a file), each model (with its formula as detail) and each compare line. */
public final class LmmSymbols {
    private LmmSymbols() {}

    public static List<DocumentSymbol> symbols(DocumentSnapshot s) {
        List<DocumentSymbol> out = new ArrayList<>();
        int modelIndex = 0;
        for (Statement st : s.source().statements()) {
            if (st instanceof Statement.Data d && d.path() != null) {
                out.add(new DocumentSymbol(nonEmpty(d.path().value()), SymbolKind.File, Ranges.range(s.lines(), d.range()),
                        Ranges.range(s.lines(), d.path().range()), "data"));
            } else if (st instanceof Statement.Model m) {
                ModelEntry e = modelIndex < s.models().size() ? s.models().get(modelIndex) : null;
                modelIndex++;
                String name = e != null ? e.name() : m.name() != null ? m.name().name() : "model";
                String detail = m.formula() == null ? "" : lmm.model.DocumentBinder.formulaText(m);
                if (e != null && e.bound() != null) detail += " · " + e.bound().method();
                out.add(new DocumentSymbol(nonEmpty(name), SymbolKind.Function, Ranges.range(s.lines(), m.range()),
                        Ranges.range(s.lines(), m.name() != null ? m.name().range() : m.keyword()), detail));
            } else if (st instanceof Statement.Compare c && !c.models().isEmpty()) {
                String names = String.join(", ", c.models().stream().map(n -> n.name()).toList());
                out.add(new DocumentSymbol("compare " + names, SymbolKind.Event, Ranges.range(s.lines(), c.range()),
                        Ranges.range(s.lines(), c.keyword()), "model comparison"));
            }
        }
        return out;
    }

    private static String nonEmpty(String s) { return s == null || s.isBlank() ? "(empty)" : s; }
}
