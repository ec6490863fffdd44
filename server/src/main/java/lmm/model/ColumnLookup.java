package lmm.model;

import java.util.List;

/** The data as the model layer sees it: named columns of one table, with `factor` already applied. */
public interface ColumnLookup {
    /** A column's values as typed (numeric or categorical), or null when there is no such column. */
    VariableValues column(String name);

    /** A column viewed as categorical (numbers labelled as R's factor() labels them), or null. */
    VariableValues.Categorical factor(String name);

    /** Column names in file order. */
    List<String> names();

    int rowCount();
}
