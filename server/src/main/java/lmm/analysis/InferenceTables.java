package lmm.analysis;

import java.util.ArrayList;
import java.util.List;
import lmm.fit.FitResult;
import lmm.inference.Inference;
import lmm.inference.Interval;
import lmm.inference.TermTest;
import lmm.model.Method;

/**
 * The inference of a fit as tables, laid out as R prints them: the coefficients with df, t and
 * Pr(>|t|) (lmerTest's summary, lm's summary), the Kenward–Roger columns, the F tables per term
 * (lmerTest's anova, anova(lm)) and the confidence intervals (confint).
 */
public final class InferenceTables {
    private InferenceTables() {}

    /** β with SE, df, t and p, the df named after the method that gave them. */
    public static TextTable coefficients(FitResult r, Inference inf) {
        var f = r.fixef();
        List<List<String>> rows = new ArrayList<>();
        double[] est = f.estimate(), se = f.stdError(), t = f.tValue();
        for (int j = 0; j < f.names().size(); j++) {
            rows.add(List.of(f.names().get(j), Num.format(est[j]), Num.format(se[j]), Num.format(inf.df()[j], 5),
                    Num.format(t[j], 4), pValue(inf.p()[j]), stars(inf.p()[j])));
        }
        String title = r.method() == Method.OLS ? "Fixed effects β (t tests on the residual df, as lm)"
                : "Fixed effects β (t tests with Satterthwaite's df, as lmerTest)";
        return new TextTable(title, List.of("term", "estimate", "std. error", "df", "t value", "Pr(>|t|)", ""), rows);
    }

    /** The Kenward–Roger columns (REML fits), or null. */
    public static TextTable kenwardRoger(FitResult r, Inference inf) {
        if (inf.kenwardRoger() == null) return null;
        var k = inf.kenwardRoger();
        var f = r.fixef();
        List<List<String>> rows = new ArrayList<>();
        for (int j = 0; j < f.names().size(); j++) {
            double t = f.estimate()[j] / k.stdError()[j];
            rows.add(List.of(f.names().get(j), Num.format(f.estimate()[j]), Num.format(k.stdError()[j]), Num.format(k.df()[j], 5),
                    Num.format(t, 4), pValue(k.p()[j]), stars(k.p()[j])));
        }
        return new TextTable("Kenward–Roger (adjusted SE and df, as pbkrtest)",
                List.of("term", "estimate", "std. error", "df", "t value", "Pr(>|t|)", ""), rows);
    }

    /** One F table; null when it has no rows. */
    public static TextTable anova(String title, List<TermTest> tests) {
        if (tests == null || tests.isEmpty()) return null;
        List<List<String>> rows = new ArrayList<>();
        for (TermTest t : tests) {
            rows.add(List.of(t.term(), Num.format(t.test().numDf(), 5), Num.format(t.test().denDf(), 5), Num.format(t.test().f(), 5),
                    pValue(t.test().p()), stars(t.test().p())));
        }
        return new TextTable(title, List.of("term", "NumDF", "DenDF", "F value", "Pr(>F)", ""), rows);
    }

    public static String anovaTitle(FitResult r, boolean kenwardRoger) {
        if (r.method() == Method.OLS) return "Analysis of variance (sequential, as anova(lm))";
        return "Type III analysis of variance with " + (kenwardRoger ? "Kenward–Roger's" : "Satterthwaite's") + " method";
    }

    /** Wald (β) and profile (every parameter) intervals side by side. */
    public static TextTable intervals(Inference inf) {
        List<List<String>> rows = new ArrayList<>();
        if (inf.profile() != null) {
            for (Interval i : inf.profile()) rows.add(List.of(i.parm(), "profile", bound(i.lower()), bound(i.upper())));
        }
        for (Interval i : inf.wald()) rows.add(List.of(i.parm(), "Wald", bound(i.lower()), bound(i.upper())));
        double a = (1 - inf.level()) / 2;
        return new TextTable("Confidence intervals (" + Num.format(100 * inf.level(), 4) + " %)",
                List.of("parameter", "method", Num.format(100 * a, 3) + " %", Num.format(100 * (1 - a), 3) + " %"), rows);
    }

    private static String bound(double v) {
        return Double.isNaN(v) ? "NA" : Num.format(v, 5);
    }

    /** R's format.pval for coefficient tables: 3 significant digits, "< 2e-16" below machine precision. */
    public static String pValue(double p) {
        if (Double.isNaN(p)) return "NA";
        if (p < 2.2e-16) return "< 2e-16";
        return Num.format(p, 3);
    }

    /** R's significance stars. */
    public static String stars(double p) {
        if (Double.isNaN(p)) return "";
        return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : "";
    }

    /** The compact form for a lens or hover line: "df 14.4, p 0.32". */
    public static String compact(double df, double p) {
        return "df " + Num.format(df, 3) + ", p " + (p < 2.2e-16 ? "< 2e-16" : Num.format(p, 2));
    }
}
