package lmm.model;

import java.util.List;
import lmm.syntax.TextRange;

/**
 * A random-effects term as written, before it meets the data: the covariates to the left of the
 * bar (their own small formula: intercept and terms over {@code variables}) and one grouping
 * factor (one or more variables crossed, e.g. {@code cask:batch}). {@code (x | a/b)} yields two
 * specs, {@code (x || g)} one spec per term of the left side.
 *
 * @param variables  the variables used on the left of the bar (indices of {@code terms} refer to it)
 * @param grouping   the grouping variables, in the order of the group's name
 * @param groupName  the grouping factor's name as lme4 prints it: "Subject", "cask:batch"
 */
public record RandomTermSpec(List<Variable> variables, boolean intercept, List<Term> terms,
                             List<Variable> grouping, String groupName, TextRange range) {}
