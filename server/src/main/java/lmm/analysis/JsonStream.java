package lmm.analysis;

import com.fasterxml.jackson.core.io.NumberOutput;
import com.google.gson.stream.JsonWriter;
import java.io.BufferedWriter;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A compact JSON document written as UTF-8 to a byte stream, with the text {@link JsonText} gives:
 * names, strings and the small parts through Gson's {@link JsonWriter} ({@link JsonText#writer}), and
 * the arrays of one number per row (at 10⁶ rows 3·10⁶ numbers, nearly all of a result's bytes)
 * straight into a byte buffer of the stream. Through the JsonWriter each number went as a String
 * into a char buffer, then through the UTF-8 encoder, with Gson's bookkeeping per value: most of the
 * time of the output. Here a double's shortest text ({@link JsonText#number}, the same Schubfach
 * String) is copied as its ASCII bytes, and a row number is written by jackson-core's
 * {@link NumberOutput#outputInt} with no String at all. A long array of doubles is formatted on two
 * threads, in blocks written in order (the same bytes as one thread).
 *
 * <p>An array is opened and closed through the JsonWriter, which so writes the comma and the member
 * name before it and knows where the document stands; between the two its elements go to the byte
 * stream after the JsonWriter's text is flushed to it.
 */
public final class JsonStream implements Flushable {
    /** Longest text of a number: a double's shortest text is at most 24 chars ("-2.2250738585072014E-308"). */
    private static final int LONGEST = 32;

    private final OutputStream bytes;
    private final JsonWriter json;
    private final byte[] buffer = new byte[1 << 16];
    private int length;

    public JsonStream(OutputStream out) {
        this.bytes = out;
        Writer chars = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        this.json = JsonText.writer(chars);
    }

    /** The writer for everything but the per-row arrays (its text goes to the same byte stream). */
    public JsonWriter json() {
        return json;
    }

    /**
     * Writes an array of doubles as JsonText does: each its shortest text, NaN and infinities null.
     * A long array (10⁶ fitted values) is formatted in blocks on two threads, block by block in
     * order: the formatting is a pure function of the values, so the bytes are those of one thread.
     */
    public void numbers(double[] values) throws IOException {
        open();
        if (values.length < PARALLEL) {
            for (int i = 0; i < values.length; i++) {
                room(i);
                length = number(values[i], buffer, length);
            }
        } else {
            drain();
            inBlocks(values);
        }
        close();
    }

    /** Arrays at least this long are formatted on two threads, in blocks of BLOCK values. */
    static final int PARALLEL = 1 << 15;
    private static final int BLOCK = 1 << 13;

    private void inBlocks(double[] values) throws IOException {
        int n = values.length;
        ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lmm-json");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int from = 0; from < n; from += 2 * BLOCK) {
                int mid = Math.min(n, from + BLOCK), to = Math.min(n, from + 2 * BLOCK);
                Future<byte[]> second = mid < to ? helper.submit(() -> block(values, mid, to)) : null;
                bytes.write(block(values, from, mid));
                if (second != null) bytes.write(second.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing JSON");
        } catch (ExecutionException e) {
            throw new IllegalStateException("formatting numbers failed", e.getCause());
        } finally {
            helper.shutdownNow();
        }
    }

    /** The text of values[from, to), each after a comma but the array's first. */
    private static byte[] block(double[] values, int from, int to) {
        byte[] out = new byte[(to - from) * (LONGEST + 1)];
        int at = 0;
        for (int i = from; i < to; i++) {
            if (i > 0) out[at++] = ',';
            at = number(values[i], out, at);
        }
        return Arrays.copyOf(out, at);
    }

    /** Writes v's text (JsonText's, null when not finite) at out[at]; returns the end. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) copies chars' low bytes: exact for this ASCII text
    private static int number(double v, byte[] out, int at) {
        if (!Double.isFinite(v)) {
            out[at] = 'n';
            out[at + 1] = 'u';
            out[at + 2] = 'l';
            out[at + 3] = 'l';
            return at + 4;
        }
        String s = JsonText.number(v);
        int n = s.length();
        s.getBytes(0, n, out, at);
        return at + n;
    }

    /** Writes 0-based indices as the 1-based numbers R shows (row numbers of the data). */
    public void oneBased(int[] indices) throws IOException {
        open();
        for (int i = 0; i < indices.length; i++) {
            room(i);
            length = NumberOutput.outputInt(indices[i] + 1, buffer, length);
        }
        close();
    }

    /** Flushes the JsonWriter's text and the bytes to the stream (and the stream). */
    @Override
    public void flush() throws IOException {
        json.flush();
    }

    private void open() throws IOException {
        json.beginArray();
        json.flush(); // "[" and what precedes it are now in the byte stream, before the elements
    }

    private void close() throws IOException {
        drain();
        json.endArray(); // the JsonWriter saw an empty array: it writes "]" and no comma before it
    }

    /** Room for a comma (before every element but the first) and the longest number. */
    private void room(int index) throws IOException {
        if (length > buffer.length - LONGEST - 1) drain();
        if (index > 0) buffer[length++] = ',';
    }

    private void drain() throws IOException {
        if (length > 0) bytes.write(buffer, 0, length);
        length = 0;
    }
}
