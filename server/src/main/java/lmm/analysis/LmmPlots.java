package lmm.analysis;

import java.util.List;
import lmm.analysis.plot.ResultPlots;

/** The plots of a fit as SVG documents ({@link ResultPlots}): residuals vs fitted, QQ, a caterpillar per grouping factor. */
public final class LmmPlots {
    private LmmPlots() {}

    public record Plot(String name, String title, String svg) {}

    public static List<Plot> render(StoredFit fit) {
        if (fit == null || fit.result() == null || fit.entry().bound() == null) return List.of();
        return ResultPlots.render(fit.entry().bound(), fit.result()).stream().map(p -> new Plot(p.name(), p.title(), p.svg())).toList();
    }
}
