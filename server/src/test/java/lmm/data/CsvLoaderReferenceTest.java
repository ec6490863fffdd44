package lmm.data;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference CSVs read as R's read.csv(stringsAsFactors = TRUE) under LC_COLLATE=C reads them. */
class CsvLoaderReferenceTest {
    static Path reference(String name) {
        try {
            return Path.of(CsvLoaderReferenceTest.class.getResource("/reference/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sleepstudy() throws Exception {
        DataTable t = CsvLoader.load(reference("sleepstudy.csv"));
        assertEquals(List.of("Reaction", "Days", "Subject"), t.columnNames());
        assertEquals(180, t.rowCount());
        assertTrue(t.warnings().isEmpty(), t.warnings().toString());
        NumericColumn reaction = (NumericColumn) t.column("Reaction");
        assertFalse(reaction.isInteger());
        assertEquals(249.56, reaction.get(0));
        assertEquals(258.7047, reaction.get(1));
        ColumnSummary.Numeric s = reaction.summary();
        assertEquals(180, s.count());
        assertEquals(0, s.missing());
        assertEquals(298.50789166666664, s.mean(), 1e-10);
        assertEquals(56.32875712523514, s.sd(), 1e-10);
        assertEquals(194.3322, s.min());
        assertEquals(466.3535, s.max());
        assertTrue(((NumericColumn) t.column("Days")).isInteger());
        // Quoted "308" is a number, as in R; the factor statement makes it categorical.
        NumericColumn subject = (NumericColumn) t.column("Subject");
        assertTrue(subject.isInteger());
        CategoricalColumn f = subject.asFactor();
        assertEquals(List.of("308", "309", "310", "330", "331", "332", "333", "334", "335", "337", "349", "350", "351", "352",
                "369", "370", "371", "372"), f.levels());
        assertEquals("308", f.label(0));
        for (int c : f.levelCounts()) assertEquals(10, c);
        assertSame(f, subject.asFactor());
    }

    @Test
    void dung() throws Exception {
        DataTable t = CsvLoader.load(reference("dung.csv"));
        assertEquals(List.of("pr_dung", "flies", "oven_block"), t.columnNames());
        assertEquals(18, t.rowCount());
        assertTrue(t.columns().stream().allMatch(Column::isNumeric));
        CategoricalColumn block = ((NumericColumn) t.column("oven_block")).asFactor();
        assertEquals(List.of("1", "2", "3"), block.levels());
        assertArrayEquals(new int[] {7, 5, 6}, block.levelCounts());
    }

    @Test
    void pastes() throws Exception {
        DataTable t = CsvLoader.load(reference("pastes.csv"));
        assertEquals(List.of("strength", "batch", "cask", "sample"), t.columnNames());
        assertEquals(60, t.rowCount());
        assertTrue(t.column("strength").isNumeric());
        CategoricalColumn batch = (CategoricalColumn) t.column("batch");
        assertEquals(List.of("A", "B", "C", "D", "E", "F", "G", "H", "I", "J"), batch.levels());
        assertEquals(List.of("a", "b", "c"), ((CategoricalColumn) t.column("cask")).levels());
        CategoricalColumn sample = (CategoricalColumn) t.column("sample");
        assertEquals(30, sample.levelCount());
        assertEquals("A:a", sample.levels().get(0));
        assertEquals("J:c", sample.levels().get(29));
        ColumnSummary.Categorical s = sample.summary();
        assertEquals(60, s.count());
        assertEquals(0, s.missing());
        assertTrue(s.levels().stream().allMatch(l -> l.count() == 2));
        assertEquals(new ColumnSummary.LevelCount("A:a", 2), s.levels().get(0));
    }

    @Test
    void penicillin() throws Exception {
        DataTable t = CsvLoader.load(reference("penicillin.csv"));
        assertEquals(144, t.rowCount());
        CategoricalColumn plate = (CategoricalColumn) t.column("plate");
        assertEquals(24, plate.levelCount());
        assertEquals("a", plate.level(0));
        assertEquals("x", plate.level(23));
        assertEquals(List.of("A", "B", "C", "D", "E", "F"), ((CategoricalColumn) t.column("sample")).levels());
        assertArrayEquals(new int[] {24, 24, 24, 24, 24, 24}, ((CategoricalColumn) t.column("sample")).levelCounts());
    }

    @Test
    void ols6() throws Exception {
        DataTable t = CsvLoader.load(reference("ols6.csv"));
        assertEquals(List.of("Y", "X"), t.columnNames());
        assertEquals(6, t.rowCount());
        assertArrayEquals(new double[] {11.05, 11.4, 10.43}, java.util.Arrays.copyOf(((NumericColumn) t.column("Y")).values(), 3));
        assertEquals(t.version().path(), reference("ols6.csv").toAbsolutePath().normalize());
        assertFalse(t.version().fromText());
    }
}
