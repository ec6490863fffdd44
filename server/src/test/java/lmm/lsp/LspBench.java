package lmm.lsp;

import static lmm.lsp.LspHarness.doc;
import static lmm.lsp.LspHarness.pos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import lmm.analysis.DocumentSnapshot;
import lmm.analysis.Fixtures;
import lmm.analysis.LmmDiagnostics;
import lmm.data.DataCache;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Range;

/**
 * Not a unit test: the language server's response times through the protocol (JSON-RPC over pipes,
 * as in the end-to-end tests) on a document whose data has 100 000 rows, once the data is loaded:
 * hover, completion, hover right after an edit (re-analysis included), the diagnostics of one
 * keystroke (parse + bind the 100 000 rows + convert; the work done after the 150 ms debounce), and
 * the dung fit from the lens, warm. Medians of many runs. See docs/performance.md.
 *
 * <pre>
 * mvn -q -B -o test-compile -pl server
 * mvn -q -B dependency:build-classpath -pl server -Dmdep.outputFile=/tmp/lmm-cp.txt
 * java -cp server/target/classes:server/target/test-classes:$(cat /tmp/lmm-cp.txt) lmm.lsp.LspBench [runs]
 * </pre>
 */
public final class LspBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Files.createTempDirectory("lmm-lsp-bench");
        Fixtures.dungDir(dir);
        long t0 = System.nanoTime();
        Generated.csv(dir.resolve("big.csv"), 100_000, 50, 30);
        System.out.printf(Locale.ROOT, "generated big.csv (100000 rows × 4 columns) in %.0f ms%n", ms(System.nanoTime() - t0));
        String text = "data \"big.csv\"\nfactor h\nmodel m = y ~ x + (1 | g)\nmodel m2 = y ~ x + h + (1 + x | g)\n# notes\n";

        try (LspHarness lsp = new LspHarness(null)) {
            var td = lsp.server.getTextDocumentService();
            t0 = System.nanoTime();
            String uri = lsp.open(dir.resolve("big.lmm"), text);
            lsp.client.awaitDiagnostics(uri, p -> true, 60_000);
            System.out.printf(Locale.ROOT, "open + first diagnostics (reads the CSV): %.0f ms%n", ms(System.nanoTime() - t0));

            double[] hover = time(runs, () -> td.hover(new HoverParams(doc(uri), pos(2, 16))).get(10, TimeUnit.SECONDS));
            double[] completion = time(runs, () -> td.completion(new CompletionParams(doc(uri), pos(2, 14))).get(10, TimeUnit.SECONDS));
            int[] flip = {0};
            double[] editHover = time(Math.max(20, runs / 4), () -> {
                // type in the notes line (alternately add and remove a letter), then hover: the re-analysis is in the answer
                if (flip[0]++ % 2 == 0) lsp.edit(uri, new Range(pos(4, 7), pos(4, 7)), "s");
                else lsp.edit(uri, new Range(pos(4, 7), pos(4, 8)), "");
                td.hover(new HoverParams(doc(uri), pos(2, 16))).get(10, TimeUnit.SECONDS);
            });

            // diagnostics of one keystroke, in process: the work the debounced re-analysis does
            DataCache cache = new DataCache();
            cache.load(dir.resolve("big.csv"));
            DocumentSnapshot base = DocumentSnapshot.analyse(uri, dir, text, 1, cache::load);
            double[] outside = keystroke(runs / 2, base, text.replace("# notes", "# notes."), cache, dir);
            double[] inModel = keystroke(runs / 2, base, text.replace("y ~ x + (1 | g)", "y ~ I(x) + (1 | g)"), cache, dir);
            double[] inHeavy = keystroke(runs / 4, base, text.replace("y ~ x + h +", "y ~ I(x) + h +"), cache, dir);
            double[] fresh = time(runs / 4, () -> LmmDiagnostics.compute(DocumentSnapshot.analyse(uri, dir, text, 2, cache::load)));

            String dung = lsp.open(dir.resolve("dung.lmm"));
            lsp.client.awaitDiagnostics(dung, p -> true, 60_000);
            double[] fit = time(Math.max(30, runs / 4), () -> lsp.server.getWorkspaceService()
                    .executeCommand(new ExecuteCommandParams("lmm.fit", List.of(dung, "blocks"))).get(30, TimeUnit.SECONDS));

            report("hover (100 000 rows, cached analysis)", hover);
            report("completion (100 000 rows)", completion);
            report("hover right after a keystroke (re-analysis included)", editHover);
            report("diagnostics of a keystroke outside the models", outside);
            report("diagnostics of a keystroke in model m (y ~ x + (1 | g) re-bound)", inModel);
            report("diagnostics of a keystroke in model m2 (X 100000 × 31 re-bound)", inHeavy);
            report("diagnostics from scratch (both models bound)", fresh);
            report("dung fit from the lens (lmm.fit, warm)", fit);
        }
        System.exit(0); // LSP4J's reader threads are not daemons
    }

    /** Re-analysis of an edited text from the analysis before the edit, plus the diagnostics' conversion. */
    static double[] keystroke(int runs, DocumentSnapshot before, String edited, DataCache cache, Path dir) throws Exception {
        return time(runs, () -> LmmDiagnostics.compute(DocumentSnapshot.analyse(before.uri(), dir, edited, 2, cache::load, before)));
    }

    interface Body {
        void run() throws Exception;
    }

    static double[] time(int runs, Body body) throws Exception {
        for (int i = 0; i < Math.min(20, runs); i++) body.run(); // warm-up
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long a = System.nanoTime();
            body.run();
            t[i] = ms(System.nanoTime() - a);
        }
        Arrays.sort(t);
        return t;
    }

    static void report(String what, double[] sorted) {
        System.out.printf(Locale.ROOT, "%-72s median %7.2f ms   p90 %7.2f ms   (n=%d)%n", what, sorted[sorted.length / 2],
                sorted[(int) (sorted.length * 0.9)], sorted.length);
    }

    static double ms(long nanos) { return nanos / 1e6; }
}
