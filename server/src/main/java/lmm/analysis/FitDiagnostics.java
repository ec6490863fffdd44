package lmm.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lmm.fit.CorrRow;
import lmm.fit.FitResult;
import lmm.fit.VarCorrRow;
import lmm.model.BoundModel;
import lmm.model.ModelEntry;
import lmm.model.RandomTerm;
import lmm.model.RandomTermSpec;
import lmm.syntax.Diagnostic;
import lmm.syntax.TextRange;

/**
 * What a fit says about itself, in plain words, as warnings on the model line: an optimum that the
 * check could not verify (what failed and what to try), and a singular fit (which variance is 0 or
 * which correlation is ±1, what that means, and the simpler model, offered as a quick fix by
 * {@link LmmCodeActions}).
 */
final class FitDiagnostics {
    /** The variance of a random term is 0: the quick fix removes the term. */
    static final String SINGULAR_VARIANCE = "singular-variance";
    /** A correlation is ±1: the quick fix makes the term uncorrelated, (x || g). */
    static final String SINGULAR_CORRELATION = "singular-correlation";
    /** One covariate's variance within a vector term is 0 (no quick fix: which simpler term is meant is the user's call). */
    static final String SINGULAR_COVARIATE = "singular-covariate";
    static final String NOT_CONVERGED = "not-converged";
    /** Covariates with a root mean square outside [1e-3, 1e4] are named as candidates for rescaling. */
    private static final double LARGE = 1e4, SMALL = 1e-3;

    private FitDiagnostics() {}

    static List<Diagnostic> of(ModelEntry m, FitResult r) {
        List<Diagnostic> out = new ArrayList<>();
        TextRange where = m.statement().keyword();
        BoundModel bound = m.bound();
        if (!r.converged()) {
            StringBuilder sb = new StringBuilder("the fit may not be at the optimum: ");
            sb.append(String.join("; ", r.convergence().problems().isEmpty()
                    ? List.of("the optimiser stopped without converging") : r.convergence().problems()));
            sb.append(". Try ");
            List<String> tries = new ArrayList<>();
            List<String> badlyScaled = badlyScaled(bound);
            if (!badlyScaled.isEmpty()) tries.add("rescaling " + String.join(", ", badlyScaled) + " (e.g. I(x / 1000))");
            for (RandomTerm t : bound.matrices().randomTerms()) {
                if (t.k() > 1) {
                    tries.add("the uncorrelated form " + label(t, "||"));
                    break;
                }
            }
            List<RandomTerm> terms = bound.matrices().randomTerms();
            if (!terms.isEmpty()) tries.add("dropping the random term " + label(terms.get(terms.size() - 1), "|"));
            sb.append(tries.isEmpty() ? "a simpler model" : String.join(", or ", tries));
            out.add(Diagnostic.warning(where, NOT_CONVERGED, sb.toString()));
        }
        if (r.singular()) out.addAll(singular(m, r));
        return out;
    }

