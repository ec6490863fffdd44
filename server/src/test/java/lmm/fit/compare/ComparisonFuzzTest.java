package lmm.fit.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import lmm.analysis.ComparisonRun;
import lmm.analysis.ModelFits;
import lmm.data.CsvLoader;
import lmm.data.DataCache;
import lmm.data.DataTable;
import lmm.fit.FitOptions;
import lmm.fit.Predictions;
import lmm.model.BoundComparison;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.ModelEntry;
import lmm.model.NewData;
import lmm.syntax.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random compare lines between random models, and predictions of each model for new rows with new
 * levels, unknown levels and missing values: every outcome is a table, a located diagnostic or a
 * NewData.Problem with a message, never an exception; and a table's rows hold R's invariants.
 */
class ComparisonFuzzTest {
    @TempDir Path dir;

    private static final List<String> FIXED = List.of("1", "x", "z", "f", "x + z", "x * f", "log(w + 2)", "I(z^2) + x", "0 + f", "nope");
    private static final List<String> RANDOM = List.of("", "", " + (1 | g)", " + (x | g)", " + (x || g)", " + (1 | g/h)", " + (1 | g:h)",
            " + (1 | g) + (1 | h)", " + (1 | nope)");

    /** Nested by construction: each model of a chain adds to the one before. */
    private static final List<String> CHAIN = List.of("y ~ 1", "y ~ x", "y ~ x + (1 | g)", "y ~ x + f + (1 | g)", "y ~ x + f + (x | g)",
            "y ~ x + f + (x | g) + (1 | g:h)");

    @Test
    void randomComparisonsAndPredictionsNeverThrow() throws IOException {
        Random rnd = new Random(7);
        StringBuilder csv = new StringBuilder("y,x,z,w,f,g,h\n");
        for (int i = 0; i < 48; i++) {
            csv.append(i == 5 ? "NA" : String.format("%.3f", rnd.nextGaussian() + i % 4)).append(',')
               .append(String.format("%.2f", rnd.nextDouble() * 10)).append(',')
               .append(i == 9 ? "" : String.format("%.2f", rnd.nextGaussian())).append(',')
               .append(String.format("%.2f", rnd.nextDouble() * 3)).append(',')
               .append("abc".charAt(i % 3)).append(",G").append(i % 6).append(",h").append(i % 2).append('\n');
        }
        Files.writeString(dir.resolve("d.csv"), csv);
        Files.writeString(dir.resolve("new.csv"), "x,z,w,f,g,h\n1,0.5,1,a,G1,h0\n2,NA,1,b,G9,h1\n3,1,2,c,NA,h0\n4,1,2,q,G2,h1\n");
        DataTable fresh;
        try {
            fresh = CsvLoader.load(dir.resolve("new.csv"));
        } catch (lmm.data.DataException e) {
            throw new AssertionError(e);
        }
        int tables = 0, refused = 0, predicted = 0;
        for (int round = 0; round < 60; round++) {
            int k = 2 + rnd.nextInt(2);
            StringBuilder text = new StringBuilder("data \"d.csv\"\n");
            if (rnd.nextBoolean()) text.append("method ML\n");
            StringBuilder compare = new StringBuilder("compare ");
            int from = rnd.nextInt(CHAIN.size() - k + 1);
            for (int i = 0; i < k; i++) {
                if (round % 2 == 0) text.append("model m").append(i).append(" = ").append(CHAIN.get(from + i)).append('\n');
                else text.append("model m").append(i).append(" = y ~ ").append(FIXED.get(rnd.nextInt(FIXED.size())))
                        .append(RANDOM.get(rnd.nextInt(RANDOM.size()))).append('\n');
                compare.append(i > 0 ? ", " : "").append(rnd.nextInt(10) == 0 ? "mm" : "m" + i);
            }
            text.append(compare).append('\n');
            BoundDocument doc = DocumentBinder.bind(Parser.parse(text.toString()), dir, new DataCache()::load);
            for (BoundComparison c : doc.comparisons()) {
                ComparisonRun run = ComparisonRun.of(c, new MaximumLikelihoodFits(FitOptions.defaults()));
                if (run.result() == null) { refused++; continue; }
                tables++;
                ComparisonResult r = run.result();
                assertEquals(c.models().size(), r.lrt().size() + r.f().size(), text::toString);
                for (int i = 1; i < r.lrt().size(); i++) {
                    var row = r.lrt().get(i);
                    assertTrue(row.chisq() >= 0 && row.df() > 0 && row.p() >= 0 && row.p() <= 1, text::toString);
                    assertTrue(row.npar() > r.lrt().get(i - 1).npar(), text::toString);
                }
            }
            for (ModelEntry m : doc.models()) {
                if (m.bound() == null) continue;
                try {
                    NewData nd = NewData.of(m, fresh, "new.csv");
                    ModelFits.Outcome o = ModelFits.fit(m, FitOptions.defaults());
                    if (!o.ok()) continue;
                    Predictions p = Predictions.of(o.result(), nd);
                    assertEquals(4, p.population().length);
                    assertTrue(Double.isNaN(p.population()[1]) == nd.missing()[1], text::toString);
                    predicted++;
                } catch (NewData.Problem e) {
                    assertTrue(e.getMessage().startsWith("new.csv: ") || e.getMessage().startsWith("the training data: "), e.getMessage());
                }
            }
        }
        assertTrue(tables > 5 && refused > 5 && predicted > 5, tables + " tables, " + refused + " refused, " + predicted + " predicted");
    }
}
