package lmm.data;

/**
 * A problem found in a data file, with its place in the CSV text where one applies.
 *
 * <p>The data layer knows nothing of the .lmm language: the caller shows these messages at the
 * {@code data} statement that named the file. Messages are written for the scientist who made the
 * file: they name the file's line and column and say what to change.
 *
 * @param message a complete sentence, without a position prefix (the position is in the fields)
 * @param line    1-based line of the CSV file (counting every physical line, including lines inside
 *                quoted fields); 0 when the problem is not at a place in the file (e.g. file missing)
 * @param column  1-based CSV column, i.e. field number within the record (what a spreadsheet calls
 *                column A, B, …: 1, 2, …); 0 when not known or not applicable
 */
public record DataProblem(String message, int line, int column) {
    public static DataProblem of(String message) { return new DataProblem(message, 0, 0); }

    public static DataProblem at(int line, int column, String message) { return new DataProblem(message, line, column); }

    public boolean hasPosition() { return line > 0; }

    /** The message with its position in front, e.g. {@code "line 4, column 2: ..."}. */
    public String describe() {
        if (line <= 0) return message;
        if (column <= 0) return "line " + line + ": " + message;
        return "line " + line + ", column " + column + ": " + message;
    }

    @Override
    public String toString() { return describe(); }
}
