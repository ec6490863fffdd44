package lmm.model;

import java.util.List;
import java.util.Set;
import lmm.data.CategoricalColumn;
import lmm.data.Column;
import lmm.data.DataTable;
import lmm.data.NumericColumn;

/** A data table seen through the model layer's eyes, with the `factor` declarations applied. */
public final class TableColumns implements ColumnLookup {
    private final DataTable table;
    private final Set<String> factors;

    public TableColumns(DataTable table, Set<String> factors) {
        this.table = table;
        this.factors = factors;
    }

    @Override
    public VariableValues column(String name) {
        if (factors.contains(name)) return factor(name);
        Column c = table.find(name).orElse(null);
        if (c instanceof NumericColumn num) return new VariableValues.Numeric(num.values());
        if (c instanceof CategoricalColumn cat) return new VariableValues.Categorical(cat.codes(), cat.levels());
        return null;
    }

    @Override
    public VariableValues.Categorical factor(String name) {
        Column c = table.find(name).orElse(null);
        if (c instanceof NumericColumn num) c = num.asFactor();
        if (c instanceof CategoricalColumn cat) return new VariableValues.Categorical(cat.codes(), cat.levels());
        return null;
    }

    @Override
    public List<String> names() { return table.columnNames(); }

    @Override
    public int rowCount() { return table.rowCount(); }
}
