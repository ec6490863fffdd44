package lmm.fit;

import static lmm.fit.TestData.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;
import org.junit.jupiter.api.Test;

/**
 * Models beyond the shared references. Expected values come from R 4.2.2 / lme4 1.1-31 on this
 * machine; the R code is beside each set of values. Common preamble:
 * <pre>
 *   library(lme4); options(digits = 15)
 *   ss <- read.csv("sleepstudy.csv"); ss$Subject <- factor(ss$Subject); i0 <- seq_len(180) - 1
 * </pre>
 */
class ExtraModelsTest {
    private static final Table SS = readCsv("sleepstudy.csv");
    private static final int N = 180;

    private static double[] days() {
        return SS.numeric("Days");
    }

    private static Factor subject() {
        return factor(SS.column("Subject"));
    }

    /** A factor from integer codes 0..levels-1 (labels are the codes). */
    private static Factor codes(int[] code) {
        List<String> labels = new ArrayList<>();
        for (int c : code) labels.add(Integer.toString(c));
        return factor(labels);
    }

    private static void assertSd(FitResult r, String group, String term, double want) {
        for (VarCorrRow row : r.varcorr()) {
            if (row.group().equals(group) && java.util.Objects.equals(row.term(), term)) {
                assertEquals(want, row.stdDev(), 1e-3 * Math.max(want, 1e-2 * r.sigma()), group + "/" + term);
                return;
            }
        }
        throw new AssertionError("no varcorr row " + group + "/" + term);
    }

    private static void assertFixef(FitResult r, double[] est, double[] se) {
        for (int j = 0; j < est.length; j++) {
            assertEquals(est[j], r.fixef().estimate()[j], 1e-3 * se[j]);
            assertEquals(se[j], r.fixef().stdError()[j], 1e-3 * se[j]);
        }
    }

    /**
     * <pre>
     * m1 <- lmer(Reaction ~ Days + (Days || Subject), ss)
     * theta 0.979896527914237 0.234231225347045; fixef 251.405104848483 10.467285959596
     * se 6.88538081723721 1.55956909806857; sigma 25.5652792015696; logLik -871.834646790741
     * AIC 1753.66929358148; BIC 1769.63407783593; sd Subject (Intercept) 25.05132832477612, Days 5.98818667372297
     * ranef 308: 1.51266476867934 9.32349703989095; 309: -40.37387282771672 -8.59917574113609
     * fitted[1:3] 252.917769617162 272.708552616649 292.499335616136
     * </pre>
     */
    @Test
    void uncorrelatedSlopes() {
        double[] y = SS.numeric("Reaction");
        Factor s = subject();
        DesignMatrices d = design("Reaction", y, List.of("(Intercept)", "Days"), x(ones(N), days()),
                term("Subject", s, List.of("(Intercept)"), ones(N)), term("Subject", s, List.of("Days"), days()));
        FitResult r = ModelFitter.fit(d, FitOptions.defaults());
        assertArrayEquals(new double[] {0.979896527914237, 0.234231225347045}, r.theta(), 2e-4);
        assertFixef(r, new double[] {251.405104848483, 10.467285959596}, new double[] {6.88538081723721, 1.55956909806857});
        assertEquals(25.5652792015696, r.sigma(), 1e-4 * 25.57);
        assertEquals(-871.834646790741, r.logLik(), 1e-4);
        assertEquals(1753.66929358148, r.aic(), 1e-4);
        assertEquals(1769.63407783593, r.bic(), 1e-4);
        assertSd(r, "Subject", "(Intercept)", 25.05132832477612);
        assertSd(r, "Subject", "Days", 5.98818667372297);
        assertTrue(r.corr().isEmpty());
        // the two terms of one factor are merged into one ranef table, as lme4's ranef() does
        assertEquals(1, r.ranef().size());
        RandomEffects re = r.ranef().get(0);
        assertEquals(List.of("(Intercept)", "Days"), re.terms());
        assertEquals("308", re.levels().get(0));
        assertArrayEquals(new double[] {1.51266476867934, 9.32349703989095}, re.values()[0], 1e-3 * 5.99);
        assertArrayEquals(new double[] {-40.37387282771672, -8.59917574113609}, re.values()[1], 1e-3 * 5.99);
        assertArrayEquals(new double[] {252.917769617162, 272.708552616649, 292.499335616136},
                java.util.Arrays.copyOf(r.fitted(), 3), 1e-3 * r.sigma());
    }

