package lmm.model;

import java.nio.file.Path;
import java.util.Set;
import lmm.data.DataTable;
import lmm.syntax.Statement;

/**
 * One model statement of a document with the context it is read in: its name, method, data file,
 * the columns declared {@code factor} for it and, when it could be bound, the bound model (null
 * when an error prevents fitting), and the confidence level of its intervals ({@code level}, 0.95 by default).
 */
public record ModelEntry(Statement.Model statement, String name, Method method, Path dataPath, DataTable data,
                         Set<String> factors, BoundModel bound, double level) {
    public boolean fittable() { return bound != null; }
}
