package lmm.model;

import java.util.BitSet;
import lmm.syntax.TextRange;

/**
 * One term of a model formula, as R's terms() sees it: a set of variables multiplied together
 * ({@code a}, {@code a:b}, {@code log(x):f}). The set is kept as bits indexed by variable position,
 * so that {@code a:b} and {@code b:a} are the same term. {@code range} points at the text that
 * first produced the term, for diagnostics and hover.
 */
public record Term(BitSet variables, TextRange range) {
    public int order() { return variables.cardinality(); }

    public boolean sameVariables(Term other) { return variables.equals(other.variables); }

    public Term union(Term other, TextRange r) {
        BitSet b = (BitSet) variables.clone();
        b.or(other.variables);
        return new Term(b, r);
    }

    /** True when every variable of this term is also in {@code other}. */
    public boolean subsetOf(BitSet other) {
        BitSet b = (BitSet) variables.clone();
        b.andNot(other);
        return b.isEmpty();
    }
}
