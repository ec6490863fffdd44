package lmm.model;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/** The functions a formula may call: one place for the engine, completion and hover. */
public final class FormulaFunctions {
    private FormulaFunctions() {}

    /** A numeric function of one argument. */
    public record Function(String name, String doc, DoubleUnaryOperator apply) {}

    public static final Map<String, Function> NUMERIC = Map.of(
            "log", new Function("log", "natural logarithm", Math::log),
            "log2", new Function("log2", "logarithm base 2", x -> Math.log(x) / Math.log(2)),
            "log10", new Function("log10", "logarithm base 10", Math::log10),
            "exp", new Function("exp", "exponential", Math::exp),
            "sqrt", new Function("sqrt", "square root", Math::sqrt),
            "abs", new Function("abs", "absolute value", Math::abs));

    /** {@code I(...)}: arithmetic taken literally, as in R ({@code I(x^2)}, {@code I(a + b)}). */
    public static final String AS_IS = "I";

    /** {@code factor(x)}: treat a numeric column as categorical in this formula. */
    public static final String FACTOR = "factor";

    public static boolean isKnown(String name) {
        return NUMERIC.containsKey(name) || AS_IS.equals(name) || FACTOR.equals(name);
    }

    /** Every function name with a one-line description, for completion. */
    public static List<Map.Entry<String, String>> all() {
        var list = new java.util.ArrayList<Map.Entry<String, String>>();
        NUMERIC.values().stream().sorted(java.util.Comparator.comparing(Function::name))
                .forEach(f -> list.add(Map.entry(f.name(), f.doc())));
        list.add(Map.entry(AS_IS, "arithmetic taken literally: I(x^2), I(a + b)"));
        list.add(Map.entry(FACTOR, "treat a numeric column as categorical"));
        return list;
    }
}
