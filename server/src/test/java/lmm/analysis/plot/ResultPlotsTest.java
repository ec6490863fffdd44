package lmm.analysis.plot;

import static lmm.analysis.plot.PlotFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import lmm.analysis.plot.ResultPlots.Plot;
import lmm.fit.FitResult;
import lmm.fit.RandomEffects;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ResultPlotsTest {
    /** R 4.x: print(qnorm(ppoints(18)), digits = 15). */
    static final double[] QNORM_PPOINTS_18 = {
        -1.9145058250555569, -1.3829941271006387, -1.0853249080767589, -0.8616341201741723, -0.6744897501960817,
        -0.5084880591093566, -0.3554904178395310, -0.2104283942479247, -0.0696849203184557, 0.0696849203184557,
        0.2104283942479248, 0.3554904178395307, 0.5084880591093566, 0.6744897501960817, 0.8616341201741723,
        1.0853249080767593, 1.3829941271006381, 1.9145058250555569};

    private static List<Plot> dungPlots() throws Exception {
        Fitted f = fit("dung.lmm", "blocks");
        return ResultPlots.render(f.model().bound(), f.outcome().result());
    }

    private static Plot named(List<Plot> plots, String name) {
        return plots.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no plot " + name));
    }

    @Test
    void dungHasThreePlotsAllWellFormedSelfContainedSvg() throws Exception {
        List<Plot> plots = dungPlots();
        assertEquals(List.of("residuals-fitted", "qq", "caterpillar-oven_block"), plots.stream().map(Plot::name).toList());
        for (Plot p : plots) {
            Document d = parse(p.svg());
            Element root = d.getDocumentElement();
            assertEquals("svg", root.getLocalName());
            assertEquals(SVG_NS, root.getNamespaceURI());
            assertEquals("1.1", root.getAttribute("version"));
            assertFalse(root.getAttribute("width").isEmpty());
            assertFalse(root.getAttribute("height").isEmpty());
            assertEquals("0 0 " + root.getAttribute("width") + " " + root.getAttribute("height"), root.getAttribute("viewBox"));
            assertEquals("sans-serif", root.getAttribute("font-family"));
            Element bg = elements(d, "rect").get(0);
            assertEquals("#ffffff", bg.getAttribute("fill"));
            assertEquals(root.getAttribute("width"), bg.getAttribute("width"));
            assertEquals(0, elements(d, "script").size());
            assertFalse(p.svg().contains("href"), "no external references");
            assertFalse(p.svg().contains("<image"), "no images");
            assertFalse(p.title().isEmpty());
            // ImageMagick's renderer draws nothing of an element with a <title> child: there are none
            assertEquals(0, elements(d, "title").size(), p.name());
            assertEquals(p.title() + " — ", root.getAttribute("aria-label").substring(0, p.title().length() + 3));
        }
    }

    @Test
    void residualsPlotHasOneCirclePerRowAtTheRightPlaces() throws Exception {
        Fitted f = fit("dung.lmm", "blocks");
        FitResult r = f.outcome().result();
        Document d = parse(named(ResultPlots.render(f.model().bound(), r), "residuals-fitted").svg());
        List<Element> circles = elements(d, "circle");
        assertEquals(18, circles.size());
        assertTrue(texts(d).contains("Fitted values"));
        assertTrue(texts(d).contains("Residuals"));
        // pixel positions are an increasing affine map of fitted, a decreasing one of residuals
        double[] fit = r.fitted(), res = r.residuals();
        int lo = argmin(fit), hi = argmax(fit);
        for (int i = 0; i < 18; i++) {
            double expected = attr(circles.get(lo), "cx")
                    + (fit[i] - fit[lo]) / (fit[hi] - fit[lo]) * (attr(circles.get(hi), "cx") - attr(circles.get(lo), "cx"));
            assertEquals(expected, attr(circles.get(i), "cx"), 0.02);
        }
        assertTrue(attr(circles.get(argmax(res)), "cy") < attr(circles.get(argmin(res)), "cy"));
        assertTrue(tooltip(circles.get(0)).startsWith("row 1: fitted "), tooltip(circles.get(0)));
        // a dashed zero line, and tick labels formatted R-style (Num.format)
        assertTrue(elements(d, "line").stream().anyMatch(l -> l.hasAttribute("stroke-dasharray")));
        assertTrue(texts(d).containsAll(List.of("0", "0.01", "-0.01", "0.15")), texts(d).toString());
    }

    @Test
    void qqTheoreticalQuantilesMatchRsQnormPpoints() throws Exception {
        Fitted f = fit("dung.lmm", "blocks");
        FitResult r = f.outcome().result();
        ResultPlots.QQ q = ResultPlots.qqPoints(r.residuals(), r.sigma());
        assertArrayEquals(QNORM_PPOINTS_18, q.theoretical(), 1e-12);
        for (int i = 1; i < 18; i++) assertTrue(q.sample()[i] >= q.sample()[i - 1]);
        assertEquals(r.residuals()[q.order()[0]] / r.sigma(), q.sample()[0], 1e-15);
        // the SVG puts the i-th circle at the i-th quantile: cx is affine in qnorm(ppoints(18))
        List<Element> circles = elements(parse(named(ResultPlots.render(f.model().bound(), r), "qq").svg()), "circle");
        assertEquals(18, circles.size());
        double x0 = attr(circles.get(0), "cx"), x17 = attr(circles.get(17), "cx");
        for (int i = 0; i < 18; i++) {
            double expected = x0 + (QNORM_PPOINTS_18[i] - QNORM_PPOINTS_18[0]) / (QNORM_PPOINTS_18[17] - QNORM_PPOINTS_18[0]) * (x17 - x0);
            assertEquals(expected, attr(circles.get(i), "cx"), 0.02);
        }
    }

    @Test
    void ppointsUsesThreeEighthsUpToTenPoints() {
        // R: print(ppoints(5), digits = 15); print(qnorm(ppoints(5)), digits = 15)
        assertArrayEquals(new double[] {0.119047619047619, 0.309523809523810, 0.5, 0.690476190476190, 0.880952380952381},
                ResultPlots.ppoints(5), 1e-14);
        double[] e = {3.1, -0.4, 2.2, 5.0, 1.1};
        assertArrayEquals(new double[] {-1.179761117611860, -0.497200570681554, 0, 0.497200570681554, 1.179761117611860},
                ResultPlots.qqPoints(e, 1).theoretical(), 1e-12);
    }

    @Test
    void qqLineGoesThroughTheQuartilesAsRsQqline() {
        // R: x <- c(3.1, -0.4, 2.2, 5.0, 1.1, -2.3, 0.7); y <- quantile(x, c(.25, .75)); z <- qnorm(c(.25, .75))
        //    slope = diff(y)/diff(z) = 1.853252773132; intercept = y[1] - slope*z[1] = 1.4
        ResultPlots.QQ q = ResultPlots.qqPoints(new double[] {3.1, -0.4, 2.2, 5.0, 1.1, -2.3, 0.7}, 1);
        assertEquals(1.853252773132, q.slope(), 1e-11);
        assertEquals(1.4, q.intercept(), 1e-11);
        // scaling by sigma scales the sample and the line
        ResultPlots.QQ q2 = ResultPlots.qqPoints(new double[] {6.2, -0.8, 4.4, 10.0, 2.2, -4.6, 1.4}, 2);
        assertEquals(q.slope(), q2.slope(), 1e-12);
        assertArrayEquals(q.sample(), q2.sample(), 1e-15);
    }

    @Test
    void caterpillarHasOneDotPerLevelSortedByU() throws Exception {
        Fitted f = fit("dung.lmm", "blocks");
        Document d = parse(named(ResultPlots.render(f.model().bound(), f.outcome().result()), "caterpillar-oven_block").svg());
        List<Element> circles = elements(d, "circle");
        assertEquals(3, circles.size());
        // emitted in increasing u, the lowest at the bottom: level 1 (u = −0.0162)
        assertTrue(tooltip(circles.get(0)).startsWith("1: -0.0162"), tooltip(circles.get(0)));
        assertTrue(tooltip(circles.get(1)).startsWith("2: 0.00715"), tooltip(circles.get(1)));
        assertTrue(tooltip(circles.get(2)).startsWith("3: 0.00904"), tooltip(circles.get(2)));
        for (int i = 1; i < 3; i++) {
            assertTrue(attr(circles.get(i), "cy") < attr(circles.get(i - 1), "cy"), "higher u is drawn higher");
            assertTrue(attr(circles.get(i), "cx") > attr(circles.get(i - 1), "cx"));
        }
        assertTrue(texts(d).containsAll(List.of("1", "2", "3")), "level labels");
        assertTrue(elements(d, "line").stream().anyMatch(l -> l.hasAttribute("stroke-dasharray")), "zero line");
        // intervals from the conditional SDs (their values are checked against R in ConditionalVarianceTest)
        assertTrue(texts(d).stream().anyMatch(t -> t.contains("±1.96")), "subtitle names the intervals");
    }

    @Test
    void olsModelHasNoCaterpillar() throws Exception {
        Fitted f = fit("regression.lmm", "line");
        List<Plot> plots = ResultPlots.render(f.model().bound(), f.outcome().result());
        assertEquals(List.of("residuals-fitted", "qq"), plots.stream().map(Plot::name).toList());
        assertEquals(6, elements(parse(plots.get(0).svg()), "circle").size());
    }

    @Test
    void userTextIsEscaped() throws Exception {
        String nasty = "<script>&\"";
        RandomEffects re = new RandomEffects("g<&>'", List.of("(Intercept)"), List.of(nasty, "it's", "plain"),
                new double[][] {{-1}, {0.5}, {2}});
        Plot p = ResultPlots.caterpillar("m: y ~ 1 + (1 | g<&>')", re, null);
        assertTrue(p.svg().contains("&lt;script&gt;&amp;&quot;"), "level label escaped");
        assertTrue(p.svg().contains("it&apos;s"));
        assertFalse(p.svg().contains("<script"));
        Document d = parse(p.svg());
        assertEquals(0, elements(d, "script").size());
        assertTrue(texts(d).contains(nasty), "the label reads back unchanged");
        assertTrue(texts(d).stream().anyMatch(t -> t.contains("g<&>'")), "group name reads back unchanged");
        assertEquals("caterpillar-g<&>'", p.name());
        // the residual plots escape the model text too
        Plot r = ResultPlots.residualsVsFitted("m<1>: \"y\" & 'x'", new double[] {1, 2, 3}, new double[] {0.1, -0.2, 0.1}, null);
        assertTrue(texts(parse(r.svg())).contains("m<1>: \"y\" & 'x'"));
        // control characters cannot appear in XML 1.0: replaced, still well-formed
        parse(ResultPlots.residualsVsFitted("bad\u0001name", new double[] {1, 2}, new double[] {0, 0}, null).svg());
    }

    @Test
    void severalTermsGiveOnePanelPerTermSharingTheOrder() throws Exception {
        RandomEffects re = new RandomEffects("Subject", List.of("(Intercept)", "Days"), List.of("a", "b", "c", "d"),
                new double[][] {{3, -1}, {-2, 0.5}, {1, 2}, {0, -0.25}});
        Document d = parse(ResultPlots.caterpillar("m", re, null).svg());
        List<Element> circles = elements(d, "circle");
        assertEquals(8, circles.size());
        List<String> order = circles.stream().map(c -> tooltip(c).split(":")[0]).toList();
        assertEquals(List.of("b", "d", "c", "a", "b", "d", "c", "a"), order, "both panels sorted by the intercept");
        assertTrue(texts(d).containsAll(List.of("(Intercept)", "Days")));
        assertTrue(attr(circles.get(4), "cx") > attr(circles.get(3), "cx"), "second panel to the right");
    }

    @Test
    void intervalsAreDrawnWhenConditionalSdsAreGiven() throws Exception {
        RandomEffects re = new RandomEffects("g", List.of("(Intercept)"), List.of("a", "b"), new double[][] {{-1}, {1}});
        String svg = ResultPlots.caterpillar("m", re, new double[][] {{0.5}, {0.25}}).svg();
        Document d = parse(svg);
        assertTrue(svg.contains("±1.96"));
        Element lowest = elements(d, "circle").get(0);
        double cy = attr(lowest, "cy");
        Element bar = elements(d, "line").stream()
                .filter(l -> Math.abs(attr(l, "y1") - cy) < 0.01 && l.getAttribute("stroke").equals(Svg.POINT)).findFirst().orElseThrow();
        double half = (attr(bar, "x2") - attr(bar, "x1")) / 2;
        assertEquals(attr(lowest, "cx"), attr(bar, "x1") + half, 0.02);
    }

    @Test
    void largeFitsStaySmall() throws Exception {
        int n = 100_000;
        double[] fitted = new double[n], res = new double[n];
        java.util.Random rnd = new java.util.Random(42);
        for (int i = 0; i < n; i++) { fitted[i] = rnd.nextDouble() * 10; res[i] = rnd.nextGaussian(); }
        Plot rf = ResultPlots.residualsVsFitted("big", fitted, res, null);
        Document d = parse(rf.svg());
        assertEquals(0, elements(d, "circle").size());
        int rects = elements(d, "rect").size();
        assertTrue(rects > 100 && rects <= ResultPlots.GRID_COLUMNS * ResultPlots.GRID_ROWS + 10, "rects: " + rects);
        assertTrue(rf.svg().length() < 1_000_000, "size " + rf.svg().length());
        assertTrue(texts(d).stream().anyMatch(t -> t.contains("100,000 points binned")));

        Plot q = ResultPlots.qq("big", res, 1, null);
        d = parse(q.svg());
        assertEquals(2 * ResultPlots.QQ_TAIL + ResultPlots.QQ_MIDDLE, elements(d, "circle").size());
        assertTrue(q.svg().length() < 300_000, "size " + q.svg().length());
        assertTrue(texts(d).stream().anyMatch(t -> t.contains("showing 2,500 of 100,000")));
        int[] ranks = ResultPlots.qqSubset(n);
        assertEquals(0, ranks[0]);
        assertEquals(n - 1, ranks[ranks.length - 1]);
        for (int i = 1; i < ranks.length; i++) assertTrue(ranks[i] > ranks[i - 1]);

        int m = 3000;
        String[] levels = new String[m];
        double[][] u = new double[m][1];
        for (int i = 0; i < m; i++) { levels[i] = "L" + i; u[i][0] = rnd.nextGaussian(); }
        Plot c = ResultPlots.caterpillar("big", new RandomEffects("g", List.of("(Intercept)"), List.of(levels), u), null);
        d = parse(c.svg());
        assertEquals(m, elements(d, "circle").size());
        assertFalse(texts(d).contains("L0"), "no level labels");
        assertTrue(texts(d).stream().anyMatch(t -> t.contains("labels omitted above 60 levels")));
        assertTrue(Double.parseDouble(d.getDocumentElement().getAttribute("height")) < 1000);
    }

    @Test
    void ticksAreOneTwoFiveSteps() {
        assertEquals(0.005, Scale.niceStep(0.035, 6), 1e-15);
        assertEquals(0.2, Scale.niceStep(1.1, 6), 1e-15);
        assertEquals(10, Scale.niceStep(45, 6), 1e-12);
        assertEquals(50, Scale.niceStep(280, 6), 1e-12);
        Scale s = Scale.padded(0.142, 0.176, 0, 100);
        double[] t = s.ticks(6);
        assertArrayEquals(new String[] {"0.145", "0.15", "0.155", "0.16", "0.165", "0.17", "0.175"}, Scale.labels(t));
        assertArrayEquals(new String[] {"-2", "-1", "0", "1", "2"}, Scale.labels(new double[] {-2, -1, 0, 1, 2}));
        assertArrayEquals(new String[] {"1e+06", "2e+06"}, Scale.labels(new double[] {1e6, 2e6}));
        // a constant series still gets a range and ticks
        assertTrue(Scale.padded(5, 5, 0, 100).ticks(6).length >= 2);
    }

    @Test
    void coordinatesAreRoundedToHundredths() {
        assertEquals("12.5", Svg.num(12.5));
        assertEquals("-3", Svg.num(-3.0001));
        assertEquals("0.07", Svg.num(0.07));
        assertEquals("0", Svg.num(-0.001));
        assertEquals("1.05", Svg.num(1.049999));
    }

    private static int argmin(double[] a) {
        int k = 0;
        for (int i = 1; i < a.length; i++) if (a[i] < a[k]) k = i;
        return k;
    }

    private static int argmax(double[] a) {
        int k = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[k]) k = i;
        return k;
    }
}
