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
 * Not a unit test: the dense-block fill of the first model of an .lmm file alone, on one thread,
 * timed by the thread's CPU time (less sensitive to a loaded machine than wall time), best of
 * {@code reps}. Usage: {@code java -cp ... lmm.fit.FillBench FILE.lmm [reps]}
 */
public final class FillBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file, StandardCharsets.UTF_8)),
                file.toAbsolutePath().getParent(), new DataCache()::load);
        DesignMatrices d = doc.models().get(0).bound().matrices();
        DesignScaling scaling = new DesignScaling(d);
        CrossProducts cross = new CrossProducts(scaling.scaledLayout().terms(), scaling.scaled().x(), scaling.scaled().y());
        BlockPattern pattern = new BlockPattern(cross, FirstTerm.of(cross), false);
        DenseBlockFill fill = new DenseBlockFill(cross, pattern);
        double[] m = new double[cross.s * cross.s];
        double[] w = new double[cross.levels1];
        for (int g = 0; g < w.length; g++) w[g] = 0.25 / (0.25 * cross.firstGram[g][0] + 1);
        double[] scale = new double[cross.s];
        Arrays.fill(scale, 0.7);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < reps; r++) {
            long t0 = bean.getCurrentThreadCpuTime();
            fill.fill(m, w, scale, false);
            best = Math.min(best, (bean.getCurrentThreadCpuTime() - t0) / 1e6);
        }
        System.out.printf(Locale.ROOT, "fill on one thread: %.1f ms CPU (best of %d), %d multiply-adds, %.2f ns each%n",
                best, reps, pattern.updateWork, best * 1e6 / pattern.updateWork);
    }
}
