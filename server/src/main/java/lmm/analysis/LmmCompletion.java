package lmm.analysis;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import lmm.data.Column;
import lmm.data.DataTable;
import lmm.model.FormulaFunctions;
import lmm.syntax.Deparse;
import lmm.syntax.Lexer;
import lmm.syntax.TextRange;
import lmm.syntax.Token;
import lmm.syntax.TokenKind;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Completion: statement keywords at the start of a line; after {@code data "} the CSV files near the
 * document; after {@code method} REML and ML; after {@code factor} the columns; in a formula the
 * columns (numeric and categorical told apart by kind), the functions and snippets for random
 * terms; after {@code |} only the columns a model can group by (categorical, or declared factor); after
 * {@code compare} and its commas the document's model names.
 */
public final class LmmCompletion {
    private LmmCompletion() {}

    /** At most this many CSV files are offered, searched at most this deep below the document's folder. */
    static final int MAX_FILES = 200, MAX_DEPTH = 4;

    static final Map<String, String> KEYWORD_DOCS = Map.of(
            "data", "`data \"file.csv\"`: the CSV file the models below read (resolved against the document's folder)",
            "factor", "`factor col1, col2`: treat these numeric columns as categorical in the models below",
            "method", "`method REML` or `method ML`: how the models below are fitted (REML is lme4's default)",
            "model", "`model name = y ~ x + (1 | g)`: a linear mixed model in lme4's formula syntax",
            "level", "`level 0.9`: the confidence level of the intervals of the models below (0.95 unless set)",
            "compare", "`compare small, big`: likelihood-ratio test of nested models (lme4's `anova`), or R's F test between least-squares fits");

    static final Map<String, String> METHOD_DOCS = Map.of(
            "REML", "restricted maximum likelihood (lme4's default): unbiased variance components",
            "ML", "maximum likelihood: needed to compare models with different fixed effects");

    /** At most this many items in one answer (then marked incomplete). */
    public static final int MAX_ITEMS = 500;

    public static CompletionList complete(DocumentSnapshot s, int offset) {
        return complete(s, offset, ClientFormats.RICH);
    }

    /**
     * The list is marked incomplete when nothing of a word is typed yet (right after {@code ~} or
     * {@code +}), so that the client asks again after the next key (a space) instead of filtering
     * these items by the space.
     */
    public static CompletionList complete(DocumentSnapshot s, int offset, ClientFormats formats) {
        int at = Math.max(0, Math.min(offset, s.text().length()));
        boolean emptyWord = at == 0 || !namePart(s.text().charAt(at - 1));
        List<CompletionItem> items = items(s, at, formats);
        // a file of 10 000 columns would be megabytes of items: the first MAX_ITEMS, and the client asks again as the user types
        if (items.size() > MAX_ITEMS) return new CompletionList(true, new ArrayList<>(items.subList(0, MAX_ITEMS)));
        return new CompletionList(emptyWord, items);
    }

    static List<CompletionItem> items(DocumentSnapshot s, int offset) { return items(s, offset, ClientFormats.RICH); }

    static List<CompletionItem> items(DocumentSnapshot s, int offset, ClientFormats formats) {
        String text = s.text();
        List<CompletionItem> out = new ArrayList<>();
        // inside a comment or a string?
        for (Token t : s.tokens()) {
            if (t.start() >= offset) break;
            if (t.is(TokenKind.COMMENT) && offset <= t.end()) return out;
            if (t.is(TokenKind.STRING) && (offset < t.end() || (offset == t.end() && !closed(t)))) {
                Token kw = keywordBefore(s, t.start());
                if (kw != null && kw.text().equals("data") && sameLine(s, kw.start(), t.start())) {
                    int end = closed(t) ? t.end() - 1 : t.end();
                    dataPaths(s, Ranges.range(s.lines(), new TextRange(t.start() + 1, Math.max(t.start() + 1, end))), false, out);
                }
                return out;
            }
        }
        int wordStart = offset;
        while (wordStart > 0 && namePart(text.charAt(wordStart - 1))) wordStart--;
        Range word = Ranges.range(s.lines(), new TextRange(wordStart, offset));

        List<Token> before = new ArrayList<>();
        for (Token t : s.tokens()) {
            if (t.start() >= wordStart) break;
            if (t.isSignificant() && !t.is(TokenKind.EOF) && t.end() <= wordStart) before.add(t);
        }
        Token last = before.isEmpty() ? null : before.get(before.size() - 1);
        boolean lineStart = last == null || s.lines().line(last.end()) < s.lines().line(wordStart);
        if (lineStart && !continues(before)) {
            for (String k : lmm.syntax.Lexer.KEYWORDS) {
                CompletionItem item = item(k, CompletionItemKind.Keyword, "statement", word, k);
                item.setDocumentation(Markup.of(formats.markdownDocumentation()).doc(KEYWORD_DOCS.get(k)).content());
                item.setSortText("0" + k);
                out.add(item);
            }
            return out;
        }
        Token kw = null;
        int kwIndex = -1;
        for (int i = before.size() - 1; i >= 0; i--) {
            if (before.get(i).is(TokenKind.KEYWORD)) { kw = before.get(i); kwIndex = i; break; }
        }
        if (kw == null) return out;
        List<Token> stmt = before.subList(kwIndex + 1, before.size());
        DocumentSnapshot.DataContext data = s.dataAt(offset);
        DataTable table = data == null ? null : data.table();
        Set<String> factors = s.factorsAt(offset);
        switch (kw.text()) {
            case "data" -> {
                if (stmt.isEmpty()) dataPaths(s, word, true, out);
            }
            case "method" -> {
                if (stmt.isEmpty()) {
                    for (String m : List.of("REML", "ML")) {
                        CompletionItem item = item(m, CompletionItemKind.EnumMember, "method", word, m);
                        item.setDocumentation(Markup.of(formats.markdownDocumentation()).doc(METHOD_DOCS.get(m)).content());
                        out.add(item);
                    }
                }
            }
            case "factor" -> {
                if (stmt.isEmpty() || stmt.get(stmt.size() - 1).is(TokenKind.COMMA)) columns(table, factors, false, null, word, formats, out);
            }
            case "model" -> formula(s, stmt, table, factors, word, formats, out);
            case "compare" -> {
                if (stmt.isEmpty() || stmt.get(stmt.size() - 1).is(TokenKind.COMMA)) modelNames(s, stmt, word, formats, out);
            }
            default -> { }
        }
        return out;
    }

    private static void formula(DocumentSnapshot s, List<Token> stmt, DataTable table, Set<String> factors, Range word,
                                ClientFormats formats, List<CompletionItem> out) {
        int tilde = -1;
        for (int i = 0; i < stmt.size(); i++) if (stmt.get(i).is(TokenKind.TILDE)) { tilde = i; break; }
        boolean rhs = tilde >= 0;
        // the response, offered last on the right-hand side (it is rarely its own predictor)
        String response = null;
        if (rhs) {
            for (int i = 0; i < tilde; i++) if (stmt.get(i).is(TokenKind.NAME)) {
                String t = stmt.get(i).text();
                response = t.startsWith("`") ? Lexer.unescape(t) : t;
            }
        }
        // grouping side of a bar: walk back over names and the grouping operators ':' and '/'
        boolean grouping = false;
        for (int i = stmt.size() - 1; i >= 0; i--) {
            Token t = stmt.get(i);
            if (t.is(TokenKind.NAME) || t.is(TokenKind.COLON) || t.is(TokenKind.SLASH)) continue;
            grouping = t.is(TokenKind.BAR) || t.is(TokenKind.DOUBLE_BAR);
            break;
        }
        if (grouping) {
            columns(table, factors, true, response, word, formats, out);
            return;
        }
        columns(table, factors, false, response, word, formats, out);
        for (Map.Entry<String, String> f : FormulaFunctions.all()) {
            CompletionItem item = formats.snippets()
                    ? item(f.getKey(), CompletionItemKind.Function, f.getValue(), word, f.getKey() + "($1)")
                    : item(f.getKey(), CompletionItemKind.Function, f.getValue(), word, f.getKey() + "()");
            item.setInsertTextFormat(formats.snippets() ? InsertTextFormat.Snippet : InsertTextFormat.PlainText);
            item.setSortText("2" + f.getKey());
            out.add(item);
        }
        if (rhs) {
            boolean afterParen = !stmt.isEmpty() && stmt.get(stmt.size() - 1).is(TokenKind.LPAREN);
            List<String> groups = new ArrayList<>(), numeric = new ArrayList<>();
            if (table != null) {
                for (Column c : table.columns()) {
                    if (c.name().equals(response)) continue;
                    if (ColumnInfo.categorical(c, factors.contains(c.name()))) groups.add(Deparse.name(c.name()));
                    else numeric.add(Deparse.name(c.name()));
                }
            }
            String g = groups.isEmpty() ? "group" : groups.get(0);
            String x = numeric.isEmpty() ? "x" : numeric.get(0);
            String gSnippet = groups.size() > 1 && groups.size() <= 20 && groups.stream().allMatch(LmmCompletion::choiceSafe)
                    ? "${1|" + String.join(",", groups) + "|}" : "${1:" + snippetEscape(g) + "}";
            String gSnippet2 = gSnippet.replace("${1", "${2");
            random(formats, "(1 | " + g + ")", "random intercept: one deviation per level of " + g,
                    afterParen ? "1 | " + gSnippet : "(1 | " + gSnippet + ")", afterParen ? "1 | " + g : "(1 | " + g + ")", word, out);
            random(formats, "(" + x + " | " + g + ")",
                    "random slope: intercept and slope of " + x + " per level of " + g + " (correlated)",
                    afterParen ? "${1:" + snippetEscape(x) + "} | " + gSnippet2 : "(${1:" + snippetEscape(x) + "} | " + gSnippet2 + ")",
                    afterParen ? x + " | " + g : "(" + x + " | " + g + ")", word, out);
        }
    }

    private static void random(ClientFormats formats, String label, String doc, String snippet, String plain, Range word,
                               List<CompletionItem> out) {
        CompletionItem item = item(label, formats.snippets() ? CompletionItemKind.Snippet : CompletionItemKind.Text, doc, word,
                formats.snippets() ? snippet : plain);
        item.setInsertTextFormat(formats.snippets() ? InsertTextFormat.Snippet : InsertTextFormat.PlainText);
        item.setFilterText(label);
        item.setSortText("3" + label);
        out.add(item);
    }

    private static boolean choiceSafe(String s) { return s.chars().noneMatch(c -> c == ',' || c == '|' || c == '$' || c == '\\' || c == '}'); }

    private static String snippetEscape(String s) { return s.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}"); }

    private static void columns(DataTable table, Set<String> factors, boolean groupingOnly, String response, Range word,
                                ClientFormats formats, List<CompletionItem> out) {
        if (table == null) return;
        int i = 0;
        for (Column c : table.columns()) {
            boolean declared = factors.contains(c.name());
            boolean categorical = ColumnInfo.categorical(c, declared);
            i++;
            if (groupingOnly && !categorical) continue;
            CompletionItem item = item(c.name(), categorical ? CompletionItemKind.Enum : CompletionItemKind.Variable,
                    ColumnInfo.detail(c, declared), word, Deparse.name(c.name()));
            Markup doc = Markup.of(formats.markdownDocumentation());
            ColumnInfo.describe(doc, c, declared, null);
            item.setDocumentation(doc.content());
            item.setSortText(String.format(Locale.ROOT, c.name().equals(response) ? "4%05d" : "1%05d", i));
            out.add(item);
        }
    }

    private static void dataPaths(DocumentSnapshot s, Range replace, boolean quote, List<CompletionItem> out) {
        Path dir = s.dir();
        if (dir == null || !Files.isDirectory(dir)) return;
        List<String> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH, EnumSet.noneOf(FileVisitOption.class).toArray(new FileVisitOption[0]))) {
            walk.filter(p -> p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .filter(p -> !hidden(dir, p))
                    .filter(Files::isRegularFile)
                    .limit(MAX_FILES)
                    .forEach(p -> found.add(dir.relativize(p).toString().replace('\\', '/')));
        } catch (IOException | RuntimeException e) {
            // an unreadable folder: offer what was found
        }
        found.sort(null);
        for (String f : found) {
            String escaped = f.replace("\\", "\\\\").replace("\"", "\\\"");
            CompletionItem item = item(f, CompletionItemKind.File, "CSV file", replace, quote ? "\"" + escaped + "\"" : escaped);
            out.add(item);
        }
    }

    private static boolean hidden(Path dir, Path p) {
        for (Path part : dir.relativize(p)) {
            String n = part.toString();
            if (n.startsWith(".") || n.equals("node_modules") || n.equals("target")) return true;
        }
        return false;
    }

    /** After {@code compare} or one of its commas: the document's models not yet on the line, formula as detail. */
    private static void modelNames(DocumentSnapshot s, List<Token> stmt, Range word, ClientFormats formats, List<CompletionItem> out) {
        Set<String> named = new java.util.HashSet<>();
        for (Token t : stmt) if (t.is(TokenKind.NAME)) named.add(t.text().startsWith("`") ? lmm.syntax.Lexer.unescape(t.text()) : t.text());
        int i = 0;
        for (var m : s.models()) {
            i++;
            if (named.contains(m.name())) continue;
            String formula = m.statement().formula() == null ? "" : lmm.model.DocumentBinder.formulaText(m.statement());
            CompletionItem item = item(m.name(), CompletionItemKind.Class, formula, word, Deparse.name(m.name()));
            item.setDocumentation(Markup.of(formats.markdownDocumentation()).raw("model ").code(m.name()).raw(": ").code(formula)
                    .raw(" (" + m.method() + ")").content());
            item.setSortText(String.format(Locale.ROOT, "1%05d", i));
            out.add(item);
        }
    }

    private static CompletionItem item(String label, CompletionItemKind kind, String detail, Range replace, String insert) {
        CompletionItem item = new CompletionItem(PlainText.label(label));
        if (!item.getLabel().equals(label)) item.setFilterText(label);
        item.setKind(kind);
        item.setDetail(detail == null ? null : PlainText.label(detail));
        item.setInsertText(insert);
        item.setTextEdit(Either.forLeft(new TextEdit(replace, insert)));
        return item;
    }


    /** True when the statement before continues onto this line (open parenthesis or a trailing operator). */
    private static boolean continues(List<Token> before) {
        if (before.isEmpty()) return false;
        Token last = before.get(before.size() - 1);
        if (last.kind().continuesLine()) return true;
        int depth = 0;
        for (int i = before.size() - 1; i >= 0; i--) {
            Token t = before.get(i);
            if (t.is(TokenKind.RPAREN)) depth--;
            if (t.is(TokenKind.LPAREN)) depth++;
            if (t.is(TokenKind.KEYWORD)) break;
        }
        return depth > 0;
    }

    private static Token keywordBefore(DocumentSnapshot s, int offset) {
        Token kw = null;
        for (Token t : s.tokens()) {
            if (t.start() >= offset) break;
            if (t.is(TokenKind.KEYWORD)) kw = t;
        }
        return kw;
    }

    private static boolean sameLine(DocumentSnapshot s, int a, int b) { return s.lines().line(a) == s.lines().line(b); }

    private static boolean closed(Token t) {
        String x = t.text();
        if (x.length() < 2 || x.charAt(x.length() - 1) != '"') return false;
        int k = x.length() - 2, slashes = 0;
        while (k > 0 && x.charAt(k) == '\\') { slashes++; k--; }
        return slashes % 2 == 0;
    }

    private static boolean namePart(char c) { return c == '.' || c == '_' || Character.isLetterOrDigit(c); }
}
