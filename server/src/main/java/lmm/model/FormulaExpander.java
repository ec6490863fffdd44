package lmm.model;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmm.syntax.Deparse;
import lmm.syntax.Diagnostic;
import lmm.syntax.Expr;
import lmm.syntax.Expr.BinaryOp;
import lmm.syntax.Formula;
import lmm.syntax.TextRange;

/**
 * Expands a formula into terms with R's algebra (terms.formula): {@code a*b = a + b + a:b},
 * {@code a/b = a + a:b}, {@code (a+b)^2 = a + b + a:b}, {@code -} deletes terms, {@code 0} and
 * {@code -1} drop the intercept. Random terms {@code (x | g)} are split off as lme4's findbars does,
 * with {@code g1/g2} expanded to {@code g1} and {@code g2:g1} and {@code ||} split per term.
 * Pure: no data is looked at here.
 */
public final class FormulaExpander {
    /** Diagnostic code of a formula that would expand past {@link #maxTerms()}. */
    public static final String TOO_MANY_TERMS = "too-many-terms";
    /** System property that sets {@link #maxTerms()} (the language server's setting {@code limits.maxFormulaTerms} too). */
    public static final String MAX_TERMS_PROPERTY = "lmm.maxFormulaTerms";
    public static final int DEFAULT_MAX_TERMS = 1000;
    private static volatile int maxTerms = Integer.getInteger(MAX_TERMS_PROPERTY, DEFAULT_MAX_TERMS);

    /**
     * At most this many terms in any step of an expansion: {@code (a + … + n)^14} would otherwise
     * produce 2^14 − 1 terms at a cost that grows with their square, stalling whoever expands it.
     */
    public static int maxTerms() { return maxTerms; }

    public static void setMaxTerms(int n) { maxTerms = Math.max(1, n); }

    /** Ends an expansion that grew past the limit; reported as a diagnostic at the operator. */
    private static final class TooManyTerms extends RuntimeException {
        final TextRange range;

        TooManyTerms(TextRange range) {
            super(null, null, false, false);
            this.range = range;
        }
    }

    private final List<Diagnostic> errors;
    private final Map<String, Variable> variables = new LinkedHashMap<>();
    private boolean intercept = true;

    private FormulaExpander(List<Diagnostic> errors) { this.errors = errors; }

    public static ExpandedFormula expand(Formula formula) {
        List<Diagnostic> errors = new ArrayList<>();
        FormulaExpander fixed = new FormulaExpander(errors);
        Variable response = null;
        if (formula.response() == null) {
            errors.add(Diagnostic.error(formula.tilde(), "no-response", "the formula needs a response on the left of '~'"));
        } else if (!(formula.response() instanceof Expr.Missing)) {
            response = fixed.variable(formula.response());
        }
        List<RandomTermSpec> random = new ArrayList<>();
        List<Expr> fixedParts = new ArrayList<>();
        List<Term> terms = new ArrayList<>();
        try {
            fixed.splitRandom(formula.rhs(), fixedParts, random, true);
            for (Expr part : fixedParts) terms = plus(terms, fixed.terms(part), formula.rhs().range());
        } catch (TooManyTerms e) {
            errors.add(Diagnostic.error(e.range, TOO_MANY_TERMS, "this formula expands to more than " + maxTerms
                    + " terms; write fewer interactions (the limit is set by " + MAX_TERMS_PROPERTY + ")"));
            return new ExpandedFormula(response, List.copyOf(fixed.variables.values()), fixed.intercept, List.of(),
                    List.of(), errors);
        }
        // the response is never a term of its own model
        if (response != null) {
            int r = fixed.indexOf(response);
            terms.removeIf(t -> t.variables().get(r));
        }
        List<Term> sorted = sortByOrder(terms);
        return new ExpandedFormula(response, List.copyOf(fixed.variables.values()), fixed.intercept, sorted,
                random, errors);
    }

