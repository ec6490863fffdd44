package lmm.model;

import lmm.syntax.Expr;

/**
 * A variable of a formula: a column ({@code flies}) or an expression of columns ({@code log(x)},
 * {@code I(x^2)}, {@code factor(x)}). Two occurrences are the same variable when they deparse to the
 * same label, as in R. {@code expr} is the first occurrence.
 */
public record Variable(String label, Expr expr) {}
