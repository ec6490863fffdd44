package lmm.data;

/**
 * A data file that cannot be loaded: missing, unreadable, or not a well-formed CSV table. The
 * message is meant for the user as it stands (no stack trace needed); {@link #problem()} carries
 * the CSV position separately for the caller to map onto its own document.
 */
public final class DataException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient DataProblem problem;

    public DataException(DataProblem problem) {
        super(problem.describe());
        this.problem = problem;
    }

    public DataException(DataProblem problem, Throwable cause) {
        super(problem.describe(), cause);
        this.problem = problem;
    }

    public static DataException of(String message) { return new DataException(DataProblem.of(message)); }

    public static DataException at(int line, int column, String message) {
        return new DataException(DataProblem.at(line, column, message));
    }

    public DataProblem problem() { return problem; }

    /** 1-based CSV line, 0 when the problem is not at a place in the file. */
    public int line() { return problem.line(); }

    /** 1-based CSV column (field number), 0 when not known. */
    public int column() { return problem.column(); }

    /** The message without position. */
    public String plainMessage() { return problem.message(); }
}
