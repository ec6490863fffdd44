package lmm.analysis;

import lmm.syntax.LineMap;
import lmm.syntax.TextRange;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** Conversion between character offsets of a document and LSP positions (zero-based line, UTF-16 column). */
public final class Ranges {
    private Ranges() {}

    public static Position position(LineMap lines, int offset) {
        return new Position(lines.line(offset), lines.column(offset));
    }

    public static Range range(LineMap lines, TextRange r) {
        return new Range(position(lines, r.start()), position(lines, r.end()));
    }

    /** The offset of a position, clamped to the text (a position past the end of a line is its end). */
    public static int offset(LineMap lines, Position p) {
        if (p == null) return 0;
        return lines.offset(Math.max(0, p.getLine()), Math.max(0, p.getCharacter()));
    }

    /**
     * The offset of a position in a text, clamped to the text; a column past the end of its line
     * means the end of that line (before the line break), as LSP says.
     */
    public static int offset(String text, LineMap lines, Position p) {
        if (p == null) return 0;
        int line = Math.max(0, p.getLine());
        if (line >= lines.lineCount()) return text.length();
        int start = lines.lineStart(line);
        int end = line + 1 < lines.lineCount() ? lines.lineStart(line + 1) : text.length();
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) end--;
        return Math.min(start + Math.max(0, p.getCharacter()), end);
    }

    public static TextRange textRange(LineMap lines, Range r) {
        int a = offset(lines, r.getStart()), b = offset(lines, r.getEnd());
        return new TextRange(Math.min(a, b), Math.max(a, b));
    }

    /** True when two ranges overlap or touch. */
    public static boolean touches(TextRange a, TextRange b) {
        return a.start() <= b.end() && b.start() <= a.end();
    }
}
