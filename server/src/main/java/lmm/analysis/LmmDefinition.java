package lmm.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import lmm.syntax.Expr;
import lmm.syntax.Statement;
import lmm.syntax.TextRange;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** Go to definition: from a column name (formula or factor line) to its cell in the CSV file's header line. */
public final class LmmDefinition {
    private LmmDefinition() {}

    /** One field of a CSV header line: its value (quotes resolved, white space trimmed) and its character range. */
    public record HeaderField(String name, int start, int end) {}

    /**
     * @param openText the editor's text of a CSV file when it is open with changes, else null
     */
    public static List<Location> definition(DocumentSnapshot s, int offset, Function<Path, String> openText) {
        String name = columnNameAt(s, offset);
        if (name == null) return List.of();
        DocumentSnapshot.DataContext c = s.dataAt(offset);
        if (c == null || c.path() == null || c.table() == null || !c.table().hasColumn(name)) return List.of();
        String header = headerLine(c.path(), openText.apply(c.path()));
        if (header == null) return List.of();
        for (HeaderField f : header(header)) {
            if (f.name().equals(name)) {
                Range r = new Range(new Position(0, f.start()), new Position(0, f.end()));
                return List.of(new Location(c.path().toUri().toString(), r));
            }
        }
        return List.of();
    }

    /** The column name at offset: a name in a factor line, or a name in a formula that is not a function. */
    static String columnNameAt(DocumentSnapshot s, int offset) {
        Statement st = s.source().statementAt(offset);
        if (st instanceof Statement.Factor f) {
            for (Expr.Name n : f.columns()) if (n.range().touches(offset)) return n.name();
        }
        if (st instanceof Statement.Model m && m.formula() != null) {
            if (m.name() != null && m.name().range().touches(offset)) return null;
            Expr node = LmmHover.nodeAt(m, offset);
            if (node instanceof Expr.Name n && LmmHover.callOf(m, n) == null) return n.name();
        }
        return null;
    }

    static String headerLine(Path path, String text) {
        if (text != null) {
            int end = 0;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') end++;
            return text.substring(0, end);
        }
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return r.readLine();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Splits a header line into fields (RFC 4180 quotes; a leading byte-order mark counts as a character). */
    public static List<HeaderField> header(String line) {
        List<HeaderField> out = new ArrayList<>();
        int i = 0, n = line.length();
        if (n > 0 && line.charAt(0) == '\uFEFF') i = 1;
        while (true) {
            int fieldStart = i;
            StringBuilder value = new StringBuilder();
            int contentStart, contentEnd;
            while (i < n && line.charAt(i) == ' ') i++;
            if (i < n && line.charAt(i) == '"') {
                i++;
                contentStart = i;
                while (i < n) {
                    char ch = line.charAt(i);
                    if (ch == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') { value.append('"'); i += 2; continue; }
                        break;
                    }
                    value.append(ch);
                    i++;
                }
                contentEnd = i;
                while (i < n && line.charAt(i) != ',') i++;
            } else {
                i = fieldStart;
                while (i < n && line.charAt(i) != ',') value.append(line.charAt(i++));
                contentStart = fieldStart;
                contentEnd = i;
            }
            String raw = value.toString();
            String trimmed = raw.strip();
            int lead = raw.indexOf(trimmed.isEmpty() ? raw : trimmed);
            int start = contentStart + Math.max(0, lead);
            TextRange r = new TextRange(Math.min(start, contentEnd), Math.min(Math.max(start, start + trimmed.length()), contentEnd));
            out.add(new HeaderField(trimmed, r.start(), r.end()));
            if (i >= n) break;
            i++; // the comma
        }
        return out;
    }
}