    /** y2 = Reaction + 20 sin(1.7 g) with g = row mod 36 (0-based), and the 36-level factor g. */
    private static DesignMatrices vectorTermNotFirst() {
        double[] reaction = SS.numeric("Reaction");
        double[] y2 = new double[N];
        int[] g = new int[N];
        for (int i = 0; i < N; i++) {
            g[i] = i % 36;
            y2[i] = reaction[i] + 20 * Math.sin(1.7 * g[i]);
        }
        // formula order: (Days | Subject) + (1 | g); lme4 moves g (36 levels) before Subject (18)
        return design("y2", y2, List.of("(Intercept)", "Days"), x(ones(N), days()),
                term("Subject", subject(), List.of("(Intercept)", "Days"), ones(N), days()), intercept("g", codes(g)));
    }

    /**
     * <pre>
     * ss$g <- factor(i0 %% 36); ss$y2 <- ss$Reaction + 20 * sin(1.7 * (i0 %% 36))
     * m2 <- lmer(y2 ~ Days + (Days | Subject) + (1 | g), ss)
     * theta 0.47648892026990286 0.99211758788200644 0.00512102726993905 0.22677606912592518
     * fixef 252.1371012286355 10.4237693612288; se 7.46288483309986 1.56656394099376
     * sigma 26.3187293020207; logLik -888.474415775815; AIC 1790.94883155163; BIC 1813.29952950786
     * sd g 12.5405829079957165; Subject (Intercept) 26.1112742312402979, Days 5.9699795615584623; corr 0.0225761125437769
     * ranef g 0: -5.07689737332544, 1: 7.21383737268536; Subject 308: 5.31223180140048 8.75124931426430
     * fitted[1:3] 252.372435656711 283.838189078214 283.646986236869
     * </pre>
     */
    @Test
    void vectorTermNotFirstReml() {
        FitResult r = ModelFitter.fit(vectorTermNotFirst(), FitOptions.defaults());
        assertEquals("g", r.termsInThetaOrder().get(0).group());
        assertArrayEquals(new double[] {0.47648892026990286, 0.99211758788200644, 0.00512102726993905, 0.22677606912592518},
                r.theta(), 5e-4);
        assertFixef(r, new double[] {252.1371012286355, 10.4237693612288}, new double[] {7.46288483309986, 1.56656394099376});
        assertEquals(26.3187293020207, r.sigma(), 1e-4 * 26.3);
        assertEquals(-888.474415775815, r.logLik(), 1e-4);
        assertEquals(1790.94883155163, r.aic(), 1e-4);
        assertEquals(1813.29952950786, r.bic(), 1e-4);
        assertEquals(1776.94883155163, r.remlCriterion().getAsDouble(), 1e-4);
        assertSd(r, "g", "(Intercept)", 12.5405829079957165);
        assertSd(r, "Subject", "(Intercept)", 26.1112742312402979);
        assertSd(r, "Subject", "Days", 5.9699795615584623);
        assertEquals(1, r.corr().size());
        assertEquals(0.0225761125437769, r.corr().get(0).value(), 2e-3);
        RandomEffects g = r.ranef().get(0);
        assertEquals("g", g.group());
        assertEquals(-5.07689737332544, g.values()[0][0], 1e-3 * 12.5);
        assertEquals(7.21383737268536, g.values()[1][0], 1e-3 * 12.5);
        RandomEffects s = r.ranef().get(1);
        assertArrayEquals(new double[] {5.31223180140048, 8.75124931426430}, s.values()[0], 1e-3 * 5.97);
        assertArrayEquals(new double[] {252.372435656711, 283.838189078214, 283.646986236869},
                java.util.Arrays.copyOf(r.fitted(), 3), 1e-3 * r.sigma());
    }

