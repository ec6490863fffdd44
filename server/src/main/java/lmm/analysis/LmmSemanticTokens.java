package lmm.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lmm.syntax.Statement;
import lmm.syntax.Token;
import lmm.syntax.TokenKind;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensLegend;

/**
 * Semantic tokens (full document) from the lexer: keywords, strings, numbers, operators, function
 * names, column names as variables, model names, method values and comments.
 */
public final class LmmSemanticTokens {
    private LmmSemanticTokens() {}

    public static final List<String> TYPES = List.of("keyword", "string", "number", "operator", "function", "variable",
            "comment", "class", "enumMember");
    public static final List<String> MODIFIERS = List.of("declaration");
    public static final SemanticTokensLegend LEGEND = new SemanticTokensLegend(TYPES, MODIFIERS);

    static final int KEYWORD = 0, STRING = 1, NUMBER = 2, OPERATOR = 3, FUNCTION = 4, VARIABLE = 5, COMMENT = 6,
            CLASS = 7, ENUM_MEMBER = 8;

    /** One classified token: offset range, type index, modifier bits. */
    public record Classified(int start, int end, int type, int modifiers) {}

    public static SemanticTokens full(DocumentSnapshot s) {
        List<Integer> data = new ArrayList<>();
        int prevLine = 0, prevChar = 0;
        for (Classified c : classify(s)) {
            int line = s.lines().line(c.start()), ch = s.lines().column(c.start());
            int len = c.end() - c.start();
            if (len <= 0) continue;
            data.add(line - prevLine);
            data.add(line == prevLine ? ch - prevChar : ch);
            data.add(len);
            data.add(c.type());
            data.add(c.modifiers());
            prevLine = line;
            prevChar = ch;
        }
        return new SemanticTokens(data);
    }

    public static List<Classified> classify(DocumentSnapshot s) {
        Map<Integer, int[]> special = new HashMap<>(); // token start → {type, modifiers}
        for (Statement st : s.source().statements()) {
            if (st instanceof Statement.Model m && m.name() != null) special.put(m.name().range().start(), new int[] {CLASS, 1});
            if (st instanceof Statement.Method m && m.value() != null) special.put(m.value().range().start(), new int[] {ENUM_MEMBER, 0});
            if (st instanceof Statement.Compare c) for (var n : c.models()) special.put(n.range().start(), new int[] {CLASS, 0});
        }
        List<Token> tokens = s.tokens();
        List<Classified> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            int type;
            int mods = 0;
            switch (t.kind()) {
                case KEYWORD -> type = KEYWORD;
                case STRING -> type = STRING;
                case NUMBER -> type = NUMBER;
                case COMMENT -> type = COMMENT;
                case NAME -> {
                    int[] sp = special.get(t.start());
                    if (sp != null) {
                        type = sp[0];
                        mods = sp[1];
                    } else {
                        Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
                        type = next != null && next.is(TokenKind.LPAREN) ? FUNCTION : VARIABLE;
                    }
                }
                default -> {
                    if (!t.kind().isOperator()) continue;
                    type = OPERATOR;
                }
            }
            out.add(new Classified(t.start(), t.end(), type, mods));
        }
        return out;
    }
}
