package lmm.model;

import java.util.List;

/**
 * A model bound to its data: what X, Z and y are, which rows they come from, and what was dropped.
 * Everything the hover shows before a fit, and everything the fit needs.
 *
 * @param rows          0-based indices of the data rows used (rows with a missing value are left out)
 * @param droppedRows   how many rows were left out for missing values
 * @param aliased       names of X columns dropped because they are linear combinations of earlier ones
 * @param termOfColumn  for each column of X, the index of its term in {@code formula.terms()} (-1: intercept)
 * @param randomSpecs   for each random term of {@code matrices}, the spec it came from
 * @param fixedValues   the values of {@code formula.variables()} over the rows used (the response first):
 *                      what inference needs to rebuild a term's design in another coding (type III contrasts)
 */
public record BoundModel(String name, Method method, String formulaText, ExpandedFormula formula,
                         int[] rows, int droppedRows, DesignMatrices matrices, List<String> aliased,
                         List<Integer> termOfColumn, List<RandomTermSpec> randomSpecs,
                         List<VariableValues> fixedValues) {
    public boolean isMixed() { return !matrices.randomTerms().isEmpty(); }
}