    private static List<Diagnostic> singular(ModelEntry m, FitResult r) {
        List<Diagnostic> out = new ArrayList<>();
        List<RandomTerm> formulaOrder = m.bound().matrices().randomTerms();
        List<RandomTermSpec> specs = m.bound().randomSpecs();
        List<RandomTerm> terms = r.termsInThetaOrder();
        boolean[] atBoundary = r.random().atBoundary();
        int offset = 0;
        for (RandomTerm t : terms) {
            int k = t.k();
            int spec = formulaOrder.indexOf(t);
            TextRange range = spec >= 0 && spec < specs.size() ? specs.get(spec).range() : m.statement().keyword();
            for (int c = 0, idx = offset; c < k; c++) {
                for (int row = c; row < k; row++, idx++) {
                    if (row != c || !atBoundary[idx]) continue;
                    String name = t.columnNames().get(row);
                    String what = name.equals("(Intercept)") ? "the random intercept" : "the random effect of " + name;
                    CorrRow corr = row > 0 ? strongestCorrelation(r, t, row) : null;
                    boolean wholeSpec = spec >= 0 && countSpec(m, spec) == 1;
                    if (k == 1 && wholeSpec) {
                        out.add(Diagnostic.warning(range, SINGULAR_VARIANCE, String.format(Locale.ROOT,
                                "boundary (singular) fit: the variance of %s by %s is estimated as 0: beyond the residual "
                                        + "variation, the levels of %s do not differ, so the data do not support this term; "
                                        + "the simpler model without %s fits as well", what, t.group(), t.group(), label(t, "|"))));
                    } else if (corr != null) {
                        out.add(Diagnostic.warning(range, SINGULAR_CORRELATION, String.format(Locale.ROOT,
                                "boundary (singular) fit: the correlation of %s with %s by %s is estimated as %s: the data "
                                        + "cannot tell the two effects apart, so the correlation is not supported; try the "
                                        + "uncorrelated %s", corr.terms().get(0), corr.terms().get(1), t.group(),
                                Num.format(corr.value(), 4), label(t, "||"))));
                    } else {
                        out.add(Diagnostic.warning(range, SINGULAR_COVARIATE, String.format(Locale.ROOT,
                                "boundary (singular) fit: the variance of %s by %s is estimated as 0 (or it is a combination "
                                        + "of the term's other effects): the data do not support it; try the term without %s",
                                what, t.group(), name)));
                    }
                }
            }
            offset += t.thetaCount();
        }
        return out;
    }

    /** How many random terms came from spec i (an uncorrelated (x || g) gives several). */
    private static int countSpec(ModelEntry m, int i) {
        List<RandomTermSpec> specs = m.bound().randomSpecs();
        int count = 0;
        for (RandomTermSpec s : specs) if (s == specs.get(i)) count++;
        return count;
    }

    /** The correlation of covariate {@code row} of term t with an earlier one that is closest to ±1 (|r| ≥ 0.99), or null. */
    private static CorrRow strongestCorrelation(FitResult r, RandomTerm t, int row) {
        String name = t.columnNames().get(row);
        CorrRow best = null;
        for (CorrRow c : r.corr()) {
            if (!c.group().equals(t.group()) || !c.terms().contains(name) || !Double.isFinite(c.value())) continue;
            if (!t.columnNames().containsAll(c.terms())) continue;
            if (Math.abs(c.value()) >= 0.99 && (best == null || Math.abs(c.value()) > Math.abs(best.value()))) best = c;
        }
        if (best == null) return null;
        // a covariate with no variance has no meaningful correlation: then it is the variance that is 0
        for (VarCorrRow v : r.varcorr()) {
            if (v.group().equals(t.group()) && name.equals(v.term()) && v.stdDev() < 1e-6 * r.sigma()) return null;
        }
        return best;
    }

    /** The fixed and random covariates whose root mean square is outside [SMALL, LARGE]. */
    private static List<String> badlyScaled(BoundModel bound) {
        List<String> out = new ArrayList<>();
        var x = bound.matrices().x();
        int n = x.numRows, p = x.numCols;
        for (int j = 0; j < p; j++) {
            double ss = 0;
            for (int i = 0; i < n; i++) ss += x.data[i * p + j] * x.data[i * p + j];
            double rms = Math.sqrt(ss / n);
            if (rms > 0 && (rms > LARGE || rms < SMALL)) out.add(bound.matrices().xNames().get(j));
        }
        for (RandomTerm t : bound.matrices().randomTerms()) {
            for (int a = 0; a < t.k(); a++) {
                double ss = 0;
                for (double v : t.z()[a]) ss += v * v;
                double rms = Math.sqrt(ss / n);
                String name = t.columnNames().get(a);
                if (rms > 0 && (rms > LARGE || rms < SMALL) && !out.contains(name)) out.add(name);
            }
        }
        return out;
    }

    private static String label(RandomTerm t, String bar) {
        List<String> names = new ArrayList<>();
        for (String c : t.columnNames()) names.add(c.equals("(Intercept)") ? "1" : c);
        return "(" + String.join(" + ", names) + " " + bar + " " + t.group() + ")";
    }
}