    /** Expands the left side of a random term (its covariates) in its own namespace. */
    private RandomSide expandSide(Expr lhs) {
        FormulaExpander side = new FormulaExpander(errors);
        List<Term> t = sortByOrder(side.terms(lhs));
        return new RandomSide(List.copyOf(side.variables.values()), side.intercept, t);
    }

    private record RandomSide(List<Variable> variables, boolean intercept, List<Term> terms) {}

    /**
     * Walks the top-level sum: each parenthesised bar is a random term, the rest stays fixed.
     * A minus of a random term is an error (R would silently ignore it).
     */
    private void splitRandom(Expr e, List<Expr> fixedParts, List<RandomTermSpec> random, boolean positive) {
        if (e instanceof Expr.Binary b && (b.op() == BinaryOp.PLUS)) {
            splitRandom(b.left(), fixedParts, random, positive);
            splitRandom(b.right(), fixedParts, random, positive);
            return;
        }
        if (e instanceof Expr.Paren p && p.inner() instanceof Expr.Binary b
                && (b.op() == BinaryOp.BAR || b.op() == BinaryOp.DOUBLE_BAR)) {
            randomTerm(b, p.range(), random);
            return;
        }
        if (e instanceof Expr.Binary b && (b.op() == BinaryOp.BAR || b.op() == BinaryOp.DOUBLE_BAR)) {
            errors.add(Diagnostic.error(b.range(), "bar-without-parens",
                    "a random term must be in parentheses: (" + Deparse.deparse(b) + ")"));
            return;
        }
        fixedParts.add(e);
    }

    private void randomTerm(Expr.Binary bar, TextRange range, List<RandomTermSpec> out) {
        RandomSide side = expandSide(bar.left());
        List<List<Variable>> groupings = groupings(bar.right());
        if (groupings.isEmpty()) return;
        for (List<Variable> g : groupings) {
            String name = String.join(":", g.stream().map(Variable::label).toList());
            if (bar.op() == BinaryOp.BAR) {
                out.add(new RandomTermSpec(side.variables, side.intercept, side.terms, g, name, range));
            } else {
                // (a + b || g): one uncorrelated term per term of the left side, as lme4 splits them
                if (side.intercept) out.add(new RandomTermSpec(side.variables, true, List.of(), g, name, range));
                for (Term t : side.terms) {
                    out.add(new RandomTermSpec(side.variables, false, List.of(t), g, name, range));
                }
                if (!side.intercept && side.terms.isEmpty()) {
                    errors.add(Diagnostic.error(bar.left().range(), "empty-random-term", "this random term has no covariates"));
                }
            }
        }
        if (!side.intercept && side.terms.isEmpty() && bar.op() == BinaryOp.BAR) {
            errors.add(Diagnostic.error(bar.left().range(), "empty-random-term", "this random term has no covariates"));
        }
    }

