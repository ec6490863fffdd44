package lmm.data;

/**
 * How a CSV file is written: the field separator and the decimal mark, as R's {@code read.csv2}
 * ({@code sep = ";"}, {@code dec = ","}) and {@code read.delim} ({@code sep = "\t"}) name them.
 * The language's {@code data "file.csv" sep ";" decimal ","}.
 */
public record CsvOptions(char separator, char decimal) {
    public static final CsvOptions STANDARD = new CsvOptions(',', '.');

    public boolean isStandard() { return equals(STANDARD); }

    /** How the options are written in a data statement: {@code  sep ";" decimal ","} (empty when standard). */
    public String written() {
        StringBuilder sb = new StringBuilder();
        if (separator != ',') sb.append(" sep \"").append(separator == '\t' ? "\\t" : String.valueOf(separator)).append('"');
        if (decimal != '.') sb.append(" decimal \"").append(decimal).append('"');
        return sb.toString();
    }
}
