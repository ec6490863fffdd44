package lmm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Control characters reach the terminal escaped, whether bytes come one at a time or in blocks. */
class TerminalSafeStreamTest {
    private static String filtered(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TerminalSafeStream s = new TerminalSafeStream(out);
        s.write(text.getBytes(StandardCharsets.UTF_8));
        s.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void escapesWhatActsOnTheTerminal() throws Exception {
        assertEquals("a\\u001b[2Jb\tc\n", filtered("a\u001b[2Jb\tc\n"));
        assertEquals("x\\u009by \u00e9 \u2022", filtered("x\u009by \u00e9 \u2022"));
        assertEquals("\\u202e\\u2066ok", filtered("\u202e\u2066ok"));
        assertEquals("\\u007f\\u0000", filtered("\u007f\u0000"));
    }

    @Test
    void blocksAndSingleBytesGiveTheSameBytes() throws Exception {
        String[] pieces = {"a", "\n", "\t", "\u001b", "\u00e9", "\u0085", "\u202a", "\u202f", "\u2069", "\u2070", "\u20ac", "\u007f", "{\"x\":1}"};
        Random random = new Random(5);
        for (int trial = 0; trial < 2000; trial++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(20); k > 0; k--) sb.append(pieces[random.nextInt(pieces.length)]);
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream one = new ByteArrayOutputStream(), blocks = new ByteArrayOutputStream();
            TerminalSafeStream a = new TerminalSafeStream(one), b = new TerminalSafeStream(blocks);
            for (byte x : bytes) a.write(x);
            for (int i = 0; i < bytes.length; ) {
                int n = Math.min(bytes.length - i, 1 + random.nextInt(5));
                b.write(bytes, i, n);
                i += n;
            }
            assertArrayEquals(one.toByteArray(), blocks.toByteArray(), sb.toString());
        }
    }
}