    /**
     * <pre>
     * m2ml <- lmer(y2 ~ Days + (Days | Subject) + (1 | g), ss, REML = FALSE)
     * theta 0.47588947762782918 0.95692545827450537 0.00866474674579105 0.21840842016236625
     * fixef 252.1368474971150 10.4238257460109; se 7.28188560012269 1.52047787119018
     * sigma 26.314237082435; logLik -892.729894251675; AIC 1799.45978850335; BIC 1821.81048645958
     * </pre>
     */
    @Test
    void vectorTermNotFirstMl() {
        FitResult r = ModelFitter.fit(vectorTermNotFirst(), FitOptions.defaults().withReml(false));
        assertArrayEquals(new double[] {0.47588947762782918, 0.95692545827450537, 0.00866474674579105, 0.21840842016236625},
                r.theta(), 5e-4);
        assertFixef(r, new double[] {252.1368474971150, 10.4238257460109}, new double[] {7.28188560012269, 1.52047787119018});
        assertEquals(26.314237082435, r.sigma(), 1e-4 * 26.3);
        assertEquals(-892.729894251675, r.logLik(), 1e-4);
        assertEquals(1799.45978850335, r.aic(), 1e-4);
        assertEquals(1821.81048645958, r.bic(), 1e-4);
        assertEquals(1785.45978850335, r.deviance().getAsDouble(), 1e-4);
    }

    /**
     * One scalar term with no between-group variation (Brent path, optimum on the bound).
     * <pre>
     * m <- lmer(Reaction ~ Days + (1 | h), transform(ss, h = factor(i0 %% 7)))
     * theta 0, isSingular TRUE, REMLcrit 1893.66366347211; fixef 251.405104848485 10.467285959596
     * se 6.61015404428757 1.23819529804982; sigma 47.7147197437785
     * </pre>
     */
    @Test
    void singularScalar() {
        int[] h = new int[N];
        for (int i = 0; i < N; i++) h[i] = i % 7;
        DesignMatrices d = design("Reaction", SS.numeric("Reaction"), List.of("(Intercept)", "Days"), x(ones(N), days()),
                intercept("h", codes(h)));
        FitResult r = ModelFitter.fit(d, FitOptions.defaults());
        assertArrayEquals(new double[] {0.0}, r.theta(), 0.0);
        assertTrue(r.singular());
        assertEquals(1893.66366347211, r.remlCriterion().getAsDouble(), 1e-4);
        assertFixef(r, new double[] {251.405104848485, 10.467285959596}, new double[] {6.61015404428757, 1.23819529804982});
        assertEquals(47.7147197437785, r.sigma(), 1e-4 * 47.7);
        assertEquals(0.0, r.varcorr().get(0).stdDev(), 0.0);
    }

    /**
     * Crossed terms, one of them on the bound (BOBYQA path).
     * <pre>
     * m <- lmer(Reaction ~ Days + (1 | Subject) + (1 | h), transform(ss, h = factor(i0 %% 7)))
     * theta 1.19788088670846 0, isSingular TRUE, REMLcrit 1786.46508539493
     * fixef 251.405104848484 10.467285959596; se 9.746712501439854 0.804221467675149; sigma 30.9912353911281
     * </pre>
     */
    @Test
    void singularCrossed() {
        int[] h = new int[N];
        for (int i = 0; i < N; i++) h[i] = i % 7;
        DesignMatrices d = design("Reaction", SS.numeric("Reaction"), List.of("(Intercept)", "Days"), x(ones(N), days()),
                intercept("Subject", subject()), intercept("h", codes(h)));
        FitResult r = ModelFitter.fit(d, FitOptions.defaults());
        assertEquals(1.19788088670846, r.theta()[0], 2e-4);
        assertEquals(0.0, r.theta()[1], 0.0);
        assertTrue(r.singular());
        assertTrue(r.converged());
        assertEquals(1786.46508539493, r.remlCriterion().getAsDouble(), 1e-4);
        assertFixef(r, new double[] {251.405104848484, 10.467285959596}, new double[] {9.746712501439854, 0.804221467675149});
        assertEquals(30.9912353911281, r.sigma(), 1e-4 * 31);
    }

