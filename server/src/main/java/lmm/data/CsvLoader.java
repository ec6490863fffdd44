package lmm.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file (RFC 4180, comma-separated, double quotes, first line naming the columns, UTF-8
 * with or without a byte-order mark) into a {@link DataTable}. {@link CsvRecords} splits the text into
 * records (Commons CSV's RFC 4180 rules, without an object per cell); this class decides column types
 * and reports problems with their line and column.
 *
 * <h2>Rules (R's {@code read.csv(stringsAsFactors = TRUE)} under {@code LC_COLLATE=C}, with the
 * differences noted)</h2>
 * <ul>
 *   <li><b>Missing:</b> a cell that is empty, white space only, or {@code NA} (quoted or not,
 *       surrounding white space ignored). R keeps an empty cell of a text column as a level "";
 *       here it is missing.
 *   <li><b>Numeric column:</b> every present cell is a number ({@link NumberParser}: decimals,
 *       exponents, a sign, {@code Inf}, {@code NaN}; quotes do not matter, as in R: {@code "308"} is
 *       the number 308). Otherwise the column is <b>categorical</b>, its levels the distinct cell
 *       texts as written (white space kept, as R does) in C order ({@link CollationC}).
 *   <li>A column with no present cell is numeric, all missing (R reads it as logical), with a warning.
 *   <li>Column names are the header's fields with surrounding white space removed; they must be
 *       non-empty and distinct (R would invent or rename them; here that is an error). R's
 *       {@code check.names} renaming (e.g. "my var" to "my.var") is not done.
 *   <li>Blank lines are skipped (as R's {@code blank.lines.skip}); every other line must have as
 *       many fields as the header (R pads short rows with NA; here it is an error).
 *   <li>Logical columns (TRUE/FALSE) are categorical here, with levels "FALSE", "TRUE".
 * </ul>
 */
public final class CsvLoader {
    private CsvLoader() {}

    private static final int ATTEMPTS = 3;

    /** Something that can be read more than once (the second pass needs it again). */
    private interface Source {
        Reader open() throws IOException;
    }

    /** Reads the file at path. */
    public static DataTable load(Path path) throws DataException {
        return load(path, CsvOptions.STANDARD);
    }

    /** Reads the file at path with the given separator and decimal mark. */
    public static DataTable load(Path path, CsvOptions options) throws DataException {
        Path p = path.toAbsolutePath().normalize();
        DataException changed = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            DataVersion before = stat(p);
            DataTable table;
            try {
                table = read(fileSource(p), before, displayName(p), options);
            } catch (OutOfMemoryError e) {
                throw DataException.of(DataLimits.outOfMemory(displayName(p)));
            } catch (FileChangedException e) {
                changed = e.toDataException();
                continue;
            }
            if (before.equals(stat(p))) return table;
            changed = FileChangedException.message(displayName(p));
        }
        throw changed;
    }

    /**
     * Reads CSV text (an editor's unsaved copy of the file). path is used in messages and in the
     * table's {@link DataVersion}; it may be null.
     */
    public static DataTable parse(String text, Path path) throws DataException {
        return parse(text, path, CsvOptions.STANDARD);
    }

    /** Reads CSV text with the given separator and decimal mark. */
    public static DataTable parse(String text, Path path, CsvOptions options) throws DataException {
        Path p = path == null ? null : path.toAbsolutePath().normalize();
        String name = p == null ? "the data" : displayName(p);
        String tooLarge = DataLimits.tooLarge(name, text.length());
        if (tooLarge != null) throw DataException.of(tooLarge);
        try {
            return read(() -> new StringReader(text), DataVersion.ofText(p, text), name, options);
        } catch (OutOfMemoryError e) {
            throw DataException.of(DataLimits.outOfMemory(name));
        } catch (FileChangedException e) {
            throw new IllegalStateException("text cannot change", e);
        }
    }

    /** The file's current version; reports a missing file, a folder, an unreadable or empty file. */
    static DataVersion stat(Path p) throws DataException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            Path dir = p.getParent();
            String where = dir != null && !Files.isDirectory(dir) ? " (the folder " + dir + " does not exist either)" : "";
            throw DataException.of("cannot find the data file " + p + where);
        } catch (IOException e) {
            throw DataException.of("cannot read the data file " + p + ": " + reason(e));
        }
        if (a.isDirectory()) throw DataException.of(p + " is a folder, not a CSV file");
        // a device (/dev/zero), a pipe or a socket has no size and may never end: only files are read
        if (!a.isRegularFile()) throw DataException.of(p + " is not a regular file (a device, a pipe or a socket?); data is read from files only");
        if (!Files.isReadable(p)) throw DataException.of("cannot read the data file " + p + ": permission denied");
        if (a.size() == 0) throw DataException.of("the data file " + displayName(p) + " is empty");
        String tooLarge = DataLimits.tooLarge(displayName(p), a.size());
        if (tooLarge != null) throw DataException.of(tooLarge);
        return DataVersion.ofFile(p, a.lastModifiedTime().toMillis(), a.size());
    }

    private static Source fileSource(Path p) {
        return () -> {
            InputStream in = Files.newInputStream(p);
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            return new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
        };
    }

    private static String displayName(Path p) {
        Path f = p.getFileName();
        return f == null ? p.toString() : f.toString();
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "the file no longer exists";
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** Skips a byte-order mark. */
    private static Reader skipBom(Reader r) throws IOException {
        BufferedReader b = r instanceof BufferedReader br ? br : new BufferedReader(r);
        b.mark(1);
        int c = b.read();
        if (c != '\uFEFF') b.reset();
        return b;
    }

    // ---------------------------------------------------------------------------------------------

    private static DataTable read(Source source, DataVersion version, String name, CsvOptions options) throws DataException, FileChangedException {
        int capacity = 1024;
        ColumnBuilder[] cols;
        int rows = 0;
        int headerLine;
        NumberParser np = new NumberParser(options.decimal());
        try (Reader r = skipBom(source.open())) {
            Records it = new Records(new CsvRecords(r, options.separator()), version, name);
            if (!it.next()) {
                if (it.anyRecord) throw DataException.of("the data file " + name + " has only blank lines; its first line should name the columns");
                throw DataException.of("the data file " + name + " is empty");
            }
            headerLine = it.line();
            String[] header = it.records.fields();
            checkSeparator(header, headerLine, it, name, options);
            List<String> names = headerNames(header, headerLine, np);
            int n = names.size();
            cols = new ColumnBuilder[n];
            for (int j = 0; j < n; j++) cols[j] = new ColumnBuilder(names.get(j), j + 1, capacity);
            CsvRecords rec = it.records;
            while (it.next()) {
                int size = rec.size();
                if (size != n) throw ragged(rec.line(), size, n, headerLine);
                int line = rec.line();
                char[] chars = rec.chars();
                for (int j = 0; j < n; j++) cols[j].add(chars, rec.start(j), rec.end(j), rows, line, np);
                rows++;
            }
        } catch (CharacterCodingException e) {
            throw notUtf8(e, version, name, 0);
        } catch (IOException e) {
            throw new DataException(DataProblem.of("cannot read the data file " + name + ": " + reason(e)), e);
        }

        secondPass(source, version, name, cols, rows, options);

        List<Column> columns = new ArrayList<>(cols.length);
        List<DataProblem> warnings = new ArrayList<>();
        if (rows == 0) warnings.add(DataProblem.at(headerLine, 0, "the data file " + name + " names its columns but has no rows of data"));
        for (ColumnBuilder b : cols) {
            columns.add(b.build(rows));
            if (rows > 0 && b.present == 0) {
                warnings.add(DataProblem.at(headerLine, b.field, "column '" + b.name + "' has no values: every cell is empty or NA"));
            } else if (!b.numeric && options.decimal() == '.' && b.commaNumbers > 0 && b.commaNumbers == b.present - b.numbers) {
                warnings.add(DataProblem.at(b.firstCommaLine, b.field, "column '" + b.name + "' is read as categorical ("
                        + b.levelCount() + " levels), but its cells look like numbers written with a decimal comma (\""
                        + abbreviate(b.firstComma) + "\" on line " + b.firstCommaLine + "); if they are numbers, write the data line as data \""
                        + name + "\"" + new CsvOptions(options.separator(), ',').written()));
            } else if (!b.numeric && b.numbers > 0 && b.numbers >= b.present - b.numbers) {
                warnings.add(DataProblem.at(b.firstTextLine, b.field, "column '" + b.name + "' is read as categorical, not as numbers, because some cells are not numbers ("
                        + (b.present - b.numbers) + " of " + b.present + ", the first \"" + abbreviate(b.firstText) + "\" on line " + b.firstTextLine
                        + "); if such cells mean a missing value, write NA or leave them empty"));
            }
        }
        return new DataTable(version, columns, rows, warnings);
    }

    private static void secondPass(Source source, DataVersion version, String name, ColumnBuilder[] cols, int rows, CsvOptions options)
            throws DataException, FileChangedException {
        int until = 0;
        List<ColumnBuilder> flipped = new ArrayList<>();
        for (ColumnBuilder b : cols) {
            if (b.flipRow > 0) {
                flipped.add(b);
                until = Math.max(until, b.flipRow);
            }
        }
        if (flipped.isEmpty()) return;
        try (Reader r = skipBom(source.open())) {
            Records it = new Records(new CsvRecords(r, options.separator()), version, name);
            CsvRecords rec = it.records;
            if (!it.next()) throw new FileChangedException(name);
            for (int row = 0; row < until; row++) {
                if (!it.next() || rec.size() != cols.length) throw new FileChangedException(name);
                for (ColumnBuilder b : flipped) {
                    if (row < b.flipRow) b.fill(rec.chars(), rec.start(b.field - 1), rec.end(b.field - 1), row);
                }
            }
        } catch (IOException | DataException e) {
            throw new FileChangedException(name);
        }
    }

    /** Non-blank records; turns the lexer's problems into DataExceptions with their line. */
    private static final class Records {
        final CsvRecords records;
        private final DataVersion version;
        private final String name;
        boolean anyRecord;

        Records(CsvRecords records, DataVersion version, String name) {
            this.records = records;
            this.version = version;
            this.name = name;
        }

        /** 1-based line on which the record last read starts. */
        int line() { return records.line(); }

        /** Reads the next record that is not a blank line; false at the end. */
        boolean next() throws DataException, IOException {
            try {
                while (records.next()) {
                    anyRecord = true;
                    if (records.size() == 1 && NumberParser.isBlank(records.chars(), records.start(0), records.end(0))) continue;
                    return true;
                }
                return false;
            } catch (CharacterCodingException e) {
                throw notUtf8(e, version, name, records.line());
            } catch (CsvRecords.UnclosedQuote e) {
                throw DataException.at(e.line, 0, "a quoted value that starts on line " + e.line
                        + " has no closing double quote (\"); the file ends inside it");
            } catch (CsvRecords.TextAfterQuote e) {
                throw DataException.at(e.line, 0, "a quoted value is followed by more text before the next comma; "
                        + "put the whole value in quotes, and write a double quote inside it as two (\"\")");
            }
        }
    }

    private static DataException notUtf8(IOException e, DataVersion version, String name, int line) {
        DataProblem where = version.fromText() || version.path() == null ? null : Utf8Check.firstError(version.path());
        String advice = "; save it as UTF-8 (in Excel: \"CSV UTF-8\")";
        if (where != null) return new DataException(DataProblem.at(where.line(), 0, "the data file " + name + " is not UTF-8 text: " + where.message() + advice), e);
        return new DataException(DataProblem.at(line, 0, "the data file " + name + " is not UTF-8 text" + advice), e);
    }

    /**
     * Refuses a header that the separator in use does not split but another one does (a file
     * written by Excel in much of Europe: "a;b;c", and "4,5" for 4.5), naming what was seen and the
     * data line that reads it.
     */
    private static void checkSeparator(String[] header, int line, Records rest, String name, CsvOptions options) throws DataException, IOException {
        String joined = String.join(String.valueOf(options.separator()), header);
        for (char other : new char[] {';', '\t', ',', '|'}) {
            if (other == options.separator()) continue;
            int count = 0;
            for (int i = 0; i < joined.length(); i++) if (joined.charAt(i) == other) count++;
            if (count == 0 || count < header.length) continue;
            String[] parts = joined.split(java.util.regex.Pattern.quote(String.valueOf(other)), -1);
            boolean names = parts.length >= 2 && java.util.Arrays.stream(parts).noneMatch(x -> x.trim().isEmpty());
            if (!names) continue;
            char decimal = options.decimal() == other ? '.' : options.decimal();
            if (other == ';' && decimal == '.') {
                // a semicolon file usually writes 4,5 for 4.5: look at the first row
                String[] first = null;
                try {
                    if (rest.next()) first = rest.records.fields();
                } catch (DataException e) {
                    // the row is reported as usual once the separator is right
                }
                if (first != null && java.util.regex.Pattern.compile("\\d,\\d").matcher(String.join(",", first)).find()) decimal = ',';
            }
            String seen = other == '\t' ? "tabs" : "'" + other + "'";
            throw DataException.at(line, 1, "the first line (\"" + abbreviate(joined) + "\") is separated by " + seen + ", not by '"
                    + (options.separator() == '\t' ? "\\t" : String.valueOf(options.separator())) + "'"
                    + (decimal != options.decimal() ? ", and the rows write numbers with a decimal comma" : "")
                    + "; write the data line as data \"" + name + "\"" + new CsvOptions(other, decimal).written());
        }
    }

    private static List<String> headerNames(String[] header, int line, NumberParser np) throws DataException {
        int n = header.length;
        List<String> names = new ArrayList<>(n);
        Map<String, Integer> seen = new HashMap<>();
        int numbers = 0;
        for (int j = 0; j < n; j++) {
            String s = NumberParser.trim(header[j]);
            if (s.isEmpty()) {
                String hint = j == n - 1 && n > 1 ? " (is there an extra comma at the end of the line?)" : "";
                throw DataException.at(line, j + 1, "column " + (j + 1) + " has no name in the header line" + hint
                        + "; the first line must name every column");
            }
            Integer before = seen.putIfAbsent(s, j + 1);
            if (before != null) {
                throw DataException.at(line, j + 1, "the column name '" + s + "' appears twice in the header line (columns "
                        + before + " and " + (j + 1) + "); every column needs its own name");
            }
            if (np.parse(s)) numbers++;
            names.add(s);
        }
        if (numbers == n) {
            throw DataException.at(line, 0, "the first line holds numbers (" + abbreviate(String.join(",", names))
                    + ") where the column names should be; add a header line naming each column");
        }
        return names;
    }

    private static DataException ragged(int line, int size, int n, int headerLine) {
        String fields = size == 1 ? "1 field" : size + " fields";
        String columns = n == 1 ? "1 column" : n + " columns";
        String hint = size > n
                ? "; a value containing a comma must be in double quotes"
                : "; write an empty field (,,) or NA for a missing value";
        return DataException.at(line, Math.min(size, n) + 1, "line " + line + " has " + fields + ", but the header (line "
                + headerLine + ") names " + columns + hint);
    }

    static String abbreviate(String s) {
        String t = s.replace("\r", "\\r").replace("\n", "\\n");
        return t.length() <= 40 ? t : t.substring(0, 37) + "...";
    }

    /** The second pass found a different file: the caller reads again. */
    private static final class FileChangedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String name;

        FileChangedException(String name) {
            super(null, null, false, false);
            this.name = name;
        }

        DataException toDataException() { return message(name); }

        static DataException message(String name) {
            return DataException.of("the data file " + name + " kept changing while it was being read; try again when it has been saved");
        }
    }
}
