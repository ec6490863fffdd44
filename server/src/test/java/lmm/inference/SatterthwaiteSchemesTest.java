package lmm.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import lmm.analysis.Inferences;
import lmm.data.DataCache;
import lmm.fit.CheckStencil;
import lmm.fit.FitCancelled;
import lmm.fit.FitOptions;
import lmm.fit.FitResult;
import lmm.fit.ModelFitter;
import lmm.fit.ProfiledDeviance;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.Method;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The derivative schemes of {@link Satterthwaite} against lmerTest: the two that large models get,
 * central differences on the fit's own check stencil and (when the fit's optimum is not at that
 * stencil's centre) central differences of their own, each forced here on every R-made mixed model
 * (the df R computed, in the cases' .inference.json, to check-inference's 2e-3), and the Richardson
 * scheme small models get by default. Also: a large model takes the stencil by default and factors
 * one point for two θ; inference stops between points when cancelled, and a cancelled inference is
 * not kept.
 */
class SatterthwaiteSchemesTest {
    private record Fitted(ModelEntry entry, ProfiledDeviance deviance, FitResult fit, JsonObject want) {}

    @TestFactory
    Stream<DynamicTest> centralDifferencesAgreeWithLmerTest() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Fitted f : mixedCases()) {
            tests.add(DynamicTest.dynamicTest(f.entry().name(), () -> {
                FitResult r = f.fit();
                int nt = r.theta().length;
                Satterthwaite s = Satterthwaite.of(f.deviance(), null, r.theta(), r.sigma(), r.vcov(), Satterthwaite.Scheme.CENTRAL, () -> false);
                assertEquals(1 + nt + nt * nt, s.points(), "central differences: 1 + nθ + nθ² points");
                assertDfAsR(s, r, f.want());
            }));
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> theFitsCheckStencilAgreesWithLmerTest() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Fitted f : mixedCases()) {
            tests.add(DynamicTest.dynamicTest(f.entry().name(), () -> {
                FitResult r = f.fit();
                int nt = r.theta().length;
                CheckStencil stencil = CheckStencil.of(r);
                assertNotNull(stencil, "the fit keeps its last check's points");
                Satterthwaite s = Satterthwaite.of(f.deviance(), stencil, r.theta(), r.sigma(), r.vcov(),
                        Satterthwaite.Scheme.CHECK_STENCIL, () -> false);
                if (interior(stencil, f.deviance().layout().lowerBounds())) {
                    // the check evaluated c ± h eᵢ and c + h(eᵢ + eⱼ); the optimiser c and θ̂
                    assertEquals(nt * (nt - 1) / 2, s.points(), "only c − h(eᵢ + eⱼ) factored");
                }
                assertDfAsR(s, r, f.want());
            }));
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    /**
     * The df are invariant under a reparametrisation of θ (H and J transform together), so they cannot
     * show whether the stencil's differences on θ̃ were mapped to θ: Var(θ, σ) = 2H⁺ can. Against the
     * central differences' own points in θ, on a model whose θ̃ ≠ θ (sleepstudy's Days is scaled by
     * its root mean square, 5.3).
     */
    @Test
    void theStencilsVarianceOfThetaIsInTheModelsTheta() throws Exception {
        Fitted f = mixedCases().stream().filter(c -> c.entry().name().equals("slopes")).findFirst().orElseThrow();
        FitResult r = f.fit();
        double[][] stencil = Satterthwaite.of(f.deviance(), CheckStencil.of(r), r.theta(), r.sigma(), r.vcov(),
                Satterthwaite.Scheme.CHECK_STENCIL, () -> false).vcovVarpar();
        double[][] central = Satterthwaite.of(f.deviance(), null, r.theta(), r.sigma(), r.vcov(),
                Satterthwaite.Scheme.CENTRAL, () -> false).vcovVarpar();
        for (int i = 0; i < central.length; i++) {
            for (int j = 0; j < central.length; j++) {
                double scale = Math.sqrt(central[i][i] * central[j][j]);
                assertEquals(central[i][j], stencil[i][j], 1e-3 * scale, "Var(varpar)[" + i + "][" + j + "]");
            }
        }
    }

    /** True when every parameter of the stencil's centre is at least two steps above its lower bound. */
    private static boolean interior(CheckStencil stencil, double[] lower) {
        double[] c = stencil.centre();
        for (int i = 0; i < c.length; i++) if (!(c[i] - lower[i] >= 2.001 * stencil.step(i))) return false;
        return true;
    }

    @Test
    void largeModelsUseTheStencilByDefaultFactoringOnePointAndSameBytesTwice() throws Exception {
        Fitted f = mixedCases().stream().filter(c -> c.entry().name().equals("ratings")).findFirst().orElseThrow();
        FitResult r = f.fit();
        // the first inference gets the deviance function the fit ran on, the second a new one (it is
        // handed out once): the same bytes, since the stencil's recorded points stay with the fit
        double[] first = ModelInference.compute(f.entry().bound(), r, 0.95).df();
        double[] second = ModelInference.compute(f.entry().bound(), r, 0.95).df();
        assertArrayEquals(first, second);
        CheckStencil stencil = CheckStencil.of(r);
        assertEquals(Satterthwaite.Scheme.CHECK_STENCIL, Satterthwaite.scheme(f.deviance(), stencil, r.theta().length));
        Satterthwaite s = Satterthwaite.of(f.deviance(), stencil, r.theta(), r.sigma(), r.vcov(), () -> false);
        assertEquals(1, s.points(), "two θ: the one point c − h(e₁ + e₂) the check did not evaluate");
        assertDfAsR(s, r, f.want());
        assertEquals(s.df(new double[] {1, 0}), first[0]);
    }

    @Test
    void theStencilSchemeStopsBeforeFactoringWhenCancelled() throws Exception {
        Fitted f = mixedCases().stream().filter(c -> c.entry().name().equals("ratings")).findFirst().orElseThrow();
        FitResult r = f.fit();
        AtomicInteger polls = new AtomicInteger();
        FitCancelled c = assertThrows(FitCancelled.class, () -> Satterthwaite.of(f.deviance(), CheckStencil.of(r), r.theta(),
                r.sigma(), r.vcov(), Satterthwaite.Scheme.CHECK_STENCIL, () -> polls.incrementAndGet() > 0));
        assertEquals(1, polls.get(), "polled before the first point it had to factor");
        assertEquals(0, c.evaluations());
    }

    @Test
    void smallModelsGetRichardsonAndAgreeWithLmerTest() throws Exception {
        Fitted f = mixedCases().stream().filter(c -> c.entry().name().equals("slopes")).findFirst().orElseThrow();
        FitResult r = f.fit();
        int nt = r.theta().length;
        Satterthwaite s = Satterthwaite.of(f.deviance(), CheckStencil.of(r), r.theta(), r.sigma(), r.vcov(), () -> false);
        assertEquals(1 + 4 * nt * (nt + 1), s.points(), "numDeriv's 4 step sizes");
        assertDfAsR(s, r, f.want());
    }

    @Test
    void cancellationStopsInferenceBetweenPointsAndNothingIsKept() throws Exception {
        Fitted f = mixedCases().stream().filter(c -> c.entry().name().equals("slopes")).findFirst().orElseThrow();
        AtomicInteger polls = new AtomicInteger();
        FitCancelled c = assertThrows(FitCancelled.class,
                () -> ModelInference.compute(f.entry().bound(), f.fit(), 0.95, () -> polls.incrementAndGet() > 3));
        assertEquals(4, polls.get(), "stopped at the first poll that said so");
        assertEquals(3, c.evaluations(), "three points factored before it");
        assertThrows(FitCancelled.class, () -> Inferences.of(f.entry(), f.fit(), () -> true));
        Inference later = Inferences.of(f.entry(), f.fit());
        assertTrue(Double.isFinite(later.df()[0]), "computed in full once not cancelled");
    }

    private static void assertDfAsR(Satterthwaite s, FitResult r, JsonObject want) {
        JsonObject sat = want.getAsJsonObject("satterthwaite");
        List<String> names = r.fixef().names();
        var wantNames = sat.getAsJsonArray("names");
        for (int i = 0; i < wantNames.size(); i++) {
            int j = names.indexOf(wantNames.get(i).getAsString());
            assertTrue(j >= 0, "coefficient " + wantNames.get(i));
            double[] l = new double[names.size()];
            l[j] = 1;
            double expected = sat.getAsJsonArray("df").get(i).getAsDouble();
            assertEquals(expected, s.df(l), 2e-3 * expected, names.get(j));
        }
    }

    /** Every REML or ML model of the R-made inference cases, fitted, with R's answer. */
    private List<Fitted> mixedCases() throws Exception {
        List<Fitted> out = new ArrayList<>();
        for (String folder : List.of("reference-inference", "reference-inference-extra")) {
            Path dir = Path.of(getClass().getResource("/" + folder).toURI());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path expected : files.filter(p -> p.toString().endsWith(".inference.json")).sorted().toList()) {
                    Path lmm = dir.resolve(expected.getFileName().toString().replace(".inference.json", ".lmm"));
                    JsonObject want = JsonParser.parseString(Files.readString(expected)).getAsJsonObject();
                    BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(lmm, StandardCharsets.UTF_8)),
                            dir, new DataCache()::load);
                    for (JsonElement e : want.getAsJsonArray("models")) {
                        JsonObject w = e.getAsJsonObject();
                        if (!w.has("satterthwaite")) continue;
                        ModelEntry m = doc.models().stream().filter(x -> x.name().equals(w.get("name").getAsString())).findFirst().orElseThrow();
                        if (m.method() == Method.OLS) continue;
                        boolean reml = m.method() == Method.REML;
                        var design = m.bound().matrices();
                        FitResult r = ModelFitter.fit(design, FitOptions.defaults().withReml(reml));
                        out.add(new Fitted(m, new ProfiledDeviance(design, reml), r, w));
                    }
                }
            }
        }
        return out;
    }
}
