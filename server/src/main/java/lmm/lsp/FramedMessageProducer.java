package lmm.lsp;

import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.MessageIssueHandler;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * Reads JSON-RPC frames ({@code Content-Length: N}, a blank line, N bytes) from the client and
 * recovers from every framing or content error instead of losing its place (LSP4J's own reader stays
 * alive but deaf after a wrong Content-Length, or after a large message that fails to parse):
 *
 * <ul>
 *   <li>a frame is always read whole before it is parsed, so a failed parse never leaves part of it
 *       in the stream;
 *   <li>a message that does not parse is answered with ParseError (with its id when one can be read);
 *       a message whose fields have the wrong types is answered by LSP4J's issue handler
 *       (InvalidParams and the like);
 *   <li>a Content-Length too large swallows the start of the next frame: the frame is cut where the
 *       next {@code Content-Length:} header starts and the rest is read again as the next frame;
 *   <li>a Content-Length too small leaves the tail of the message before the next header: bytes that
 *       are not a header are skipped up to the next {@code Content-Length:};
 *   <li>a frame longer than {@link #MAX_CONTENT_BYTES} is skipped (not held in memory) and logged.
 * </ul>
 * The stream ending (or failing) ends {@link #listen}, and with it the server process, so a client
 * restarts it rather than talk to a server that no longer reads.
 */
final class FramedMessageProducer implements MessageProducer {
    static final int MAX_CONTENT_BYTES = 512 << 20;
    private static final int MAX_HEADER_LINE = 4096;
    private static final String CONTENT_LENGTH = "content-length:";

    private final InputStream in;
    private final MessageJsonHandler json;
    private final MessageIssueHandler issues;
    private final Deque<byte[]> pushedBack = new ArrayDeque<>();
    private int pushedBackOffset;
    private volatile boolean running = true;

    FramedMessageProducer(InputStream in, MessageJsonHandler json, MessageIssueHandler issues) {
        this.in = in;
        this.json = json;
        this.issues = issues;
    }

    @Override
    public void listen(MessageConsumer consumer) {
        try {
            while (running) {
                int length = readHeaders();
                if (length == -2) return; // end of stream
                if (length < 0) continue;
                if (length > MAX_CONTENT_BYTES) {
                    log("a message of " + length + " bytes is larger than the limit of " + MAX_CONTENT_BYTES + "; skipped");
                    if (!skip(length)) return;
                    continue;
                }
                byte[] content = readFully(length);
                if (content == null) return;
                handle(content, consumer);
            }
        } catch (IOException e) {
            log("the input stream failed: " + e);
        }
    }

    /** Parses one frame's content and hands the message on; every failure is answered or logged. */
    private void handle(byte[] content, MessageConsumer consumer) {
        String text = new String(content, StandardCharsets.UTF_8);
        try {
            Message message;
            try {
                message = json.parseMessage(text);
            } catch (MessageIssueException e) {
                boolean unparsable = e.getIssues().stream().anyMatch(i -> i.getIssueCode() == ResponseErrorCode.ParseError.getValue());
                if (!(unparsable && cutAtNextHeader(content, consumer))) issues.handle(e.getRpcMessage(), e.getIssues());
                return;
            } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | ClassCastException
                     | NumberFormatException | IndexOutOfBoundsException e) {
                if (!cutAtNextHeader(content, consumer)) parseError(text, e);
                return;
            }
            consumer.consume(message);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // The message was read whole: whatever its handling threw, the next frame is read as usual.
            log("a message could not be handled: " + e);
        }
    }

    /**
     * When the next frame's header lies inside content (its Content-Length was too large), handles the
     * part before it and reads the rest again as the stream; false when there is no header inside.
     */
    private boolean cutAtNextHeader(byte[] content, MessageConsumer consumer) {
        int next = indexOfHeader(content);
        if (next <= 0) return false;
        unread(content, next);
        handle(java.util.Arrays.copyOf(content, next), consumer);
        return true;
    }

    private void parseError(String text, Exception e) {
        RequestMessage reply = new RequestMessage();
        Object id = idOf(text);
        if (id instanceof Number n) reply.setId(n.intValue());
        else if (id instanceof String s) reply.setId(s);
        reply.setMethod("");
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        int cut = why.indexOf('\n');
        if (cut > 0) why = why.substring(0, cut);
        log("a message could not be parsed (" + text.length() + " characters): " + why);
        if (id == null) return; // a notification, or unreadable: JSON-RPC gives nobody to answer
        issues.handle(reply, List.of(new MessageIssue("Message could not be parsed: " + why, ResponseErrorCode.ParseError.getValue())));
    }

    /** The top-level "id" of a (possibly malformed or cut) JSON object: a Long, a String, or null. */
    static Object idOf(String text) {
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.LENIENT);
            if (r.peek() != JsonToken.BEGIN_OBJECT) return null;
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                if (name.equals("id")) {
                    JsonToken t = r.peek();
                    if (t == JsonToken.NUMBER) return r.nextLong();
                    if (t == JsonToken.STRING) return r.nextString();
                    return null;
                }
                r.skipValue();
            }
        } catch (IOException | RuntimeException e) {
            // cut or malformed before any id
        }
        return null;
    }

    // ------------------------------------------------------------------ framing

    /**
     * Reads a header block; returns the Content-Length, -1 when the block had none (skipped), -2 at
     * the end of the stream. Bytes before a header line that are not headers are skipped.
     */
    private int readHeaders() throws IOException {
        int length = -1;
        boolean sawHeader = false;
        long skipped = 0;
        while (true) {
            String line = readLine();
            if (line == null) {
                if (skipped > 0) log("skipped " + skipped + " bytes that were not a message");
                return -2;
            }
            if (line.isEmpty()) {
                if (sawHeader) break;
                continue; // blank lines between frames
            }
            String lower = line.toLowerCase(Locale.ROOT);
            int at = lower.indexOf(CONTENT_LENGTH);
            if (at > 0 || (!sawHeader && at < 0)) {
                // not where a header belongs: the rest of a message whose Content-Length was too small
                skipped += at > 0 ? at : line.length() + 1;
                if (at < 0) continue;
                line = line.substring(at);
                lower = lower.substring(at);
            }
            sawHeader = true;
            if (lower.startsWith(CONTENT_LENGTH)) {
                try {
                    long n = Long.parseLong(line.substring(CONTENT_LENGTH.length()).trim());
                    length = n < 0 ? -1 : (int) Math.min(n, Integer.MAX_VALUE);
                } catch (NumberFormatException e) {
                    length = -1;
                }
            }
        }
        if (skipped > 0) log("skipped " + skipped + " bytes that were not a message");
        if (length < 0) log("a message without a valid Content-Length was skipped");
        return length;
    }

    /** A line without its \r\n or \n; only the last MAX_HEADER_LINE bytes of a longer one; null at the end. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        boolean any = false;
        while ((b = read()) != -1) {
            any = true;
            if (b == '\n') break;
            line.write(b);
            if (line.size() > 2 * MAX_HEADER_LINE) {
                byte[] all = line.toByteArray();
                line.reset();
                line.write(all, all.length - MAX_HEADER_LINE, MAX_HEADER_LINE);
            }
        }
        if (!any) return null;
        byte[] bytes = line.toByteArray();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') n--;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Where a "Content-Length:" header starts inside content (at a line start or after the JSON), or -1. */
    private static int indexOfHeader(byte[] content) {
        String s = new String(content, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return s.indexOf(CONTENT_LENGTH);
    }

    /**
     * The frame's content. When the client stops sending before Content-Length bytes came, and what
     * came is a whole JSON object, that object is the frame after {@link #QUIET_MS} of silence: a
     * client that declared too many bytes and waits for the answer is answered, not left waiting.
     * (A correct frame never ends early: no proper prefix of a JSON object is a whole object.)
     */
    private byte[] readFully(int length) throws IOException {
        byte[] buf = new byte[length];
        int off = 0;
        while (off < length) {
            if (off > 0 && pushedBack.isEmpty() && in.available() == 0 && wholeObject(buf, off) && quiet()) {
                log("a message ended " + (length - off) + " bytes before its Content-Length; read as it came");
                return java.util.Arrays.copyOf(buf, off);
            }
            int n = read(buf, off, length - off);
            if (n < 0) return null;
            off += n;
        }
        return buf;
    }

    static final long QUIET_MS = 1000;

    /** True when nothing arrives for QUIET_MS. */
    private boolean quiet() throws IOException {
        long end = System.nanoTime() + QUIET_MS * 1_000_000;
        while (System.nanoTime() < end) {
            if (in.available() > 0) return false;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return in.available() == 0;
    }

    /** Whether bytes [0, n) are one JSON object, braces balanced outside strings, and nothing after it. */
    static boolean wholeObject(byte[] b, int n) {
        int i = 0;
        while (i < n && Character.isWhitespace(b[i])) i++;
        if (i >= n || b[i] != '{') return false;
        int depth = 0;
        boolean inString = false;
        for (; i < n; i++) {
            byte c = b[i];
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') inString = true;
            else if (c == '{' || c == '[') depth++;
            else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    for (int j = i + 1; j < n; j++) if (!Character.isWhitespace(b[j])) return false;
                    return true;
                }
            }
        }
        return false;
    }

    private boolean skip(long length) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (length > 0) {
            int n = read(buf, 0, (int) Math.min(buf.length, length));
            if (n < 0) return false;
            length -= n;
        }
        return true;
    }

    private void unread(byte[] content, int from) {
        byte[] rest = java.util.Arrays.copyOfRange(content, from, content.length);
        if (pushedBack.isEmpty()) pushedBackOffset = 0;
        else {
            // keep order: what was pushed back before comes after this (it was read after it)
            byte[] first = pushedBack.pollFirst();
            byte[] tail = java.util.Arrays.copyOfRange(first, pushedBackOffset, first.length);
            pushedBack.addFirst(tail);
            pushedBackOffset = 0;
        }
        pushedBack.addFirst(rest);
    }

    private int read() throws IOException {
        byte[] first = pushedBack.peekFirst();
        if (first != null) {
            int b = first[pushedBackOffset++] & 0xff;
            if (pushedBackOffset >= first.length) { pushedBack.pollFirst(); pushedBackOffset = 0; }
            return b;
        }
        return in.read();
    }

    private int read(byte[] buf, int off, int len) throws IOException {
        byte[] first = pushedBack.peekFirst();
        if (first != null) {
            int n = Math.min(len, first.length - pushedBackOffset);
            System.arraycopy(first, pushedBackOffset, buf, off, n);
            pushedBackOffset += n;
            if (pushedBackOffset >= first.length) { pushedBack.pollFirst(); pushedBackOffset = 0; }
            return n;
        }
        return in.read(buf, off, len);
    }

    void stop() { running = false; }

    private static void log(String message) {
        System.err.println("lmm-lsp: " + message);
    }
}
