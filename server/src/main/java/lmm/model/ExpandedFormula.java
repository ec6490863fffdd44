package lmm.model;

import java.util.List;
import lmm.syntax.Diagnostic;

/**
 * A formula expanded into R's terms: the response, the fixed-effects terms in R's order (by
 * degree, then first appearance) with the intercept flag, and the random-effects terms.
 * {@code variables} lists every fixed-effect variable in order of first appearance, the response first.
 */
public record ExpandedFormula(Variable response, List<Variable> variables, boolean intercept, List<Term> terms,
                              List<RandomTermSpec> random, List<Diagnostic> errors) {

    /** R's label of a fixed term, e.g. "age:Sex": variable labels in variable order joined by ':'. */
    public String label(Term t) { return label(variables, t); }

    public static String label(List<Variable> variables, Term t) {
        StringBuilder sb = new StringBuilder();
        for (int i = t.variables().nextSetBit(0); i >= 0; i = t.variables().nextSetBit(i + 1)) {
            if (sb.length() > 0) sb.append(':');
            sb.append(variables.get(i).label());
        }
        return sb.toString();
    }
}
