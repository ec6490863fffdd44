package lmm.fit;

import static lmm.fit.TestData.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lmm.model.DesignMatrices;
import org.junit.jupiter.api.Test;

/** The shared reference cases (R 4.2.2, lme4 1.1-31 / lm), held to check-reference.py's tolerances. */
class ReferenceCasesTest {
    private static FitResult fit(DesignMatrices d, boolean reml) {
        return ModelFitter.fit(d, FitOptions.defaults().withReml(reml));
    }

    static DesignMatrices dung() {
        Table t = readCsv("dung.csv");
        double[] y = t.numeric("pr_dung");
        return design("pr_dung", y, List.of("(Intercept)", "flies"), x(ones(y.length), t.numeric("flies")),
                intercept("oven_block", factor(t.column("oven_block"))));
    }

    static DesignMatrices sleepstudy() {
        Table t = readCsv("sleepstudy.csv");
        double[] y = t.numeric("Reaction");
        double[] days = t.numeric("Days");
        return design("Reaction", y, List.of("(Intercept)", "Days"), x(ones(y.length), days),
                term("Subject", factor(t.column("Subject")), List.of("(Intercept)", "Days"), ones(y.length), days));
    }

    @Test
    void dungReml() {
        FitResult r = fit(dung(), true);
        ReferenceCheck.assertMatches("dung/blocks", r, ReferenceCheck.expectedModel("dung", "blocks"));
        assertTrue(r.converged());
        assertArrayEquals(new double[] {1.82157560982933}, r.theta(), 1e-4);
    }

    @Test
    void dungMl() {
        FitResult r = fit(dung(), false);
        ReferenceCheck.assertMatches("dung/blocks_ml", r, ReferenceCheck.expectedModel("dung", "blocks_ml"));
        assertArrayEquals(new double[] {1.50719723832483}, r.theta(), 1e-4);
    }

    @Test
    void ols6() {
        Table t = readCsv("ols6.csv");
        double[] y = t.numeric("Y");
        DesignMatrices d = design("Y", y, List.of("(Intercept)", "X"), x(ones(y.length), t.numeric("X")));
        FitResult r = fit(d, true);
        ReferenceCheck.assertMatches("ols6/line", r, ReferenceCheck.expectedModel("ols6", "line"));
    }

    @Test
    void sleepstudyReml() {
        FitResult r = fit(sleepstudy(), true);
        ReferenceCheck.assertMatches("sleepstudy/slopes", r, ReferenceCheck.expectedModel("sleepstudy", "slopes"));
        assertArrayEquals(new double[] {0.966741773967412, 0.0151690588960361, 0.230909953207795}, r.theta(), 2e-4);
        assertTrue(r.converged());
    }

    @Test
    void sleepstudyMl() {
        FitResult r = fit(sleepstudy(), false);
        ReferenceCheck.assertMatches("sleepstudy/slopes_ml", r, ReferenceCheck.expectedModel("sleepstudy", "slopes_ml"));
        assertArrayEquals(new double[] {0.929190605278248, 0.018165754720412, 0.222643205612618}, r.theta(), 2e-4);
    }

    @Test
    void penicillinCrossed() {
        Table t = readCsv("penicillin.csv");
        double[] y = t.numeric("diameter");
        DesignMatrices d = design("diameter", y, List.of("(Intercept)"), x(ones(y.length)),
                intercept("plate", factor(t.column("plate"))), intercept("sample", factor(t.column("sample"))));
        FitResult r = fit(d, true);
        ReferenceCheck.assertMatches("penicillin/crossed", r, ReferenceCheck.expectedModel("penicillin", "crossed"));
        assertArrayEquals(new double[] {1.53967555415216, 3.51251886000646}, r.theta(), 2e-4);
    }

    @Test
    void pastesNested() {
        Table t = readCsv("pastes.csv");
        double[] y = t.numeric("strength");
        // Formula order of (1 | batch/cask): (1 | batch) then (1 | cask:batch); lme4 puts cask:batch (30 levels) first.
        DesignMatrices d = design("strength", y, List.of("(Intercept)"), x(ones(y.length)),
                intercept("batch", factor(t.column("batch"))),
                intercept("cask:batch", interaction(t.column("cask"), t.column("batch"))));
        FitResult r = fit(d, true);
        ReferenceCheck.assertMatches("pastes/nested", r, ReferenceCheck.expectedModel("pastes", "nested"));
        assertArrayEquals(new double[] {3.52690178773174, 1.56346140209686}, r.theta(), 2e-4);
        assertTrue(r.termsInThetaOrder().get(0).group().equals("cask:batch"));
    }
}
