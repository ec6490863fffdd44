package lmm.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {
    @TempDir Path dir;

    static DataTable parse(String text) throws DataException {
        return CsvLoader.parse(text, Path.of("test.csv"));
    }

    static DataException fails(String text) {
        return assertThrows(DataException.class, () -> parse(text));
    }

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    // --- values and types -------------------------------------------------------------------------

    @Test
    void missingValues() throws Exception {
        DataTable t = parse("x,g\n1,a\nNA,NA\n,\n\"NA\",\"\"\n 2 , b\n");
        assertEquals(5, t.rowCount());
        NumericColumn x = (NumericColumn) t.column("x");
        assertEquals(1, x.get(0));
        assertTrue(Double.isNaN(x.get(1)));
        assertTrue(x.isMissing(1) && x.isMissing(2) && x.isMissing(3));
        assertFalse(x.isMissing(4));
        assertEquals(2, x.get(4)); // white space around a number is allowed
        assertEquals(3, x.missingCount());
        CategoricalColumn g = (CategoricalColumn) t.column("g");
        assertEquals(List.of(" b", "a"), g.levels()); // text is kept as written
        assertArrayEquals(new int[] {1, -1, -1, -1, 0}, g.codes());
        assertNull(g.label(1));
        assertEquals(3, g.missingCount());
        assertEquals(2, g.summary().count());
        assertEquals(3, x.summary().missing());
    }

    @Test
    void numbersAsRReadsThem() throws Exception {
        DataTable t = parse("a,b,c,d,e\n1,1.5,1e3,Inf,+7\n-2,.5,2E-2,-Inf,007\n3,5.,-1.5e+2,NaN,-0\n");
        NumericColumn a = (NumericColumn) t.column("a");
        assertTrue(a.isInteger());
        assertArrayEquals(new double[] {1, -2, 3}, a.values());
        assertArrayEquals(new double[] {1.5, 0.5, 5}, ((NumericColumn) t.column("b")).values());
        NumericColumn c = (NumericColumn) t.column("c");
        assertFalse(c.isInteger());
        assertArrayEquals(new double[] {1000, 0.02, -150}, c.values());
        NumericColumn d = (NumericColumn) t.column("d");
        assertEquals(Double.POSITIVE_INFINITY, d.get(0));
        assertEquals(Double.NEGATIVE_INFINITY, d.get(1));
        assertTrue(Double.isNaN(d.get(2)));
        assertFalse(d.isMissing(2)); // NaN in the data is a value, not a missing cell
        assertEquals(0, d.missingCount());
        assertEquals(3, d.summary().nonFinite());
        assertTrue(((NumericColumn) t.column("e")).isInteger());
    }

    @Test
    void textMakesAColumnCategorical() throws Exception {
        DataTable t = parse("x,y\n1,u\n2,v\nabc,w\n2,u\n");
        CategoricalColumn x = (CategoricalColumn) t.column("x");
        assertEquals(List.of("1", "2", "abc"), x.levels());
        assertArrayEquals(new int[] {0, 1, 2, 1}, x.codes());
        // The numbers' text is kept as written (a second pass reads it again).
        DataTable u = parse("x\n1.0\nNA\n1\nb\n");
        assertEquals(List.of("1", "1.0", "b"), ((CategoricalColumn) u.column("x")).levels());
        assertArrayEquals(new int[] {1, -1, 0, 2}, ((CategoricalColumn) u.column("x")).codes());
    }

    @Test
    void mostlyNumbersWarns() throws Exception {
        DataTable t = parse("age,g\n31,a\n42,b\nn/a,c\n50,d\n");
        assertTrue(t.column("age").isCategorical());
        assertEquals(1, t.warnings().size());
        DataProblem w = t.warnings().get(0);
        assertEquals(4, w.line());
        assertEquals(1, w.column());
        assertTrue(w.message().contains("'age' is read as categorical"), w.message());
        assertTrue(w.message().contains("\"n/a\" on line 4"), w.message());
    }

    @Test
    void emptyColumnAndNoRowsWarn() throws Exception {
        DataTable t = parse("x,y\n1,\n2,NA\n");
        assertTrue(t.column("y").isNumeric());
        assertEquals(2, t.column("y").missingCount());
        assertEquals("column 'y' has no values: every cell is empty or NA", t.warnings().get(0).message());
        DataTable h = parse("x,y\n");
        assertEquals(0, h.rowCount());
        assertEquals(List.of("x", "y"), h.columnNames());
        assertTrue(h.warnings().get(0).message().contains("no rows"));
    }

    @Test
    void quotedFieldsWithCommasNewlinesAndQuotes() throws Exception {
        DataTable t = parse("\"name, full\",y\n\"Smith, J\",1\n\"two\nlines\",2\n\"say \"\"hi\"\"\",3\n");
        assertEquals(List.of("name, full", "y"), t.columnNames());
        assertEquals(3, t.rowCount());
        CategoricalColumn n = (CategoricalColumn) t.column("name, full");
        assertEquals(List.of("Smith, J", "say \"hi\"", "two\nlines"), n.levels());
        assertEquals("two\nlines", n.label(1));
        assertArrayEquals(new double[] {1, 2, 3}, ((NumericColumn) t.column("y")).values());
    }

    @Test
    void lineEndingsBomBlankLines() throws Exception {
        DataTable t = parse("\uFEFFx,y\r\n1,2\r\n\r\n3,4\r\n\n");
        assertEquals(List.of("x", "y"), t.columnNames());
        assertEquals(2, t.rowCount());
        DataTable u = parse("x,y\n1,2"); // no final newline
        assertEquals(1, u.rowCount());
    }

    @Test
    void cOrderLevels() throws Exception {
        DataTable t = parse("g\na\nB\n_\nZ\nb\nA\n\u00e9\nz\n");
        assertEquals(List.of("A", "B", "Z", "_", "a", "b", "z", "\u00e9"), ((CategoricalColumn) t.column("g")).levels());
    }

    @Test
    void headerNamesTrimmed() throws Exception {
        assertEquals(List.of("a", "b"), parse(" a , b \n1,2\n").columnNames());
    }

    @Test
    void fileAndTextAgree() throws Exception {
        String text = "x,g\n1,a\n2,b\n";
        DataTable f = CsvLoader.load(write("d.csv", text));
        DataTable t = CsvLoader.parse(text, dir.resolve("d.csv"));
        assertEquals(f.columnNames(), t.columnNames());
        assertArrayEquals(((NumericColumn) f.column("x")).values(), ((NumericColumn) t.column("x")).values());
        assertTrue(t.version().fromText());
        assertEquals(f.version().path(), t.version().path());
    }

    @Test
    void utf8Text() throws Exception {
        DataTable t = CsvLoader.load(write("u.csv", "s\u00e9rie,g\n1,caf\u00e9\n2,\uD83D\uDE00\n3,\uFFFD\n"));
        assertEquals(List.of("s\u00e9rie", "g"), t.columnNames());
        // U+FFFD < U+1F600 in UTF-8 byte order, although not in UTF-16 order
        assertEquals(List.of("caf\u00e9", "\uFFFD", "\uD83D\uDE00"), ((CategoricalColumn) t.column("g")).levels());
    }

    // --- errors -----------------------------------------------------------------------------------

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.csv");
        DataException e = assertThrows(DataException.class, () -> CsvLoader.load(p));
        assertEquals("cannot find the data file " + p, e.getMessage());
        assertEquals(0, e.line());
        DataException e2 = assertThrows(DataException.class, () -> CsvLoader.load(dir.resolve("sub/nope.csv")));
        assertTrue(e2.getMessage().contains("does not exist either"), e2.getMessage());
    }

    @Test
    void directory() {
        DataException e = assertThrows(DataException.class, () -> CsvLoader.load(dir));
        assertEquals(dir + " is a folder, not a CSV file", e.getMessage());
    }

    @Test
    void unreadable() throws Exception {
        Path p = write("secret.csv", "x\n1\n");
        org.junit.jupiter.api.Assumptions.assumeTrue(p.toFile().setReadable(false) && !Files.isReadable(p),
                "cannot make a file unreadable here (running as root?)");
        DataException e = assertThrows(DataException.class, () -> CsvLoader.load(p));
        assertEquals("cannot read the data file " + p + ": permission denied", e.getMessage());
    }

    @Test
    void emptyFile() throws Exception {
        Path p = write("empty.csv", "");
        DataException e = assertThrows(DataException.class, () -> CsvLoader.load(p));
        assertEquals("the data file empty.csv is empty", e.getMessage());
        assertEquals("the data file test.csv is empty", fails("").getMessage());
        assertEquals("the data file test.csv is empty", fails("\uFEFF").getMessage());
    }

    @Test
    void onlyBlankLines() {
        DataException e = fails("\n\n  \n");
        assertEquals("the data file test.csv has only blank lines; its first line should name the columns", e.getMessage());
    }

    @Test
    void headerOfNumbers() {
        DataException e = fails("1,2.5\n3,4\n");
        assertEquals(1, e.line());
        assertEquals("line 1: the first line holds numbers (1,2.5) where the column names should be; add a header line naming each column",
                e.getMessage());
    }

    @Test
    void emptyColumnName() {
        DataException e = fails("a,,c\n1,2,3\n");
        assertEquals(1, e.line());
        assertEquals(2, e.column());
        assertEquals("column 2 has no name in the header line; the first line must name every column", e.plainMessage());
        DataException trailing = fails("\na,b,\n1,2,\n");
        assertEquals(2, trailing.line());
        assertEquals(3, trailing.column());
        assertTrue(trailing.getMessage().contains("extra comma at the end of the line"), trailing.getMessage());
    }

    @Test
    void duplicateColumnName() {
        DataException e = fails("x,y,x\n1,2,3\n");
        assertEquals(1, e.line());
        assertEquals(3, e.column());
        assertEquals("line 1, column 3: the column name 'x' appears twice in the header line (columns 1 and 3); every column needs its own name",
                e.getMessage());
    }

    @Test
    void raggedRows() {
        DataException more = fails("x,y\n1,2\n3,4,5\n");
        assertEquals(3, more.line());
        assertEquals(3, more.column());
        assertEquals("line 3 has 3 fields, but the header (line 1) names 2 columns; a value containing a comma must be in double quotes",
                more.plainMessage());
        DataException fewer = fails("x,y,z\n1,2,3\n\n4,5\n");
        assertEquals(4, fewer.line());
        assertEquals(3, fewer.column());
        assertEquals("line 4 has 2 fields, but the header (line 1) names 3 columns; write an empty field (,,) or NA for a missing value",
                fewer.plainMessage());
        // Line numbers count the lines inside quoted values.
        DataException after = fails("x,y\n\"a\nb\",1\n2\n");
        assertEquals(4, after.line());
    }

    @Test
    void unclosedQuote() {
        DataException e = fails("x,y\n1,2\n3,\"abc\n4,5\n6,7\n");
        assertEquals(3, e.line());
        assertEquals("line 3: a quoted value that starts on line 3 has no closing double quote (\"); the file ends inside it", e.getMessage());
    }

    @Test
    void unclosedQuoteInHeaderAndAcrossLines() {
        assertEquals(1, fails("\"x,y\n1,2\n").line());
        DataException e = fails("x,y\n\"a\nb\",1\n\"c\n");
        assertEquals(4, e.line());
    }

    @Test
    void oldMacLineEndings() throws Exception {
        DataTable t = parse("x,y\r1,2\r3,4\r");
        assertEquals(2, t.rowCount());
        assertEquals(3, fails("x,y\r1,2\r3\r").line());
    }

    @Test
    void textAfterClosingQuote() {
        DataException e = fails("x,y\n1,2\n\"a\"b,3\n");
        assertEquals(3, e.line());
        assertTrue(e.plainMessage().startsWith("a quoted value is followed by more text before the next comma"), e.getMessage());
    }

    @Test
    void invalidUtf8() throws Exception {
        Path p = dir.resolve("latin1.csv");
        Files.write(p, "x,g\n1,a\n2,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        DataException e = assertThrows(DataException.class, () -> CsvLoader.load(p));
        assertEquals(3, e.line());
        assertEquals("line 3: the data file latin1.csv is not UTF-8 text: line 3, character 6 has the byte 0xE9, which is not UTF-8 "
                + "(the file may be in Latin-1 or Windows-1252); save it as UTF-8 (in Excel: \"CSV UTF-8\")", e.getMessage());
    }

    @Test
    void manyRowsGrowArrays() throws Exception {
        StringBuilder sb = new StringBuilder("i,g\n");
        for (int i = 0; i < 5000; i++) sb.append(i).append(',').append(i % 7 == 0 ? "NA" : "g" + (i % 3)).append('\n');
        sb.append("x,g0\n"); // the last row turns column i categorical: second pass over 5000 rows
        DataTable t = parse(sb.toString());
        assertEquals(5001, t.rowCount());
        CategoricalColumn i = (CategoricalColumn) t.column("i");
        assertEquals(5001, i.levelCount());
        assertEquals("0", i.level(0));
        assertEquals("x", i.label(5000));
        assertEquals("4999", i.label(4999));
        CategoricalColumn g = (CategoricalColumn) t.column("g");
        assertEquals(List.of("g0", "g1", "g2"), g.levels());
        assertEquals(715, g.missingCount());
    }
}
