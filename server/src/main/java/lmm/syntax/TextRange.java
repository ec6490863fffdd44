package lmm.syntax;

/** A half-open range [start, end) of character offsets into a document's text. */
public record TextRange(int start, int end) {
    public TextRange {
        if (start < 0 || end < start) throw new IllegalArgumentException("bad range " + start + ".." + end);
    }

    public static TextRange at(int offset) { return new TextRange(offset, offset); }

    public int length() { return end - start; }

    /** True when offset lies inside the range or touches its end (a cursor right after a word is on it). */
    public boolean touches(int offset) { return offset >= start && offset <= end; }

    public boolean contains(TextRange other) { return other.start >= start && other.end <= end; }

    public TextRange cover(TextRange other) {
        return new TextRange(Math.min(start, other.start), Math.max(end, other.end));
    }
}
