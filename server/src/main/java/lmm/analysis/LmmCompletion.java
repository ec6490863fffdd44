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
import lmm.syntax.TextRange;
import lmm.syntax.Token;
import lmm.syntax.TokenKind;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
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
            "compare", "`compare small, big`: likelihood-ratio test of nested models (lme4's `anova`), or R's F test between least-squares fits");

    static final Map<String, String> METHOD_DOCS = Map.of(
            "REML", "restricted maximum likelihood (lme4's default): unbiased variance components",
            "ML", "maximum likelihood: needed to compare models with different fixed effects");

    public static CompletionList complete(DocumentSnapshot s, int offset) {
        return new CompletionList(false, items(s, Math.max(0, Math.min(offset, s.text().length()))));
    }

    static List<CompletionItem> items(DocumentSnapshot s, int offset) {
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
                item.setDocumentation(markdown(KEYWORD_DOCS.get(k)));
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
                        item.setDocumentation(markdown(METHOD_DOCS.get(m)));
                        out.add(item);
                    }
                }
            }
            case "factor" -> {
                if (stmt.isEmpty() || stmt.get(stmt.size() - 1).is(TokenKind.COMMA)) columns(table, factors, false, word, out);
            }
            case "model" -> formula(s, stmt, table, factors, word, out);
            case "compare" -> {
                if (stmt.isEmpty() || stmt.get(stmt.size() - 1).is(TokenKind.COMMA)) modelNames(s, stmt, word, out);
            }
            default -> { }
        }
        return out;
    }

    private static void formula(DocumentSnapshot s, List<Token> stmt, DataTable table, Set<String> factors, Range word,
                                List<CompletionItem> out) {
        boolean rhs = stmt.stream().anyMatch(t -> t.is(TokenKind.TILDE));
        // grouping side of a bar: walk back over names and the grouping operators ':' and '/'
        boolean grouping = false;
        for (int i = stmt.size() - 1; i >= 0; i--) {
            Token t = stmt.get(i);
            if (t.is(TokenKind.NAME) || t.is(TokenKind.COLON) || t.is(TokenKind.SLASH)) continue;
            grouping = t.is(TokenKind.BAR) || t.is(TokenKind.DOUBLE_BAR);
            break;
        }
        if (grouping) {
            columns(table, factors, true, word, out);
            return;
        }
        columns(table, factors, false, word, out);
        for (Map.Entry<String, String> f : FormulaFunctions.all()) {
            CompletionItem item = item(f.getKey(), CompletionItemKind.Function, f.getValue(), word, f.getKey() + "($1)");
            item.setInsertTextFormat(InsertTextFormat.Snippet);
            item.setSortText("2" + f.getKey());
            out.add(item);
        }
        if (rhs) {
            boolean afterParen = !stmt.isEmpty() && stmt.get(stmt.size() - 1).is(TokenKind.LPAREN);
            snippet("(1 | group)", "random intercept: one deviation per level of a grouping factor",
                    afterParen ? "1 | ${1:group}" : "(1 | ${1:group})", word, out);
            snippet("(x | group)", "random slope: intercept and slope of x per level of a grouping factor (correlated)",
                    afterParen ? "${1:x} | ${2:group}" : "(${1:x} | ${2:group})", word, out);
        }
    }

    private static void snippet(String label, String doc, String body, Range word, List<CompletionItem> out) {
        CompletionItem item = item(label, CompletionItemKind.Snippet, doc, word, body);
        item.setInsertTextFormat(InsertTextFormat.Snippet);
        item.setFilterText(label);
        item.setSortText("3" + label);
        out.add(item);
    }

    private static void columns(DataTable table, Set<String> factors, boolean groupingOnly, Range word, List<CompletionItem> out) {
        if (table == null) return;
        int i = 0;
        for (Column c : table.columns()) {
            boolean declared = factors.contains(c.name());
            boolean categorical = ColumnInfo.categorical(c, declared);
            i++;
            if (groupingOnly && !categorical) continue;
            CompletionItem item = item(c.name(), categorical ? CompletionItemKind.Enum : CompletionItemKind.Variable,
                    ColumnInfo.detail(c, declared), word, Deparse.name(c.name()));
            item.setDocumentation(markdown(ColumnInfo.markdown(c, declared, null)));
            item.setSortText(String.format(Locale.ROOT, "1%05d", i));
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
    private static void modelNames(DocumentSnapshot s, List<Token> stmt, Range word, List<CompletionItem> out) {
        Set<String> named = new java.util.HashSet<>();
        for (Token t : stmt) if (t.is(TokenKind.NAME)) named.add(t.text().startsWith("`") ? lmm.syntax.Lexer.unescape(t.text()) : t.text());
        int i = 0;
        for (var m : s.models()) {
            i++;
            if (named.contains(m.name())) continue;
            String formula = m.statement().formula() == null ? "" : lmm.model.DocumentBinder.formulaText(m.statement());
            CompletionItem item = item(m.name(), CompletionItemKind.Class, formula, word, Deparse.name(m.name()));
            item.setDocumentation(markdown("model " + Markdown.code(m.name()) + ": " + Markdown.code(formula) + " (" + m.method() + ")"));
            item.setSortText(String.format(Locale.ROOT, "1%05d", i));
            out.add(item);
        }
    }

    private static CompletionItem item(String label, CompletionItemKind kind, String detail, Range replace, String insert) {
        CompletionItem item = new CompletionItem(label);
        item.setKind(kind);
        item.setDetail(detail);
        item.setInsertText(insert);
        item.setTextEdit(Either.forLeft(new TextEdit(replace, insert)));
        return item;
    }

    private static MarkupContent markdown(String md) { return new MarkupContent(MarkupKind.MARKDOWN, md); }

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
