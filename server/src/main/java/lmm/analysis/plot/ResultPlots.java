package lmm.analysis.plot;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import lmm.analysis.Num;
import lmm.fit.FitResult;
import lmm.fit.RandomEffects;
import lmm.model.BoundModel;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * The plots people look at after a fit, as self-contained SVG 1.1 text: residuals against fitted
 * values, a normal QQ plot of the scaled residuals, and a caterpillar plot of the conditional modes
 * u of each grouping factor (one panel per term). See docs/plots.md for how to read them.
 *
 * <p>Large fits stay small: above {@value #MAX_POINTS} rows the residual plot bins the points into
 * a density grid and the QQ plot draws a deterministic subset of the order statistics (all of the
 * tails); the subtitle says so. Caterpillar plots drop level labels past {@value #MAX_LABELLED_LEVELS}
 * levels.
 *
 * <p>The caterpillar plot draws ±1.96 conditional SDs around each mode ({@link FitResult#ranefSd()},
 * lme4's condVar); for models too large to compute those cheaply it shows the modes only.
 */
public final class ResultPlots {
    private ResultPlots() {}

    /** One rendered plot: {@code name} is a stable identifier ("qq"), {@code svg} the whole document. */
    public record Plot(String name, String title, String svg) {}

    static final int MAX_POINTS = 5000;
    static final int MAX_LABELLED_LEVELS = 60;
    static final int GRID_COLUMNS = 120;
    static final int GRID_ROWS = 80;
    /** Order statistics kept at each end of a subsampled QQ plot. */
    static final int QQ_TAIL = 250;
    /** Order statistics kept, evenly spaced in rank, between the tails of a subsampled QQ plot. */
    static final int QQ_MIDDLE = 2000;

    private static final double W = 640, H = 480;
    private static final double LEFT = 78, RIGHT = 24, TOP = 72, BOTTOM = 52;

    /** All plots for one fitted model: residuals-fitted, qq, then caterpillar-&lt;group&gt; per grouping factor. */
    public static List<Plot> render(BoundModel model, FitResult result) {
        List<Plot> out = new ArrayList<>();
        String subject = model.name() + ": " + model.formulaText();
        int[] rows = model.rows();
        out.add(residualsVsFitted(subject, result.fitted(), result.residuals(), rows));
        out.add(qq(subject, result.residuals(), result.sigma(), rows));
        List<RandomEffects> modes = result.ranef(), sds = result.ranefSd();
        for (int g = 0; g < modes.size(); g++) {
            out.add(caterpillar(subject, modes.get(g), g < sds.size() ? sds.get(g).values() : null));
        }
        return out;
    }

    // ---------------------------------------------------------------- residuals vs fitted

    static Plot residualsVsFitted(String subject, double[] fitted, double[] residuals, int[] rows) {
        int n = fitted.length;
        String title = "Residuals vs fitted";
        Svg svg = new Svg(W, H, title + " — " + subject);
        double[] xr = Scale.range(fitted), yr = Scale.range(residuals, 0);
        Scale x = Scale.padded(xr[0], xr[1], LEFT, W - RIGHT);
        Scale y = Scale.padded(yr[0], yr[1], H - BOTTOM, TOP);
        String note = n > MAX_POINTS
                ? count(n) + " points binned into a " + GRID_COLUMNS + " × " + GRID_ROWS + " density grid (darker: more points)"
                : count(n) + " points";
        header(svg, title, subject, note);
        frame(svg, x, y, "Fitted values", "Residuals");
        svg.line(x.pixelLo, y.map(0), x.pixelHi, y.map(0), Svg.LINE, 1, "stroke-dasharray=\"5 3\"");
        if (n > MAX_POINTS) {
            density(svg, x, y, fitted, residuals);
        } else {
            svg.open("g", "fill=\"" + Svg.POINT + "\" fill-opacity=\"0.75\" stroke=\"none\"");
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(fitted[i]) || !Double.isFinite(residuals[i])) continue;
                svg.circle(x.map(fitted[i]), y.map(residuals[i]), 3,
                        "row " + rowLabel(rows, i) + ": fitted " + Num.format(fitted[i]) + ", residual " + Num.format(residuals[i]));
            }
            svg.close("g");
        }
        return new Plot("residuals-fitted", title, svg.finish());
    }

    /** Counts of points per cell of a GRID_COLUMNS × GRID_ROWS grid over the plot area, drawn as shaded rects. */
    private static void density(Svg svg, Scale x, Scale y, double[] xs, double[] ys) {
        int[][] counts = new int[GRID_ROWS][GRID_COLUMNS];
        int max = 0;
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) continue;
            int c = cell((xs[i] - x.lo) / (x.hi - x.lo), GRID_COLUMNS);
            int r = cell((ys[i] - y.lo) / (y.hi - y.lo), GRID_ROWS);
            max = Math.max(max, ++counts[r][c]);
        }
        double cw = (x.pixelHi - x.pixelLo) / GRID_COLUMNS, ch = (y.pixelLo - y.pixelHi) / GRID_ROWS;
        double logMax = Math.log1p(max);
        svg.open("g", "fill=\"" + Svg.POINT + "\" stroke=\"none\"");
        for (int r = 0; r < GRID_ROWS; r++) {
            for (int c = 0; c < GRID_COLUMNS; c++) {
                if (counts[r][c] == 0) continue;
                double opacity = 0.15 + 0.85 * Math.log1p(counts[r][c]) / logMax;
                svg.rect(x.pixelLo + c * cw, y.pixelLo - (r + 1) * ch, cw, ch, Svg.POINT,
                        "fill-opacity=\"" + Svg.num(opacity) + "\"");
            }
        }
        svg.close("g");
    }

    private static int cell(double fraction, int cells) {
        return Math.max(0, Math.min(cells - 1, (int) Math.floor(fraction * cells)));
    }

    // ---------------------------------------------------------------- normal QQ

    /** The points of a normal QQ plot and its qqline. */
    record QQ(double[] theoretical, double[] sample, int[] order, double intercept, double slope) {}

    /** R's ppoints(n): (i − a)/(n + 1 − 2a), a = 3/8 for n ≤ 10, else 1/2. */
    static double[] ppoints(int n) {
        double a = n <= 10 ? 3.0 / 8 : 0.5;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) p[i] = (i + 1 - a) / (n + 1 - 2 * a);
        return p;
    }

    /**
     * As R's qqnorm(e / sigma) and qqline: sorted scaled residuals against qnorm(ppoints(n)); the line
     * through the first and third quartiles (R's quantile type 7) of the sample against qnorm(0.25, 0.75).
     * {@code order[i]} is the index (into the residuals) of the i-th smallest.
     */
    static QQ qqPoints(double[] residuals, double sigma) {
        double scale = sigma > 0 && Double.isFinite(sigma) ? sigma : 1;
        int n = 0;
        for (double r : residuals) if (Double.isFinite(r)) n++;
        Integer[] idx = new Integer[n];
        int k = 0;
        for (int i = 0; i < residuals.length; i++) if (Double.isFinite(residuals[i])) idx[k++] = i;
        Arrays.sort(idx, Comparator.comparingDouble(i -> residuals[i]));
        NormalDistribution normal = new NormalDistribution(0, 1);
        double[] p = ppoints(n);
        double[] theo = new double[n], sample = new double[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            theo[i] = normal.inverseCumulativeProbability(p[i]);
            sample[i] = residuals[idx[i]] / scale;
            order[i] = idx[i];
        }
        double intercept = 0, slope = 1;
        if (n >= 2) {
            double q1 = quantile7(sample, 0.25), q3 = quantile7(sample, 0.75);
            double z1 = normal.inverseCumulativeProbability(0.25), z3 = normal.inverseCumulativeProbability(0.75);
            slope = (q3 - q1) / (z3 - z1);
            intercept = q1 - slope * z1;
        }
        return new QQ(theo, sample, order, intercept, slope);
    }

    /** R's quantile(x, prob, type = 7) of sorted x. */
    static double quantile7(double[] sorted, double prob) {
        double h = (sorted.length - 1) * prob;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    static Plot qq(String subject, double[] residuals, double sigma, int[] rows) {
        QQ q = qqPoints(residuals, sigma);
        int n = q.sample().length;
        String title = "Normal QQ plot of the residuals";
        Svg svg = new Svg(W, H, title + " — " + subject);
        double[] xr = Scale.range(q.theoretical()), yr = Scale.range(q.sample());
        Scale x = Scale.padded(xr[0], xr[1], LEFT, W - RIGHT);
        Scale y = Scale.padded(yr[0], yr[1], H - BOTTOM, TOP);
        int[] shown = qqSubset(n);
        String note = shown.length < n
                ? "showing " + count(shown.length) + " of " + count(n) + " order statistics (every one in the tails)"
                : count(n) + " residuals";
        header(svg, title, subject, note);
        frame(svg, x, y, "Theoretical normal quantiles", "Scaled residuals (e / σ)");
        // qqline, clipped to the plot area
        double xa = x.lo, xb = x.hi;
        double ya = q.intercept() + q.slope() * xa, yb = q.intercept() + q.slope() * xb;
        svg.raw("<clipPath id=\"qq-area\"><rect x=\"" + Svg.num(x.pixelLo) + "\" y=\"" + Svg.num(y.pixelHi) + "\" width=\""
                + Svg.num(x.pixelHi - x.pixelLo) + "\" height=\"" + Svg.num(y.pixelLo - y.pixelHi) + "\"/></clipPath>\n");
        svg.line(x.map(xa), y.map(ya), x.map(xb), y.map(yb), Svg.LINE, 1.2, "clip-path=\"url(#qq-area)\"");
        boolean tooltips = n <= MAX_POINTS;
        svg.open("g", "fill=\"" + Svg.POINT + "\" fill-opacity=\"0.75\" stroke=\"none\"");
        for (int i : shown) {
            svg.circle(x.map(q.theoretical()[i]), y.map(q.sample()[i]), 3,
                    tooltips ? "row " + rowLabel(rows, q.order()[i]) + ": " + Num.format(q.sample()[i]) : null);
        }
        svg.close("g");
        return new Plot("qq", title, svg.finish());
    }

    /** Ranks drawn: all when n ≤ MAX_POINTS, else QQ_TAIL at each end and QQ_MIDDLE evenly spaced between. */
    static int[] qqSubset(int n) {
        if (n <= MAX_POINTS) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < QQ_TAIL; i++) out.add(i);
        int from = QQ_TAIL, to = n - QQ_TAIL; // middle ranks [from, to)
        int last = -1;
        for (int j = 0; j < QQ_MIDDLE; j++) {
            int r = from + (int) Math.round((double) j * (to - 1 - from) / (QQ_MIDDLE - 1));
            if (r != last) out.add(r);
            last = r;
        }
        for (int i = n - QQ_TAIL; i < n; i++) out.add(i);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    // ---------------------------------------------------------------- caterpillar

    /**
     * Conditional modes of one grouping factor, levels sorted by the first term's value (lowest at the
     * bottom), one panel per term. {@code conditionalSd} (may be null) is [level][term]; when given,
     * each dot gets a ±1.96·SD interval.
     */
    static Plot caterpillar(String subject, RandomEffects re, double[][] conditionalSd) {
        double[][] values = re.values();
        List<String> levels = re.levels();
        List<String> terms = re.terms();
        int m = levels.size(), k = terms.size();
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> values[i][0]).thenComparing(i -> i));
        boolean labelled = m <= MAX_LABELLED_LEVELS;
        double plotHeight = labelled ? Math.max(90, 18.0 * m) : Math.max(300, Math.min(700, 2.0 * m));
        double rowHeight = plotHeight / Math.max(1, m);
        int longest = 0;
        for (String l : levels) longest = Math.max(longest, Math.min(28, l.codePointCount(0, l.length())));
        double labelWidth = labelled ? Math.max(30, 7 * longest + 12) : 20;
        double gap = 24, panelWidth = k == 1 ? Math.max(420, W - 16 - labelWidth - RIGHT) : 300;
        double left = 16 + labelWidth, top = TOP + (k > 1 ? 18 : 0);
        double width = Math.max(W, left + k * panelWidth + (k - 1) * gap + RIGHT);
        double height = top + plotHeight + BOTTOM;
        String title = "Conditional modes u: " + re.group();
        Svg svg = new Svg(width, height, title + " — " + subject);
        String note = count(m) + " level" + (m == 1 ? "" : "s") + (k > 1 ? ", sorted by " + terms.get(0) : ", sorted by u")
                + (conditionalSd == null ? "; modes only, no intervals" : "; bars: ±1.96 conditional SD")
                + (labelled ? "" : "; level labels omitted above " + MAX_LABELLED_LEVELS + " levels");
        header(svg, title, subject, note);
        double bottom = top + plotHeight;
        for (int t = 0; t < k; t++) {
            double px = left + t * (panelWidth + gap);
            double[] col = new double[m];
            double[] extra = new double[conditionalSd == null ? 1 : 2 * m + 1];
            for (int i = 0; i < m; i++) col[i] = values[i][t];
            if (conditionalSd != null) {
                for (int i = 0; i < m; i++) {
                    extra[2 * i] = values[i][t] - 1.96 * conditionalSd[i][t];
                    extra[2 * i + 1] = values[i][t] + 1.96 * conditionalSd[i][t];
                }
            }
            extra[extra.length - 1] = 0;
            double[] r = Scale.range(col, extra);
            Scale x = Scale.padded(r[0], r[1], px, px + panelWidth);
            if (k > 1) svg.text(px + panelWidth / 2, top - 6, terms.get(t), "middle", "font-weight=\"bold\" fill=\"" + Svg.INK + '"');
            svg.rect(px, top, panelWidth, plotHeight, "none", "stroke=\"" + Svg.MUTED + "\" stroke-width=\"1\"");
            xAxis(svg, x, bottom, top, "u: " + terms.get(t));
            if (labelled) {
                for (int row = 0; row < m; row++) {
                    double cy = bottom - (row + 0.5) * rowHeight;
                    svg.line(px, cy, px + panelWidth, cy, Svg.GRID, 0.8, null);
                }
            }
            svg.line(x.map(0), top, x.map(0), bottom, Svg.LINE, 1, "stroke-dasharray=\"4 3\"");
            if (conditionalSd != null) {
                svg.open("g", "stroke=\"" + Svg.POINT + "\" stroke-width=\"1.2\"");
                for (int row = 0; row < m; row++) {
                    int lv = order[row];
                    double cy = bottom - (row + 0.5) * rowHeight;
                    double sd = conditionalSd[lv][t];
                    svg.line(x.map(values[lv][t] - 1.96 * sd), cy, x.map(values[lv][t] + 1.96 * sd), cy, Svg.POINT, labelled ? 1.5 : 0.8, null);
                }
                svg.close("g");
            }
            double radius = labelled ? 3.5 : Math.max(0.8, Math.min(2.5, rowHeight / 2));
            svg.open("g", "fill=\"" + Svg.POINT + "\" stroke=\"none\"");
            for (int row = 0; row < m; row++) {
                int lv = order[row];
                double cy = bottom - (row + 0.5) * rowHeight;
                svg.circle(x.map(values[lv][t]), cy, radius,
                        m <= MAX_POINTS ? levels.get(lv) + ": " + Num.format(values[lv][t]) : null);
            }
            svg.close("g");
        }
        if (labelled) {
            svg.open("g", "font-size=\"11\" fill=\"" + Svg.INK + "\" text-anchor=\"end\"");
            for (int row = 0; row < m; row++) {
                String label = levels.get(order[row]);
                if (label.codePointCount(0, label.length()) > 28) label = label.substring(0, label.offsetByCodePoints(0, 27)) + "…";
                svg.raw("<text x=\"" + Svg.num(left - 6) + "\" y=\"" + Svg.num(bottom - (row + 0.5) * rowHeight + 4) + "\">"
                        + Svg.escape(label) + "</text>\n");
            }
            svg.close("g");
        }
        return new Plot("caterpillar-" + re.group(), title, svg.finish());
    }

    // ---------------------------------------------------------------- shared pieces

    /** Title, then the model (cut to fit the width) and a note on what is drawn, one line each. */
    private static void header(Svg svg, String title, String subject, String note) {
        int fit = (int) ((svg.width() - 32) / 6.2);
        svg.text(16, 24, title, "start", "font-size=\"16\" font-weight=\"bold\" fill=\"" + Svg.INK + '"');
        svg.text(16, 42, cut(subject, fit), "start", "font-size=\"11\" fill=\"" + Svg.MUTED + '"');
        svg.text(16, 57, cut(note, fit), "start", "font-size=\"11\" fill=\"" + Svg.MUTED + '"');
    }

    /** At most {@code max} code points, with an ellipsis when cut. */
    static String cut(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) return s;
        return s.substring(0, s.offsetByCodePoints(0, Math.max(1, max - 1))) + "…";
    }

    /** Grid lines, box, tick labels and axis titles of an x–y plot. */
    private static void frame(Svg svg, Scale x, Scale y, String xTitle, String yTitle) {
        double[] xt = x.ticks(6), yt = y.ticks(6);
        String[] xl = Scale.labels(xt), yl = Scale.labels(yt);
        for (double t : xt) svg.line(x.map(t), y.pixelLo, x.map(t), y.pixelHi, Svg.GRID, 1, null);
        for (double t : yt) svg.line(x.pixelLo, y.map(t), x.pixelHi, y.map(t), Svg.GRID, 1, null);
        svg.rect(x.pixelLo, y.pixelHi, x.pixelHi - x.pixelLo, y.pixelLo - y.pixelHi, "none",
                "stroke=\"" + Svg.MUTED + "\" stroke-width=\"1\"");
        svg.open("g", "font-size=\"11\" fill=\"" + Svg.INK + "\"");
        for (int i = 0; i < xt.length; i++) {
            svg.line(x.map(xt[i]), y.pixelLo, x.map(xt[i]), y.pixelLo + 5, Svg.MUTED, 1, null);
            svg.text(x.map(xt[i]), y.pixelLo + 18, xl[i], "middle", null);
        }
        for (int i = 0; i < yt.length; i++) {
            svg.line(x.pixelLo - 5, y.map(yt[i]), x.pixelLo, y.map(yt[i]), Svg.MUTED, 1, null);
            svg.text(x.pixelLo - 8, y.map(yt[i]) + 4, yl[i], "end", null);
        }
        svg.close("g");
        svg.text((x.pixelLo + x.pixelHi) / 2, y.pixelLo + 40, xTitle, "middle", "font-size=\"13\" fill=\"" + Svg.INK + '"');
        svg.verticalText(18, (y.pixelLo + y.pixelHi) / 2, yTitle);
    }

    /** Ticks and labels along the bottom of a caterpillar panel, light vertical grid lines, and a title. */
    private static void xAxis(Svg svg, Scale x, double bottom, double top, String title) {
        double[] xt = x.ticks(5);
        String[] xl = Scale.labels(xt);
        svg.open("g", "font-size=\"11\" fill=\"" + Svg.INK + "\"");
        for (int i = 0; i < xt.length; i++) {
            svg.line(x.map(xt[i]), top, x.map(xt[i]), bottom, Svg.GRID, 1, null);
            svg.line(x.map(xt[i]), bottom, x.map(xt[i]), bottom + 5, Svg.MUTED, 1, null);
            svg.text(x.map(xt[i]), bottom + 18, xl[i], "middle", null);
        }
        svg.close("g");
        if (!title.isEmpty()) {
            svg.text((x.pixelLo + x.pixelHi) / 2, bottom + 40, title, "middle", "font-size=\"13\" fill=\"" + Svg.INK + '"');
        }
    }

    private static String rowLabel(int[] rows, int i) {
        return rows != null && i < rows.length ? Integer.toString(rows[i] + 1) : Integer.toString(i + 1);
    }

    private static String count(int n) {
        return NumberFormat.getIntegerInstance(Locale.ROOT).format(n);
    }
}
