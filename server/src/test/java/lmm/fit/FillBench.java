package lmm.fit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import lmm.data.DataCache;
import lmm.model.BoundDocument;
import lmm.model.DesignMatrices;
import lmm.model.DocumentBinder;
import lmm.syntax.Parser;

/**
 * Not a unit test: the dense-block fill of the first model of an .lmm file alone, timed by the
 * thread's CPU time (less sensitive to a loaded machine than wall time) and by wall time (the BLAS
 * panel runs on BLAS's own threads), best of {@code reps}. Usage:
 * {@code java -cp ... lmm.fit.FillBench FILE.lmm [reps] [panel] [threads]}, panel {@code auto} (the
 * fit's own choice, the default), {@code scatter} (the same panel, the update never summed by class), {@code none} (every level scattered) or a density d (the levels
 * with at least d · s columns in the panel); threads 1 (the default) or 2.
 */
public final class FillBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String panelArg = args.length > 2 ? args[2] : "auto";
        boolean two = args.length > 3 && args[3].equals("2");
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file, StandardCharsets.UTF_8)),
                file.toAbsolutePath().getParent(), new DataCache()::load);
        DesignMatrices d = doc.models().get(0).bound().matrices();
        DesignScaling scaling = new DesignScaling(d);
        CrossProducts cross = new CrossProducts(scaling.scaledLayout().terms(), scaling.scaled().x(), scaling.scaled().y());
        // Several panel choices (comma-separated) are timed in turn, round after round: an A/B in the same seconds.
        String[] choices = panelArg.split(",");
        int nc = choices.length;
        BlockPattern[] patterns = new BlockPattern[nc];
        DensePanel[] panels = new DensePanel[nc];
        DenseBlockFill[] fills = new DenseBlockFill[nc];
        for (int k = 0; k < nc; k++) {
            // a pattern takes its cross-products' Gram matrix: one each
            if (k > 0) cross = new CrossProducts(scaling.scaledLayout().terms(), scaling.scaled().x(), scaling.scaled().y());
            int[] panelLevels = switch (choices[k]) {
                case "auto", "scatter" -> DensePanel.chooseLevels(cross);
                case "none" -> new int[0];
                default -> DensePanel.atLeast(cross.crossCols, cross.s, Double.parseDouble(choices[k]));
            };
            patterns[k] = new BlockPattern(cross, FirstTerm.of(cross), two, panelLevels, !choices[k].equals("scatter"));
            panels[k] = new DensePanel(cross.s, cross.k1, patterns[k].panelLevels);
            fills[k] = new DenseBlockFill(cross, patterns[k], panels[k]);
        }
        double[] m = new double[cross.s * cross.s];
        double[] w = new double[cross.levels1];
        for (int g = 0; g < w.length; g++) w[g] = 0.25 / (0.25 * cross.firstGram[g][0] + 1);
        double[] scale = new double[cross.s];
        Arrays.fill(scale, 0.7);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        double[] best = new double[nc];
        double[] bestWall = new double[nc];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        Arrays.fill(bestWall, Double.POSITIVE_INFINITY);
        double[] checksum = new double[nc];
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < nc; k++) {
                long t0 = bean.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                fills[k].fill(m, w, scale, two);
                bestWall[k] = Math.min(bestWall[k], (System.nanoTime() - w0) / 1e6);
                best[k] = Math.min(best[k], (bean.getCurrentThreadCpuTime() - t0) / 1e6);
                if (r < reps - 1) continue; // the checksum's pass over the block would evict it between timed fills
                double sum = 0;
                for (int i = 0; i < cross.s; i++) for (int j = 0; j <= i; j++) sum += m[i * cross.s + j] * (1 + (i + 2 * j) % 7);
                checksum[k] = sum;
            }
        }
        for (int k = 0; k < nc; k++) {
            System.out.printf(Locale.ROOT, "fill panel=%s (%s thread%s, s %d): %.1f ms CPU of this thread, %.1f ms wall (best of %d); "
                            + "%d levels in the panel (%d rows), %d scattered multiply-adds; checksum %.12e%n",
                    choices[k], two ? "two" : "one", two ? "s" : "", cross.s, best[k], bestWall[k], reps,
                    patterns[k].panelLevels.length, panels[k].rows(), patterns[k].updateWork, checksum[k]);
        }
    }
}
