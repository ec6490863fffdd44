package lmm.syntax;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Test helper: source text with {@code [[...]]} markers around ranges, LemMinX style. */
final class Marked {
    private Marked() {}

    /** The text with the markers removed. */
    static String strip(String marked) { return marked.replace("[[", "").replace("]]", ""); }

    /** The text with a marker pair around each range (ranges sorted by start). */
    static String mark(String text, List<TextRange> ranges) {
        List<TextRange> rs = new ArrayList<>(ranges);
        rs.sort(Comparator.comparingInt(TextRange::start).thenComparingInt(TextRange::end));
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p <= text.length(); p++) {
            for (TextRange r : rs) if (r.end() == p && r.start() < p) sb.append("]]");
            for (TextRange r : rs) if (r.start() == p) sb.append(r.length() == 0 ? "[[]]" : "[[");
            if (p < text.length()) sb.append(text.charAt(p));
        }
        return sb.toString();
    }

    /** Parses {@code marked} and checks the errors: their ranges (as markers) and messages, in order. */
    static SourceFile assertErrors(String marked, String... messages) {
        String text = strip(marked);
        SourceFile f = Parser.parse(text);
        String expected = marked + "\n" + String.join("\n", messages);
        String actual = mark(text, f.errors().stream().map(Diagnostic::range).toList()) + "\n"
                + String.join("\n", f.errors().stream().map(Diagnostic::message).toList());
        org.junit.jupiter.api.Assertions.assertEquals(expected, actual);
        return f;
    }
}
