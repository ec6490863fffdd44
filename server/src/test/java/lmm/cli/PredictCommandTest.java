package lmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lmm predict} against R (reference-predict, built by tools/make-predict-references.R: new
 * levels of one and of two crossed grouping factors, of a nested factor, missing values, a
 * transform, a least-squares model), and every bad input with its message and exit status.
 */
class PredictCommandTest {
    @TempDir Path dir;

    static Path reference(String name) throws Exception {
        return Path.of(PredictCommandTest.class.getResource("/reference-predict/" + name).toURI());
    }

    static List<CSVRecord> csv(String text) throws IOException {
        try (CSVParser p = CSVParser.parse(text, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
            return p.getRecords();
        }
    }

    @TestFactory
    Stream<DynamicTest> predictionsMatchR() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("sleeppred", "pastespred", "penpred", "olspred")) {
            tests.add(DynamicTest.dynamicTest(name, () -> {
                MainTest.Run r = MainTest.run("predict", reference(name + ".lmm").toString(), "--data", reference(name + ".new.csv").toString());
                assertEquals(0, r.status(), r.err());
                List<CSVRecord> got = csv(r.out());
                List<CSVRecord> want = csv(Files.readString(reference(name + ".predict.csv")));
                assertEquals(want.size(), got.size(), "rows");
                for (int i = 0; i < want.size(); i++) {
                    CSVRecord w = want.get(i), g = got.get(i);
                    assertEquals(w.get("row"), g.get("row"));
                    if (w.get("population").equals("NA")) {
                        for (String k : List.of("population", "populationSE", "conditional")) assertEquals("NA", g.get(k), name + " row " + (i + 1) + " " + k);
                        continue;
                    }
                    double se = Double.parseDouble(w.get("populationSE"));
                    // as check-reference.py holds estimates: within 1e-3 of their standard error
                    close(name + " row " + (i + 1) + " population", g.get("population"), w.get("population"), 1e-3 * se);
                    close(name + " row " + (i + 1) + " conditional", g.get("conditional"), w.get("conditional"), 1e-3 * se);
                    close(name + " row " + (i + 1) + " SE", g.get("populationSE"), w.get("populationSE"), 2e-3 * se);
                }
            }));
        }
        return tests.stream();
    }

    private static void close(String what, String got, String want, double tol) {
        double g = Double.parseDouble(got), w = Double.parseDouble(want);
        assertTrue(Math.abs(g - w) <= tol, () -> what + ": got " + g + ", want " + w + " (tol " + tol + ")");
    }

    /** Predicting for the training rows gives lme4's fitted values (R's fitted(m), in reference/*.expected.json). */
    @Test
    void theTrainingRowsGiveRsFittedValues() throws Exception {
        for (String c : List.of("sleepstudy", "pastes")) {
            Path lmm = Path.of(PredictCommandTest.class.getResource("/reference/" + c + ".lmm").toURI());
            var want = com.google.gson.JsonParser.parseString(Files.readString(lmm.resolveSibling(c + ".expected.json"))).getAsJsonObject()
                    .getAsJsonArray("models").get(0).getAsJsonObject();
            MainTest.Run r = MainTest.run("predict", lmm.toString(), "--model", want.get("name").getAsString(),
                    "--data", lmm.resolveSibling(c + ".csv").toString());
            assertEquals(0, r.status(), r.err());
            List<CSVRecord> rows = csv(r.out());
            var fitted = want.getAsJsonArray("fitted");
            double sigma = want.get("sigma").getAsDouble();
            assertEquals(fitted.size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                close(c + " row " + (i + 1), rows.get(i).get("conditional"), fitted.get(i).getAsString(), 1e-3 * sigma);
                assertEquals("", rows.get(i).get("newLevels"));
            }
        }
    }

    @Test
    void newLevelsAreNamedPerRowAndCounted() throws Exception {
        MainTest.Run r = MainTest.run("predict", reference("penpred.lmm").toString(), "--data", reference("penpred.new.csv").toString());
        List<CSVRecord> rows = csv(r.out());
        assertEquals(List.of("", "plate", "sample", "plate;sample"), rows.stream().map(x -> x.get("newLevels")).toList());
        assertTrue(r.err().contains("3 of 4 rows have a level the model has not seen"), r.err());
    }

    /** lme4 1.1-31 fails on this input ("non-conformable arguments"); lmm gives the row NA, as R's na.pass does for a covariate. */
    @Test
    void aMissingFixedFactorGivesNA() throws Exception {
        Path data = dir.resolve("new.csv");
        Files.writeString(data, "batch,cask\nA,a\nJ,NA\n");
        MainTest.Run r = MainTest.run("predict", reference("pastespred.lmm").toString(), "--data", data.toString());
        assertEquals(0, r.status(), r.err());
        List<CSVRecord> rows = csv(r.out());
        assertEquals("NA", rows.get(1).get("population"));
        assertEquals("NA", rows.get(1).get("conditional"));
        // row 1 as R: population 59.295, conditional 62.59043 (reference-predict/pastespred.predict.csv, row 1)
        close("row 1", rows.get(0).get("conditional"), "62.5904292056054", 1e-3);
        assertTrue(r.err().contains("1 of 2 rows have a missing value"), r.err());
    }

    @Test
    void unknownLevelOfAFixedFactorNamesLevelRowAndColumn() throws Exception {
        Path data = dir.resolve("new.csv");
        Files.writeString(data, "Subject,Days\n308,1\n999,2\n");
        MainTest.Run r = MainTest.run("predict", reference("olspred.lmm").toString(), "--data", data.toString());
        assertEquals(1, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().contains(data + ": row 2, column 1 (Subject): '999' is not a level of 'Subject' in the training data (levels: 308, 309,"),
                r.err());
        assertTrue(r.err().contains("the model has no coefficient for a level it has not seen"), r.err());
    }

    @Test
    void badNewData() throws Exception {
        Path data = dir.resolve("new.csv");
        Files.writeString(data, "Subject,Day\n308,1\n");
        MainTest.Run r = MainTest.run("predict", reference("sleeppred.lmm").toString(), "--data", data.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains(data + ": unknown column 'Days'; did you mean 'Day'?"), r.err());

        Files.writeString(data, "Subject,Days\n308,one\n309,2\n");
        r = MainTest.run("predict", reference("sleeppred.lmm").toString(), "--data", data.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains(data + ": 'Days' is numeric in the training data but not in the new data (row 1 has 'one')"), r.err());

        r = MainTest.run("predict", reference("sleeppred.lmm").toString(), "--data", dir.resolve("absent.csv").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith(dir.resolve("absent.csv") + ": "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void usageErrors() throws Exception {
        String lmm = reference("sleeppred.lmm").toString(), data = reference("sleeppred.new.csv").toString();
        MainTest.Run r = MainTest.run("predict", lmm);
        assertEquals(2, r.status());
        assertTrue(r.err().contains("predict needs --data NEW.csv"), r.err());
        r = MainTest.run("predict", lmm, "--data", data, "--model", "nope");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no model named 'nope'"), r.err());
        Path two = dir.resolve("two.lmm");
        Files.writeString(two, "data \"" + reference("sleeppred.csv") + "\"\nmodel a = Reaction ~ Days\nmodel b = Reaction ~ 1\n");
        r = MainTest.run("predict", two.toString(), "--data", data);
        assertEquals(2, r.status());
        assertTrue(r.err().contains("which model? use --model NAME (models: a, b)"), r.err());
        r = MainTest.run("predict", two.toString(), "--data", data, "--model", "b");
        assertEquals(0, r.status(), r.err());
        // lm's prediction of Reaction ~ 1 is the mean of Reaction in sleepstudy, 298.507891666667 (R: mean(sleepstudy$Reaction))
        close("mean", csv(r.out()).get(0).get("population"), "298.507891666667", 1e-9);
    }

    @Test
    void modelWithErrorsIsNotPredicted() throws Exception {
        Path bad = dir.resolve("bad.lmm");
        Files.writeString(bad, "data \"" + reference("sleeppred.csv") + "\"\nmodel a = Reaction ~ Dayz\n");
        MainTest.Run r = MainTest.run("predict", bad.toString(), "--data", reference("sleeppred.new.csv").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("bad.lmm:2:22: error: unknown column 'Dayz'; did you mean 'Days'?"), r.err());
        assertTrue(r.err().contains("model 'a' has errors and cannot be fitted"), r.err());
    }

    @Test
    void outWritesOnceAndNeverOverwrites() throws Exception {
        Path target = dir.resolve("pred.csv");
        String lmm = reference("sleeppred.lmm").toString(), data = reference("sleeppred.new.csv").toString();
        MainTest.Run r = MainTest.run("predict", lmm, "--data", data, "--out", target.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals(8, Files.readAllLines(target).size()); // header + 7 rows
        Files.writeString(target, "mine");
        r = MainTest.run("predict", lmm, "--data", data, "--out", target.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("exists; lmm does not overwrite files"), r.err());
        assertEquals("mine", Files.readString(target));
    }
}
