package lmm.analysis;

import java.util.ArrayList;
import java.util.List;
import lmm.syntax.Formatter;
import org.eclipse.lsp4j.TextEdit;

/** textDocument/formatting: the edits of {@link Formatter} (spacing only; lines with errors untouched). */
public final class LmmFormatting {
    private LmmFormatting() {}

    public static List<TextEdit> edits(DocumentSnapshot s) {
        List<TextEdit> out = new ArrayList<>();
        for (Formatter.Edit e : Formatter.edits(s.text())) out.add(new TextEdit(Ranges.range(s.lines(), e.range()), e.newText()));
        return out;
    }
}
