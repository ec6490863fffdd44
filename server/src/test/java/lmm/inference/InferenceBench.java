package lmm.inference;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import lmm.data.DataCache;
import lmm.fit.PenalisedSolution;
import lmm.fit.ProfiledDeviance;
import lmm.fit.FitOptions;
import lmm.fit.FitResult;
import lmm.fit.ModelFitter;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.Method;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;

/**
 * Not a unit test: in-process times of inference for bench/run.sh, against the fit of the same
 * model. Per model of an .lmm file, the best of {@code reps} runs (after one warm-up) of: the fit;
 * Satterthwaite's df for every coefficient (Hessian, Jacobian and the df); Kenward–Roger (REML fits
 * with at most KenwardRoger.MAX_RANDOM_EFFECTS random effects); the profile intervals of every
 * parameter (models within ModelInference's profile limit). Prints one line per model:
 * <pre>inference MODEL rows=.. fit_s=.. satterthwaite_s=.. ratio=.. kr_s=.. profile_s=..</pre>
 * Usage: {@code java -cp ... lmm.inference.InferenceBench FILE.lmm [reps]}
 */
public final class InferenceBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file, StandardCharsets.UTF_8)),
                file.toAbsolutePath().getParent(), new DataCache()::load);
        for (ModelEntry m : doc.models()) {
            var d = m.bound().matrices();
            boolean reml = m.method() == Method.REML;
            FitOptions options = FitOptions.defaults().withReml(reml);
            FitResult[] fit = new FitResult[1];
            double fitS = best(reps, () -> fit[0] = ModelFitter.fit(d, options));
            FitResult r = fit[0];
            double satt = best(reps, () -> {
                ProfiledDeviance dev = new ProfiledDeviance(d, reml);
                Satterthwaite s = Satterthwaite.of(dev, lmm.fit.CheckStencil.of(r), r.theta(), r.sigma(), r.vcov(), () -> false);
                for (int j = 0; j < r.beta().length; j++) {
                    double[] l = new double[r.beta().length];
                    l[j] = 1;
                    s.df(l);
                }
            });
            String kr = "skipped";
            if (reml && d.q() <= KenwardRoger.MAX_RANDOM_EFFECTS) {
                kr = String.format(Locale.ROOT, "%.4f", best(reps, () -> KenwardRoger.of(d, new ProfiledDeviance(d, true), r.theta(), r.sigma(), r.vcov())));
            }
            String profile = "skipped";
            if (ModelInference.profileFits(d)) {
                profile = String.format(Locale.ROOT, "%.4f", best(reps, () -> {
                    FitResult ml = reml ? ModelFitter.fit(d, FitOptions.defaults().withReml(false)) : r;
                    ProfileIntervals.of(new ProfiledDeviance(d, false), ml, r.fixef().names(), 0.95, () -> false);
                }));
            }
            System.out.printf(Locale.ROOT, "inference %s rows=%d fit_s=%.4f satterthwaite_s=%.4f ratio=%.2f kr_s=%s profile_s=%s%n",
                    m.name(), d.n(), fitS, satt, satt / fitS, kr, profile);
        }
    }

    private static double best(int reps, Runnable task) {
        task.run();   // warm-up
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            task.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }
}
