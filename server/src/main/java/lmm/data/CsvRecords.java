package lmm.data;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * The records of CSV text (RFC 4180 as Apache Commons CSV's {@code CSVFormat.RFC4180} reads it,
 * with empty lines kept as records of one empty field), each field a range of one char buffer: no
 * object per record or per cell. Commons CSV builds a String per cell and a record object per
 * line; at 10⁶ rows with the launcher's quick JIT (C1) that alone took 1.3–1.8 s of a 2–3 s load
 * (docs/performance.md), while the loader needs each cell only once, to parse a number or look up
 * a level.
 *
 * <p>Rules (Commons CSV's): a field that starts with a double quote is quoted: it ends at the next
 * lone quote, {@code ""} inside it is one quote, and separators and line ends inside it are text;
 * after the closing quote only white space ({@link Character#isWhitespace}) may come before the
 * separator or the line end, else {@link TextAfterQuote}. A quote elsewhere in a field is an
 * ordinary character, and white space around fields is kept. Lines end with LF, CR LF or CR; a final
 * line end is optional. Lines are counted the same way inside quoted fields, so {@link #line()} is the
 * physical line a record starts on.
 *
 * <p>The fields of the record last read are valid until the next call of {@link #next()}. Not
 * thread-safe.
 */
final class CsvRecords {
    /** A quoted field that the text ends inside; {@code line} is where its opening quote is. */
    static final class UnclosedQuote extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;

        UnclosedQuote(int line) {
            super(null, null, false, false);
            this.line = line;
        }
    }

    /** Text between a closing quote and the next separator; {@code line} is where it is. */
    static final class TextAfterQuote extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;

        TextAfterQuote(int line) {
            super(null, null, false, false);
            this.line = line;
        }
    }

    private final Reader in;
    private final char separator;
    private char[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    /** Where the current record starts in buf: what a refill must keep. */
    private int recordStart;
    /** How far the last refill moved the buffer's content to the left. */
    private int shift;

    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int size;
    private int line;
    private int nextLine = 1;

    CsvRecords(Reader in, char separator) {
        this(in, separator, 1 << 16);
    }

    /** @param bufferChars the buffer's first size (it grows to hold the longest record) */
    CsvRecords(Reader in, char separator, int bufferChars) {
        this.in = in;
        this.separator = separator;
        this.buf = new char[Math.max(1, bufferChars)];
    }

    /** Number of fields of the current record. */
    int size() { return size; }

    /** 1-based line on which the current record starts. */
    int line() { return line; }

    /** The buffer that holds the current record's fields. */
    char[] chars() { return buf; }

    int start(int field) { return starts[field]; }

    int end(int field) { return ends[field]; }

    String field(int field) { return new String(buf, starts[field], ends[field] - starts[field]); }

    /** The current record's fields as strings (the header, messages). */
    String[] fields() {
        String[] out = new String[size];
        for (int j = 0; j < size; j++) out[j] = field(j);
        return out;
    }

    /**
     * Reads the next record; false at the end of the text.
     * @throws IOException from the reader (a {@link java.nio.charset.CharacterCodingException} for bytes that are not UTF-8)
     */
    boolean next() throws IOException, UnclosedQuote, TextAfterQuote {
        size = 0;
        recordStart = pos;
        line = nextLine;
        if (pos == limit && !fill()) return false;
        while (true) {
            if (pos == limit) fill(); // only after a separator: the field is empty
            if (pos < limit && buf[pos] == '"') {
                if (quoted()) return true;
                continue;
            }
            int s = pos;
            while (true) {
                if (pos == limit) {
                    boolean more = fill();
                    s -= shift;
                    if (!more) {
                        add(s, pos);
                        return true;
                    }
                }
                char c = buf[pos];
                if (c == separator) {
                    add(s, pos);
                    pos++;
                    break;
                }
                if (c == '\n' || c == '\r') {
                    add(s, pos);
                    endOfLine(c);
                    return true;
                }
                pos++;
            }
        }
    }

    /** A quoted field from the opening quote at pos; true when it ended the record. */
    private boolean quoted() throws IOException, UnclosedQuote, TextAfterQuote {
        int opened = nextLine;
        pos++;
        int s = pos, w = pos; // content is unescaped in place: w trails pos
        while (true) {
            if (pos == limit) {
                boolean more = fill();
                s -= shift;
                w -= shift;
                if (!more) throw new UnclosedQuote(opened);
            }
            char c = buf[pos++];
            if (c == '"') {
                if (pos == limit) {
                    fill();
                    s -= shift;
                    w -= shift;
                }
                if (pos < limit && buf[pos] == '"') {
                    buf[w++] = '"';
                    pos++;
                    continue;
                }
                add(s, w);
                return afterQuote();
            }
            if (c == '\r') {
                if (pos == limit) {
                    fill();
                    s -= shift;
                    w -= shift;
                }
                if (pos == limit || buf[pos] != '\n') nextLine++; // CR LF counts once, at its LF
            } else if (c == '\n') {
                nextLine++;
            }
            buf[w++] = c;
        }
    }

    /** After a closing quote: white space, then a separator (false), a line end or the end (true). */
    private boolean afterQuote() throws IOException, TextAfterQuote {
        while (true) {
            if (pos == limit && !fill()) return true;
            char c = buf[pos];
            if (c == separator) {
                pos++;
                return false;
            }
            if (c == '\n' || c == '\r') {
                endOfLine(c);
                return true;
            }
            if (!Character.isWhitespace(c)) throw new TextAfterQuote(nextLine);
            pos++;
        }
    }

    private void endOfLine(char c) throws IOException {
        pos++;
        if (c == '\r') {
            if (pos == limit) fill();
            if (pos < limit && buf[pos] == '\n') pos++;
        }
        nextLine++;
    }

    private void add(int start, int end) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    /**
     * Reads more text after limit, first moving the current record to the start of the buffer (or
     * growing it when the record fills it); sets {@link #shift}. False when no more text came.
     */
    private boolean fill() throws IOException {
        shift = 0;
        if (eof) return false;
        if (recordStart > 0) {
            shift = recordStart;
            System.arraycopy(buf, recordStart, buf, 0, limit - recordStart);
            limit -= shift;
            pos -= shift;
            recordStart = 0;
            for (int j = 0; j < size; j++) {
                starts[j] -= shift;
                ends[j] -= shift;
            }
        }
        if (limit == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        int n = in.read(buf, limit, buf.length - limit);
        if (n <= 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }
}
