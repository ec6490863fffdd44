package lmm.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The command line's stdout and stderr: UTF-8 bytes pass unchanged except control characters, which
 * would act on the terminal (ESC sequences from a factor level could move the cursor, rewrite lines
 * or set the window title). Those are written as the escape {@code \u001b} instead; line feed and tab
 * stay. Handled: C0 controls but LF and TAB, DEL, the C1 controls (U+0080–U+009F, two bytes in
 * UTF-8) and the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069). JSON stays
 * valid JSON with the same meaning: these characters only occur inside its strings, where
 * {@code \u001b} is the standard escape.
 */
final class TerminalSafeStream extends FilterOutputStream {
    private final byte[] pending = new byte[3];
    private int pendingLength;

    TerminalSafeStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        b &= 0xff;
        if (pendingLength > 0) {
            pending[pendingLength++] = (byte) b;
            resolvePending();
            return;
        }
        if (b == 0xC2 || b == 0xE2) {
            pending[0] = (byte) b;
            pendingLength = 1;
            return;
        }
        if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7f) {
            escape(b);
            return;
        }
        out.write(b);
    }

    private void resolvePending() throws IOException {
        int first = pending[0] & 0xff, second = pending[1] & 0xff;
        if (first == 0xC2) {
            pendingLength = 0;
            if (second >= 0x80 && second <= 0x9f) escape(second);
            else { out.write(first); reprocess(second); }
            return;
        }
        // 0xE2: U+202A..U+202E are E2 80 AA..AE; U+2066..U+2069 are E2 81 A6..A9
        if (pendingLength == 2) {
            if (second != 0x80 && second != 0x81) { pendingLength = 0; out.write(first); reprocess(second); }
            return;
        }
        int third = pending[2] & 0xff;
        pendingLength = 0;
        boolean bidi = (second == 0x80 && third >= 0xAA && third <= 0xAE) || (second == 0x81 && third >= 0xA6 && third <= 0xA9);
        if (bidi) {
            escape(((second & 0x3f) << 6 | (third & 0x3f)) | 0x2000);
        } else {
            out.write(first);
            out.write(second);
            reprocess(third);
        }
    }

    private void reprocess(int b) throws IOException {
        write(b);
    }

    private void escape(int codePoint) throws IOException {
        out.write(String.format("\\u%04x", codePoint).getBytes(StandardCharsets.US_ASCII));
    }

    /** Runs of bytes that need no look pass through in one write (the JSON of 10⁶ rows is ~45 MB). */
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len, run = off;
        for (int i = off; i < end; i++) {
            int c = b[i] & 0xff;
            if (pendingLength == 0 && (c >= 0x20 ? c != 0x7f && c != 0xC2 && c != 0xE2 : c == '\n' || c == '\t')) continue;
            if (i > run) out.write(b, run, i - run);
            write(c);
            run = i + 1;
        }
        if (end > run) out.write(b, run, end - run);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