    /**
     * lme4 orders terms by rev(order(nlevels)): ties end up in reverse formula order.
     * <pre>
     * ss$a <- factor(i0 %% 5); ss$g18 <- factor((i0 * 7) %% 18)
     * ss$y3 <- ss$Reaction + 10 * cos(2.3 * ((i0 * 7) %% 18)) + 8 * sin(1.1 * (i0 %% 5))
     * m <- lmer(y3 ~ Days + (1 | a) + (1 | Subject) + (1 | g18), ss)
     * names(getME(m, "cnms")): g18 Subject a; theta 0.299577553064576 1.209726915470738 0; REMLcrit 1795.14336164196
     * </pre>
     */
    @Test
    void termOrderFollowsLme4OnTies() {
        double[] reaction = SS.numeric("Reaction");
        double[] y3 = new double[N];
        int[] a = new int[N];
        int[] g18 = new int[N];
        for (int i = 0; i < N; i++) {
            a[i] = i % 5;
            g18[i] = (i * 7) % 18;
            y3[i] = reaction[i] + 10 * Math.cos(2.3 * g18[i]) + 8 * Math.sin(1.1 * a[i]);
        }
        DesignMatrices d = design("y3", y3, List.of("(Intercept)", "Days"), x(ones(N), days()),
                intercept("a", codes(a)), intercept("Subject", subject()), intercept("g18", codes(g18)));
        FitResult r = ModelFitter.fit(d, FitOptions.defaults());
        List<String> order = r.termsInThetaOrder().stream().map(RandomTerm::group).toList();
        assertEquals(List.of("g18", "Subject", "a"), order);
        assertArrayEquals(new double[] {0.299577553064576, 1.209726915470738, 0}, r.theta(), 5e-4);
        assertEquals(1795.14336164196, r.remlCriterion().getAsDouble(), 1e-4);
        assertTrue(r.singular());
        assertFalse(r.varcorr().isEmpty());
    }

    /** y4 = Reaction + 15 cos(0.9 h), h = row mod 7 (0-based); formula order (Days | Subject) + (1 | h). */
    private static DesignMatrices vectorTermFirstWithCrossedTerm() {
        double[] reaction = SS.numeric("Reaction");
        double[] y4 = new double[N];
        int[] h = new int[N];
        for (int i = 0; i < N; i++) {
            h[i] = i % 7;
            y4[i] = reaction[i] + 15 * Math.cos(0.9 * h[i]);
        }
        return design("y4", y4, List.of("(Intercept)", "Days"), x(ones(N), days()),
                term("Subject", subject(), List.of("(Intercept)", "Days"), ones(N), days()), intercept("h", codes(h)));
    }

    /**
     * A vector-valued first term crossed with a scalar one: exercises the sparse cross-products
     * scaled on both sides.
     * <pre>
     * ss$h <- factor(i0 %% 7); ss$y4 <- ss$Reaction + 15 * cos(0.9 * (i0 %% 7))
     * df <- lmer(y4 ~ Days + (Days | Subject) + (1 | h), ss, devFunOnly = TRUE); df(c(0.9, 0.05, 0.25, 0.6)) = 1758.96681982482
     * (REML = FALSE: 1767.99274518695)
     * m <- lmer(y4 ~ Days + (Days | Subject) + (1 | h), ss)
     * theta 0.9454499162490744 0.0174853928319576 0.2287224485916015 0.4491642593092337; REMLcrit 1757.88753961923
     * fixef 251.470360126801 10.456979632861; se 8.09505644388732 1.55344138000522; sigma 25.8996384692361
     * ranef h 0: 16.89620625450219, 1: 6.84457719755986; Subject 308: 2.13937462195681 9.22671610782921
     * </pre>
     */
    @Test
    void vectorTermFirstCrossedWithScalarTerm() {
        DesignMatrices d = vectorTermFirstWithCrossedTerm();
        ThetaLayout layout = new ThetaLayout(d);
        double[] theta = {0.9, 0.05, 0.25, 0.6};
        assertEquals(1758.96681982482, new ProfiledDeviance(d, true, DenseCholesky.defaultImplementation()).objective(theta), 1e-8);
        assertEquals(1767.99274518695, new ProfiledDeviance(d, false, DenseCholesky.defaultImplementation()).objective(theta), 1e-8);

        FitResult r = ModelFitter.fit(d, FitOptions.defaults());
        assertArrayEquals(new double[] {0.9454499162490744, 0.0174853928319576, 0.2287224485916015, 0.4491642593092337},
                r.theta(), 5e-4);
        assertEquals(1757.88753961923, r.remlCriterion().getAsDouble(), 1e-4);
        assertFixef(r, new double[] {251.470360126801, 10.456979632861}, new double[] {8.09505644388732, 1.55344138000522});
        assertEquals(25.8996384692361, r.sigma(), 1e-4 * 25.9);
        RandomEffects subject = r.ranef().get(0);
        RandomEffects h = r.ranef().get(1);
        assertEquals("h", h.group());
        assertArrayEquals(new double[] {2.13937462195681, 9.22671610782921}, subject.values()[0], 5e-3);
        assertEquals(16.89620625450219, h.values()[0][0], 1e-2);
        assertEquals(6.84457719755986, h.values()[1][0], 1e-2);
    }
}
