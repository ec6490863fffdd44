package lmm.fit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import lmm.data.DataCache;
import lmm.model.BoundDocument;
import lmm.model.DesignMatrices;
import lmm.model.DocumentBinder;
import lmm.syntax.Parser;

/** Not a unit test: the deviance set-up's steps, each timed, cold (first model of an .lmm file). */
public final class SetupPhases {
    public static void main(String[] args) throws Exception {
        DenseCholesky.startLoading(); // as the command line does
        Path file = Path.of(args[0]);
        long a = System.nanoTime();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        var tree = Parser.parse(text);
        long b0 = System.nanoTime();
        if (args.length > 1) {
            lmm.data.CsvLoader.load(Path.of(args[1]));
            System.out.printf(Locale.ROOT, "csv alone %.3f ", (System.nanoTime() - b0) / 1e9);
        }
        long b = System.nanoTime();
        BoundDocument doc = DocumentBinder.bind(tree, file.toAbsolutePath().getParent(), new DataCache()::load);
        long c = System.nanoTime();
        DesignMatrices d = doc.models().get(0).bound().matrices();
        long t0 = System.nanoTime();
        DesignScaling scaling = new DesignScaling(d);
        DesignMatrices scaled = scaling.scaled();
        long t1 = System.nanoTime();
        CrossProducts cross = new CrossProducts(scaling.scaledLayout().terms(), scaled.x(), scaled.y());
        long t2 = System.nanoTime();
        FirstTerm first = FirstTerm.of(cross);
        long t3 = System.nanoTime();
        int[] levels = DensePanel.chooseLevels(cross);
        long t35 = System.nanoTime();
        BlockPattern pattern = new BlockPattern(cross, first, true, levels, true);
        long t4 = System.nanoTime();
        System.out.printf(Locale.ROOT, "chooseLevels %.3f (%d) ", (t35 - t3) / 1e9, levels.length);
        BlockedFactor factor = new BlockedFactor(cross, pattern, scaling.scaledLayout(), DenseCholesky.defaultImplementation(), true);
        long t5 = System.nanoTime();
        System.out.printf(Locale.ROOT, "parse %.3f bind(read) %.3f matrices %.3f scaling %.3f cross %.3f first %.3f pattern %.3f factor %.3f%n",
                (b - a) / 1e9, (c - b) / 1e9, (t0 - c) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9);
        if (factor.panelRows() < 0) System.out.println();
        if (args.length > 2) {
            // warm: the pattern with and without the update summed by class, best of several
            for (boolean byClass : new boolean[] {false, true, false, true}) {
                double best = Double.POSITIVE_INFINITY;
                for (int r = 0; r < Integer.parseInt(args[2]); r++) {
                    CrossProducts c2 = new CrossProducts(scaling.scaledLayout().terms(), scaled.x(), scaled.y());
                    long u = System.nanoTime();
                    new BlockPattern(c2, first, true, levels, byClass);
                    best = Math.min(best, (System.nanoTime() - u) / 1e6);
                }
                System.out.printf(Locale.ROOT, "pattern byClass=%s %.1f ms%n", byClass, best);
            }
        }
    }
}
