package lmm.syntax;

import java.util.Arrays;

/** Converts between character offsets and zero-based (line, column) positions of one text. */
public final class LineMap {
    private final int[] lineStarts;
    private final int length;

    public LineMap(String text) {
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                if (count == starts.length) starts = Arrays.copyOf(starts, count * 2);
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
        this.length = text.length();
    }

    public int lineCount() { return lineStarts.length; }

    /** Zero-based line of an offset. */
    public int line(int offset) {
        int i = Arrays.binarySearch(lineStarts, Math.max(0, Math.min(offset, length)));
        return i >= 0 ? i : -i - 2;
    }

    /** Zero-based column (in UTF-16 code units) of an offset. */
    public int column(int offset) {
        int o = Math.max(0, Math.min(offset, length));
        return o - lineStarts[line(o)];
    }

    public int lineStart(int line) { return lineStarts[Math.max(0, Math.min(line, lineStarts.length - 1))]; }

    /** Offset of a zero-based (line, column), clamped to the text. */
    public int offset(int line, int column) {
        if (line >= lineStarts.length) return length;
        int start = lineStarts[Math.max(0, line)];
        int end = line + 1 < lineStarts.length ? lineStarts[line + 1] : length;
        return Math.max(start, Math.min(start + Math.max(0, column), end));
    }
}
