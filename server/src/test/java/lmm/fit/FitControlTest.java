package lmm.fit;

import static lmm.fit.TestData.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import lmm.model.DesignMatrices;
import org.junit.jupiter.api.Test;

/** Cancellation, progress, evaluation limits and degenerate input. */
class FitControlTest {
    @Test
    void cancellationStopsTheFit() {
        // cancelled once the fifth evaluation has been reported: the next one never starts
        AtomicInteger reported = new AtomicInteger();
        FitOptions o = FitOptions.defaults().withProgress((count, objective) -> reported.set(count))
                .withCancelled(() -> reported.get() >= 5);
        FitCancelled e = assertThrows(FitCancelled.class, () -> ModelFitter.fit(TestData.sleepstudy(), o));
        assertEquals(5, e.evaluations());
        assertEquals(5, reported.get());
    }

    @Test
    void cancellationDuringTheSetUpStopsBeforeAnyEvaluation() {
        // the set-up polls between its steps (at 10⁶ rows each takes tenths of a second): cancelled at
        // the second poll, the fit stops inside the set-up and evaluates nothing
        AtomicInteger polls = new AtomicInteger();
        AtomicInteger reported = new AtomicInteger();
        FitOptions o = FitOptions.defaults().withProgress((count, objective) -> reported.set(count))
                .withCancelled(() -> polls.incrementAndGet() >= 2);
        FitCancelled e = assertThrows(FitCancelled.class, () -> ModelFitter.fit(TestData.sleepstudy(), o));
        assertEquals(0, e.evaluations());
        assertEquals(0, reported.get());
        assertEquals(2, polls.get());
    }

    @Test
    void progressSeesEveryEvaluation() {
        List<Double> seen = new ArrayList<>();
        FitOptions o = FitOptions.defaults().withProgress((count, objective) -> {
            assertEquals(seen.size() + 1, count);
            seen.add(objective);
        });
        FitResult r = ModelFitter.fit(TestData.sleepstudy(), o);
        assertEquals(r.evaluations(), seen.size());
        OptimizerSummary s = r.optimizer().orElseThrow();
        assertEquals("BOBYQA", s.algorithm());
        assertEquals(seen.size(), s.objectiveTrace().length);
        // the verified optimum (after a Newton polish or the boundary check) is at least as good as every traced evaluation
        assertTrue(s.finalObjective() <= Arrays.stream(s.objectiveTrace()).min().orElseThrow() + 1e-12);
        assertEquals("EJML", r.linearAlgebra());
    }

    @Test
    void evaluationLimitMeansNotConverged() {
        // 5 is fewer than BOBYQA's 2n + 1 = 7 initial points for sleepstudy's three parameters
        FitResult r = ModelFitter.fit(TestData.sleepstudy(), FitOptions.defaults().withMaxEvaluations(5));
        assertFalse(r.converged());
        assertEquals(5, r.evaluations());
        assertTrue(Double.isFinite(r.logLik()));
    }

    @Test
    void tooFewRowsAreRejected() {
        double[] y = {1, 2};
        DesignMatrices d = design("y", y, List.of("(Intercept)", "x"), x(ones(2), new double[] {3, 5}));
        assertThrows(FitException.class, () -> ModelFitter.fit(d, FitOptions.defaults()));
    }

    @Test
    void olsWithoutColumns() {
        Table t = readCsv("ols6.csv");
        double[] y = t.numeric("Y");
        DesignMatrices d = design("Y", y, List.of(), new org.ejml.data.DMatrixRMaj(y.length, 0));
        FitResult r = ModelFitter.fit(d, FitOptions.defaults());
        assertEquals(0, r.fixef().names().size());
        assertEquals(Math.sqrt(642.0019 / 6), r.sigma(), 1e-9);
        assertEquals(-22.53212658, r.logLik(), 1e-7);
        assertEquals(2 * 22.53212658 + 2, r.aic(), 1e-6);
    }

    private static double[] column(DesignMatrices d, int j) {
        double[] c = new double[d.n()];
        for (int i = 0; i < d.n(); i++) c[i] = d.x().get(i, j);
        return c;
    }
}
