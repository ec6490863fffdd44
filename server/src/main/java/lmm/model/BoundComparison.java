package lmm.model;

import java.util.List;
import lmm.syntax.Statement;

/**
 * A {@code compare} statement bound to the models it names.
 *
 * @param models  the models in the order written (names that match no model are left out)
 * @param ordered the models in the order of the test table: by number of parameters (anova's order), ties
 *                as written
 * @param test    LRT (any mixed model) or F (least-squares models only, as R's anova(lm1, lm2))
 * @param ready   true when every check passed and every model can be fitted: the test can be run
 */
public record BoundComparison(Statement.Compare statement, List<ModelEntry> models, List<ModelEntry> ordered, Test test,
                              boolean ready) {
    public enum Test { LRT, F }

    public BoundComparison {
        models = List.copyOf(models);
        ordered = List.copyOf(ordered);
    }

    /** The model names as written, unknown ones included. */
    public List<String> names() { return statement.models().stream().map(n -> n.name()).toList(); }
}