    /**
     * The grouping factors right of the bar: {@code g}, {@code g1:g2}, or nested {@code g1/g2},
     * which lme4 expands to {@code g1} and {@code g2:g1} (the inner factor named first).
     */
    private List<List<Variable>> groupings(Expr g) {
        List<List<Variable>> out = new ArrayList<>();
        if (g instanceof Expr.Paren p) return groupings(p.inner());
        if (g instanceof Expr.Binary b && b.op() == BinaryOp.DIVIDE) {
            List<List<Variable>> outer = groupings(b.left());
            List<List<Variable>> inner = groupings(b.right());
            if (outer.isEmpty() || inner.isEmpty()) return List.of();
            out.addAll(outer);
            List<Variable> all = new ArrayList<>();
            for (List<Variable> o : outer) for (Variable v : o) if (!all.contains(v)) all.add(v);
            for (List<Variable> in : inner) {
                // lme4 names b:a for a/b: inner first, then the outer factors innermost-first
                List<Variable> named = new ArrayList<>(in);
                for (int i = all.size() - 1; i >= 0; i--) if (!named.contains(all.get(i))) named.add(all.get(i));
                out.add(named);
            }
            return out;
        }
        if (g instanceof Expr.Binary b && b.op() == BinaryOp.COLON) {
            List<List<Variable>> l = groupings(b.left()), r = groupings(b.right());
            if (l.size() != 1 || r.size() != 1) {
                errors.add(Diagnostic.error(g.range(), "bad-grouping", "a grouping factor is a name, a:b, or a/b"));
                return List.of();
            }
            List<Variable> both = new ArrayList<>(l.get(0));
            for (Variable v : r.get(0)) if (!both.contains(v)) both.add(v);
            return List.of(both);
        }
        if (g instanceof Expr.Name || (g instanceof Expr.Call c && c.function().name().equals(FormulaFunctions.FACTOR))) {
            return List.of(List.of(new Variable(Deparse.deparse(g), g)));
        }
        if (!(g instanceof Expr.Missing)) {
            errors.add(Diagnostic.error(g.range(), "bad-grouping",
                    "the grouping factor after '|' must be a column name, a:b, or a/b; found '" + Deparse.deparse(g) + "'"));
        }
        return List.of();
    }

    /** The terms an expression stands for; an empty variable set is the intercept. */
    private List<Term> terms(Expr e) {
        if (e instanceof Expr.Missing) return List.of();
        if (e instanceof Expr.Number n) {
            if (n.value() == 1) { intercept = true; return List.of(new Term(new BitSet(), n.range())); }
            if (n.value() == 0) { intercept = false; return List.of(); }
            errors.add(Diagnostic.error(n.range(), "bad-number",
                    "a number in a formula can only be 1 (intercept) or 0 (no intercept); for arithmetic use I(...)"));
            return List.of();
        }
        if (e instanceof Expr.Name dot && dot.name().equals(".")) {
            // R's '.' means "every other column of the data": lmm asks for the columns by name
            errors.add(Diagnostic.error(dot.range(), "dot-not-supported",
                    "'.' (all other columns) is not supported in lmm formulas: name the columns, e.g. y ~ a + b"));
            return List.of();
        }
        if (e instanceof Expr.Name || e instanceof Expr.Call) {
            if (e instanceof Expr.Call c && !FormulaFunctions.isKnown(c.function().name())) {
                errors.add(Diagnostic.error(c.function().range(), "unknown-function",
                        "unknown function '" + c.function().name() + "'; known: log, log2, log10, exp, sqrt, abs, I, factor"));
                return List.of();
            }
            if (e instanceof Expr.Call c && c.arguments().size() != 1) {
                errors.add(Diagnostic.error(c.range(), "bad-arguments", c.function().name() + "() takes one argument"));
                return List.of();
            }
            Variable v = variable(e);
            BitSet b = new BitSet();
            b.set(indexOf(v));
            return List.of(new Term(b, e.range()));
        }
        if (e instanceof Expr.Paren p) {
            if (p.inner() instanceof Expr.Binary b && (b.op() == BinaryOp.BAR || b.op() == BinaryOp.DOUBLE_BAR)) {
                errors.add(Diagnostic.error(p.range(), "nested-random-term",
                        "a random term can only be added to a formula, not combined with other terms"));
                return List.of();
            }
            return terms(p.inner());
        }
        if (e instanceof Expr.Unary u) {
            List<Term> t = terms(u.operand());
            if (u.op() == Expr.UnaryOp.MINUS) {
                if (t.stream().anyMatch(x -> x.order() == 0)) intercept = false;
                return List.of();
            }
            return t;
        }
        if (e instanceof Expr.Binary b) {
            switch (b.op()) {
                case PLUS: return plus(terms(b.left()), terms(b.right()), b.range());
                case MINUS: {
                    List<Term> left = terms(b.left());
                    boolean before = intercept;
                    List<Term> right = terms(b.right());
                    intercept = before;
                    if (b.right() instanceof Expr.Number n && n.value() == 0) { intercept = true; return left; }
                    if (right.stream().anyMatch(x -> x.order() == 0)) intercept = false;
                    java.util.Set<BitSet> removed = new java.util.HashSet<>();
                    for (Term r : right) removed.add(r.variables());
                    List<Term> out = new ArrayList<>();
                    for (Term l : left) if (!removed.contains(l.variables())) out.add(l);
                    return out;
                }
                case COLON: return interact(terms(b.left()), terms(b.right()), b.range());
                case TIMES: {
                    List<Term> l = terms(b.left()), r = terms(b.right());
                    return plus(plus(l, r, b.range()), interact(l, r, b.range()), b.range());
                }
                case DIVIDE: {
                    List<Term> l = terms(b.left()), r = terms(b.right());
                    BitSet all = new BitSet();
                    for (Term t : l) all.or(t.variables());
                    List<Term> nested = new ArrayList<>();
                    for (Term t : r) nested.add(t.union(new Term(all, b.range()), b.range()));
                    return plus(l, nested, b.range());
                }
                case POWER: {
                    List<Term> l = terms(b.left());
                    if (!(b.right() instanceof Expr.Number n) || n.value() < 1 || n.value() != Math.rint(n.value())) {
                        errors.add(Diagnostic.error(b.right().range(), "bad-power",
                                "in a formula, ^ takes a whole number (e.g. (a + b + c)^2); for arithmetic use I(x^2)"));
                        return l;
                    }
                    List<Term> result = l;
                    // once a power adds no term (every interaction is there) higher powers add none either
                    for (double i = 1; i < n.value(); i++) {
                        List<Term> next = plus(plus(result, l, b.range()), interact(result, l, b.range()), b.range());
                        if (next.size() == result.size()) break;
                        result = next;
                    }
                    return result;
                }
                case BAR:
                case DOUBLE_BAR:
                    errors.add(Diagnostic.error(b.range(), "bar-without-parens",
                            "a random term must be in parentheses: (" + Deparse.deparse(b) + ")"));
                    return List.of();
                default:
                    return List.of();
            }
        }
        return List.of();
    }

