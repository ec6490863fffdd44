package lmm.analysis;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import lmm.data.DataCache;
import lmm.fit.FitOptions;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random formulas over a small table with numeric, categorical and missing values go through the
 * whole pipeline (parse, bind, fit, report). Whatever the formula, the answer is a result or a
 * diagnostic, never an exception.
 */
class PipelineFuzzTest {
    @TempDir Path dir;

    private static final List<String> ATOMS = List.of("x", "z", "f", "g", "h", "y", "w", "1", "0", "log(x + 1)", "I(z^2)",
            "factor(k)", "sqrt(w)", "exp(z)", "nope", "2", "k", "x:f", "f*g", "(x + z)^2", "g/h", "-1");
    private static final List<String> GROUPS = List.of("g", "h", "g/h", "g:h", "f", "k", "x", "nope", "g:f", "(g)");

    @Test
    void randomFormulasNeverThrow() throws IOException {
        Random rnd = new Random(42);
        StringBuilder csv = new StringBuilder("y,x,z,w,f,g,h,k\n");
        for (int i = 0; i < 60; i++) {
            csv.append(i == 7 ? "NA" : String.format("%.3f", rnd.nextGaussian() + i % 5)).append(',')
               .append(String.format("%.2f", rnd.nextDouble() * 10)).append(',')
               .append(i == 11 ? "" : String.format("%.2f", rnd.nextGaussian())).append(',')
               .append(String.format("%.2f", -1 + rnd.nextDouble() * 3)).append(',')
               .append("abc".charAt(i % 3)).append(',')
               .append("G").append(i % 6).append(',')
               .append("h").append(i % 2).append(',')
               .append(i % 4).append('\n');
        }
        Files.writeString(dir.resolve("d.csv"), csv);
        DataCache cache = new DataCache();
        for (int round = 0; round < 300; round++) {
            StringBuilder f = new StringBuilder(rnd.nextInt(8) == 0 ? "log(y)" : "y").append(" ~ ");
            int terms = 1 + rnd.nextInt(4);
            for (int t = 0; t < terms; t++) {
                if (t > 0) f.append(rnd.nextInt(5) == 0 ? " - " : " + ");
                if (rnd.nextInt(3) == 0) {
                    f.append('(').append(ATOMS.get(rnd.nextInt(ATOMS.size()))).append(rnd.nextBoolean() ? " | " : " || ")
                     .append(GROUPS.get(rnd.nextInt(GROUPS.size()))).append(')');
                } else {
                    f.append(ATOMS.get(rnd.nextInt(ATOMS.size())));
                }
            }
            String text = "data \"d.csv\"\n" + (rnd.nextBoolean() ? "method ML\n" : "") + "model m = " + f + "\n";
            if (rnd.nextInt(6) == 0) {
                int cut = rnd.nextInt(text.length());
                text = text.substring(0, cut) + text.substring(Math.min(text.length(), cut + 1 + rnd.nextInt(3)));
            }
            String doc = text;
            try {
                BoundDocument bound = DocumentBinder.bind(Parser.parse(doc), dir, cache::load);
                for (ModelEntry m : bound.models()) {
                    ModelFits.Outcome o = ModelFits.fit(m, FitOptions.defaults().withMaxEvaluations(2000));
                    if (o.ok()) {
                        assertNotNull(ResultJson.model(m, o.result()));
                        assertNotNull(TextSummary.render(m, o.result(), true, TextSummary.DEFAULT_ROWS));
                        MatrixTables.z(m.bound(), 5, 5).markdown();
                    }
                }
            } catch (RuntimeException e) {
                throw new AssertionError("pipeline threw on:\n" + doc, e);
            }
        }
    }
}
