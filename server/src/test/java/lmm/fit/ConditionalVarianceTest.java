package lmm.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lmm.data.DataCache;
import lmm.model.DocumentBinder;
import lmm.model.Method;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;
import org.junit.jupiter.api.Test;

/**
 * Conditional SDs of the random effects against lme4's {@code ranef(m, condVar = TRUE)}: the
 * expected values are sqrt of its "postVar", computed with R 4.2.2 / lme4 1.1-31:
 * <pre>
 * m <- lmer(pr_dung ~ flies + (1|oven_block), dung)                  # oven_block a factor
 * sqrt(as.vector(attr(ranef(m, condVar=TRUE)$oven_block, "postVar")))   # 0.002942626712 0.003453371098 0.003167523479
 * m2 <- lmer(Reaction ~ Days + (Days|Subject), sleepstudy)            # sqrt(pv[1,1,1]) 12.07085695, sqrt(pv[2,2,1]) 2.304839021
 * m3 <- lmer(Reaction ~ Days + (Days||Subject), sleepstudy)           # level 1: 12.238941063, 2.335463913
 * m4 <- lmer(diameter ~ 1 + (1|plate) + (1|sample), Penicillin)       # plate a 0.2713593026, sample A 0.2021706851
 * </pre>
 */
class ConditionalVarianceTest {
    private static FitResult fit(String lmm, String model) throws Exception {
        Path file = Path.of("..", "examples", lmm).toAbsolutePath().normalize();
        ModelEntry m = DocumentBinder.bind(Parser.parse(Files.readString(file)), file.getParent(), new DataCache()::load)
                .model(model).orElseThrow();
        return ModelFitter.fit(m.bound().matrices(), FitOptions.defaults().withReml(m.method() == Method.REML));
    }

    /** Relative tolerance 1e-3: the SDs depend on θ, which two optimisers agree on to about that. */
    private static void close(double want, double got) {
        assertEquals(want, got, 1e-3 * want, () -> "want " + want + ", got " + got);
    }

    @Test
    void oneScalarTerm() throws Exception {
        List<RandomEffects> sd = fit("dung.lmm", "blocks").ranefSd();
        double[][] v = sd.get(0).values();
        close(0.002942626712, v[0][0]);
        close(0.003453371098, v[1][0]);
        close(0.003167523479, v[2][0]);
    }

    @Test
    void correlatedInterceptAndSlope() throws Exception {
        double[][] v = fit("sleepstudy.lmm", "slopes").ranefSd().get(0).values();
        close(12.07085695, v[0][0]);
        close(2.304839021, v[0][1]);
    }

    @Test
    void uncorrelatedTermsOfOneGroupAreMergedAsRanef() throws Exception {
        FitResult r = fit("sleepstudy.lmm", "uncorrelated");
        assertEquals(r.ranef().get(0).terms(), r.ranefSd().get(0).terms());
        double[][] v = r.ranefSd().get(0).values();
        close(12.238941063, v[0][0]);
        close(2.335463913, v[0][1]);
    }

    @Test
    void crossedTermsThroughTheDenseInverse() throws Exception {
        FitResult r = fit("penicillin.lmm", "crossed");
        assertEquals(List.of("plate", "sample"), r.ranefSd().stream().map(RandomEffects::group).toList());
        close(0.2713593026, r.ranefSd().get(0).values()[0][0]);
        close(0.2021706851, r.ranefSd().get(1).values()[0][0]);
    }

    @Test
    void olsHasNone() throws Exception {
        assertTrue(fit("regression.lmm", "line").ranefSd().isEmpty());
    }
}
