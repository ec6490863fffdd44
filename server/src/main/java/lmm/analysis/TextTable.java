package lmm.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of already formatted cells that renders as aligned plain text (command line) or as a
 * Markdown table (hover, result tabs). Rows beyond those kept are counted, never silently lost:
 * the renderings say "… k more rows".
 *
 * @param totalRows   rows in the full table (≥ rows.size())
 * @param totalColumns columns in the full table (≥ header.size())
 */
public record TextTable(String title, List<String> header, List<List<String>> rows, int totalRows, int totalColumns) {
    public TextTable(String title, List<String> header, List<List<String>> rows) {
        this(title, header, rows, rows.size(), header.size());
    }

    public int hiddenRows() { return totalRows - rows.size(); }

    public int hiddenColumns() { return totalColumns - header.size(); }

    public String plain() {
        int cols = header.size();
        int[] width = new int[cols];
        for (int c = 0; c < cols; c++) width[c] = header.get(c).length();
        for (List<String> r : rows) for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], r.get(c).length());
        StringBuilder sb = new StringBuilder();
        if (title != null && !title.isEmpty()) sb.append(title).append('\n');
        appendRow(sb, header, width);
        for (List<String> r : rows) appendRow(sb, r, width);
        String more = more();
        if (!more.isEmpty()) sb.append("  ").append(more).append('\n');
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder(" ");
        for (int c = 0; c < cells.size(); c++) {
            String s = cells.get(c);
            line.append(" ".repeat(width[c] - s.length())).append(s).append("  ");
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    /** A Markdown table; every cell is escaped (cells may hold column names and levels from the data). */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        if (title != null && !title.isEmpty()) sb.append("**").append(Markdown.escape(title)).append("**\n\n");
        sb.append('|');
        for (String h : header) sb.append(' ').append(h.isEmpty() ? " " : Markdown.cell(h)).append(" |");
        sb.append("\n|");
        for (int c = 0; c < header.size(); c++) sb.append(c == 0 && header.size() > 1 ? ":---|" : "---:|");
        sb.append('\n');
        for (List<String> r : rows) {
            sb.append('|');
            for (String cell : r) sb.append(' ').append(Markdown.cell(cell)).append(" |");
            sb.append('\n');
        }
        String more = more();
        if (!more.isEmpty()) sb.append('\n').append(more).append('\n');
        return sb.toString();
    }

    private String more() {
        List<String> parts = new ArrayList<>();
        if (hiddenRows() > 0) parts.add("… " + hiddenRows() + " more row" + (hiddenRows() == 1 ? "" : "s"));
        if (hiddenColumns() > 0) parts.add("… " + hiddenColumns() + " more column" + (hiddenColumns() == 1 ? "" : "s"));
        return String.join(", ", parts);
    }
}
