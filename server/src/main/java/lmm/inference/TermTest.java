package lmm.inference;

/** One row of an F table: a fixed-effect term and its test. */
public record TermTest(String term, FTest test) {}
