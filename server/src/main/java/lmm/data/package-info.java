/**
 * The data layer: CSV files read into typed, immutable tables, and a cache of them.
 *
 * <h2>Code map</h2>
 * <ul>
 *   <li>{@link lmm.data.CsvLoader}: a CSV file or editor text to a {@link lmm.data.DataTable}
 *       (Apache Commons CSV parses; this package decides types and writes the messages).
 *   <li>{@link lmm.data.DataTable}, {@link lmm.data.Column} = {@link lmm.data.NumericColumn} |
 *       {@link lmm.data.CategoricalColumn}, {@link lmm.data.ColumnSummary}: the data, read-only.
 *   <li>{@link lmm.data.DataCache}: one table per file version, thread-safe, read once.
 *   <li>{@link lmm.data.CollationC} (R's C-locale string order), {@link lmm.data.RFormat} (R's labels
 *       for numbers): shared with the model layer, which must order and label levels as R does.
 *   <li>{@link lmm.data.DataException} / {@link lmm.data.DataProblem}: what went wrong, and where
 *       in the CSV (line, column).
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Knows nothing of the .lmm language or of LSP: positions are CSV lines and columns; the
 *       caller shows the problem at its {@code data} statement.
 *   <li>Tables and columns are immutable after loading; lazily computed parts (summaries, factor
 *       views) are idempotent and safe to race on.
 *   <li>Messages are for the scientist who wrote the file: no exception class names, no stack traces.
 * </ul>
 */
package lmm.data;