    /** The terms of a, then those of b not in a; at most maxTerms (else TooManyTerms at {@code at}). */
    private static List<Term> plus(List<Term> a, List<Term> b, TextRange at) {
        java.util.LinkedHashMap<BitSet, Term> out = new java.util.LinkedHashMap<>();
        for (Term t : a) add(out, t, at);
        for (Term t : b) add(out, t, at);
        return new ArrayList<>(out.values());
    }

    private static List<Term> interact(List<Term> a, List<Term> b, TextRange r) {
        java.util.LinkedHashMap<BitSet, Term> out = new java.util.LinkedHashMap<>();
        for (Term x : a) {
            for (Term y : b) add(out, x.union(y, r), r);
        }
        return new ArrayList<>(out.values());
    }

    private static void add(Map<BitSet, Term> terms, Term t, TextRange at) {
        terms.putIfAbsent(t.variables(), t);
        if (terms.size() > maxTerms) throw new TooManyTerms(at);
    }

    /** R orders terms by degree, keeping the order of appearance within a degree. */
    private static List<Term> sortByOrder(List<Term> terms) {
        List<Term> out = new ArrayList<>();
        for (Term t : terms) if (t.order() > 0) out.add(t);
        out.sort(Comparator.comparingInt(Term::order));
        return out;
    }

    private Variable variable(Expr e) {
        String label = Deparse.deparse(e);
        return variables.computeIfAbsent(label, l -> new Variable(l, e));
    }

    private int indexOf(Variable v) {
        int i = 0;
        for (String k : variables.keySet()) {
            if (k.equals(v.label())) return i;
            i++;
        }
        throw new IllegalStateException("unregistered variable " + v.label());
    }
}
