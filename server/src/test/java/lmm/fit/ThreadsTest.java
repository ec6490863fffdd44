package lmm.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import lmm.model.DesignMatrices;
import org.junit.jupiter.api.Test;

/** A fit large enough for the two-thread fill gives the same numbers on one thread and on two. */
class ThreadsTest {
    @Test
    void oneAndTwoThreadsAgree() {
        DesignMatrices d = LinearAlgebraPathsTest.crossed(11, 30_000, 2_000, 800, false);
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "two cores needed");
        assertEquals(true, new ProfiledDeviance(d, false, DenseCholesky.defaultImplementation(), 2).fillsOnTwoThreads(),
                "the model is large enough for the two-thread fill");
        assertEquals(false, new ProfiledDeviance(d, false, DenseCholesky.defaultImplementation(), 1).fillsOnTwoThreads());
        FitResult one = ModelFitter.fit(d, FitOptions.defaults().withReml(false).withThreads(1));
        FitResult two = ModelFitter.fit(d, FitOptions.defaults().withReml(false).withThreads(2));
        assertEquals(one.deviance().getAsDouble(), two.deviance().getAsDouble(), 1e-10 * Math.abs(one.deviance().getAsDouble()));
        double[] t1 = one.theta(), t2 = two.theta();
        for (int i = 0; i < t1.length; i++) assertEquals(t1[i], t2[i], 1e-10 * Math.abs(t1[i]));
        double[] b1 = one.beta(), b2 = two.beta();
        for (int i = 0; i < b1.length; i++) assertEquals(b1[i], b2[i], 1e-10 * Math.abs(b1[i]));
        assertEquals(one.evaluations(), two.evaluations());
        assertArrayEquals(one.optimizer().orElseThrow().objectiveTrace(), two.optimizer().orElseThrow().objectiveTrace(), 0.0);
    }
}
