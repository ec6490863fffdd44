package lmm.syntax;

import java.util.List;

/** One statement of a .lmm file. {@code keyword} is the range of its leading keyword. */
public sealed interface Statement {
    TextRange range();

    TextRange keyword();

    /**
     * {@code data "file.csv" [name "value"]...}; path is null when missing (an error was reported).
     * The options ({@code sep ";"}, {@code decimal ","}) are checked by the model layer.
     */
    record Data(StringLiteral path, List<DataOption> options, TextRange keyword, TextRange range) implements Statement {
        public Data {
            options = List.copyOf(options);
        }

        public Data(StringLiteral path, TextRange keyword, TextRange range) {
            this(path, List.of(), keyword, range);
        }
    }

    /** {@code sep ";"} after a data file name; value is null when missing (an error was reported). */
    record DataOption(Expr.Name name, StringLiteral value) {}

    /** {@code factor a, b}: numeric columns to treat as categorical. */
    record Factor(List<Expr.Name> columns, TextRange keyword, TextRange range) implements Statement {}

    /** {@code method REML}; value is null when missing. The value is checked later, not by the parser. */
    record Method(Expr.Name value, TextRange keyword, TextRange range) implements Statement {}

    /** {@code model [name =] formula}; name may be null, formula is null only when nothing follows. */
    record Model(Expr.Name name, Formula formula, TextRange keyword, TextRange range) implements Statement {}

    /**
     * {@code compare small, big [, ...]}: a likelihood-ratio (or, for least-squares models, F) test
     * between the named models. The names are checked by the model layer, not by the parser.
     */
    record Compare(List<Expr.Name> models, TextRange keyword, TextRange range) implements Statement {}

    /**
     * {@code level 0.9}: the confidence level of the intervals of the models after it; value is null
     * when missing. The range (0 < level < 1) is checked by the model layer.
     */
    record Level(Expr.Number value, TextRange keyword, TextRange range) implements Statement {}

    /** A string in double quotes; value has escapes resolved. */
    record StringLiteral(String value, TextRange range) {}
}
