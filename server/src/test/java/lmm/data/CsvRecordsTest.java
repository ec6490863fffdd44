package lmm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The loader's lexer against Apache Commons CSV (RFC4180, empty lines kept), the parser it
 * replaced: the same records, fields and start lines, and the same failures, on hand-picked texts
 * and on random texts made of the characters that matter (quotes, separators, CR, LF, spaces).
 */
class CsvRecordsTest {
    /** A record as both parsers see it: start line and fields; or a failure and its kind. */
    private record Rec(int line, List<String> fields) {}

    private static List<Rec> ours(String text, char sep, int bufferChars) throws Exception {
        CsvRecords r = new CsvRecords(new StringReader(text), sep, bufferChars);
        List<Rec> out = new ArrayList<>();
        try {
            while (r.next()) out.add(new Rec(r.line(), List.of(r.fields())));
        } catch (CsvRecords.UnclosedQuote e) {
            out.add(new Rec(-1, List.of("unclosed")));
        } catch (CsvRecords.TextAfterQuote e) {
            out.add(new Rec(-1, List.of("after-quote")));
        }
        return out;
    }

    private static List<Rec> commons(String text, char sep) throws IOException {
        CSVFormat f = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).setDelimiter(sep).get();
        List<Rec> out = new ArrayList<>();
        try (CSVParser p = CSVParser.builder().setReader(new StringReader(text)).setFormat(f).get()) {
            long endLine = 0;
            var it = p.iterator();
            try {
                while (it.hasNext()) {
                    CSVRecord rec = it.next();
                    List<String> fields = new ArrayList<>();
                    rec.forEach(fields::add);
                    out.add(new Rec((int) endLine + 1, fields));
                    endLine = p.getCurrentLineNumber();
                }
            } catch (RuntimeException e) {
                String m = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                out.add(new Rec(-1, List.of(m.contains("EOF reached") ? "unclosed" : m.contains("Invalid character") ? "after-quote" : m)));
            }
        }
        return out;
    }

    @Test
    void handPickedTexts() throws Exception {
        String[] texts = {
            "", "a", "a,b\n", "a,b\r\n1,2", "a,b\r1,2\r", "\n\n", "a,\n,b\n,\n", "a,b,", "\"\"", "\"a\"\"b\",c\n",
            "\"two\nlines\",x\n3,4\n", "\"cr\r\nlf\",1\r\n2,3\r\n", "\"x\"  ,y\n", "\"x\" \t\n", "  \"x\",y\n", "a\"b\",c\n",
            "\"unclosed\n1,2\n", "\"x\"y,1\n", "\"\"\"\",\"\"\n", "\uFEFFx\n", "a\r\r\nb\n", "\"a\r\"\n", "\"a\r\rb\"\n",
        };
        for (String t : texts) {
            for (int buffer : new int[] {1, 2, 3, 1 << 16}) {
                assertEquals(commons(t, ','), ours(t, ',', buffer), () -> "text " + show(t) + " buffer " + buffer);
            }
        }
        assertEquals(commons("a;b\n\"x;y\";2\n", ';'), ours("a;b\n\"x;y\";2\n", ';', 4));
    }

    @Test
    void randomTextsAgreeWithCommonsCsv() throws Exception {
        char[] alphabet = {'a', 'b', ' ', '\t', ',', ',', '"', '"', '\r', '\n', '\n', '\u00e9', ';'};
        Random random = new Random(12);
        for (int i = 0; i < 10_000; i++) {
            int length = random.nextInt(30);
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < length; k++) sb.append(alphabet[random.nextInt(alphabet.length)]);
            String t = sb.toString();
            char sep = i % 5 == 0 ? '\t' : ',';
            int buffer = 1 + random.nextInt(8);
            assertEquals(commons(t, sep), ours(t, sep, buffer), () -> "text " + show(t) + " buffer " + buffer);
        }
    }

    @Test
    void fieldsAreRangesOfOneBuffer() throws Exception {
        CsvRecords r = new CsvRecords(new StringReader("x,\"a\"\"b\"\n"), ',', 1 << 16);
        assertEquals(true, r.next());
        assertEquals(2, r.size());
        assertArrayEquals(new String[] {"x", "a\"b"}, r.fields());
        assertEquals("a\"b", new String(r.chars(), r.start(1), r.end(1) - r.start(1)));
        assertFalse(r.next());
    }

    private static String show(String t) {
        return "\"" + t.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
