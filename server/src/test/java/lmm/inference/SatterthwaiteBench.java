package lmm.inference;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import lmm.data.DataCache;
import lmm.fit.CheckStencil;
import lmm.fit.FitOptions;
import lmm.fit.FitResult;
import lmm.fit.ModelFitter;
import lmm.fit.ProfiledDeviance;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.Method;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;

/**
 * Not a unit test: Satterthwaite after a fit as the command line runs it (the fit's deviance function
 * and check stencil handed over), against the central differences on the same fit (same run, A/B):
 * per scheme, the points factored, wall and process CPU seconds, the df of each coefficient.
 * Usage: {@code java -cp ... lmm.inference.SatterthwaiteBench FILE.lmm}
 * <pre>satterthwaite MODEL scheme=.. points=.. wall_s=.. cpu_s=.. df=[..]</pre>
 */
public final class SatterthwaiteBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file, StandardCharsets.UTF_8)),
                file.toAbsolutePath().getParent(), new DataCache()::load);
        for (ModelEntry m : doc.models()) {
            if (m.method() == Method.OLS) continue;
            var d = m.bound().matrices();
            boolean reml = m.method() == Method.REML;
            FitResult r = ModelFitter.fit(d, FitOptions.defaults().withReml(reml));
            CheckStencil stencil = CheckStencil.of(r);
            ProfiledDeviance handed = ProfiledDeviance.of(d, reml, r);
            Satterthwaite.Scheme chosen = Satterthwaite.scheme(handed, stencil, r.theta().length);
            if (stencil != null) {
                System.out.printf(Locale.ROOT, "stencil %s recorded=%d offset_steps=%.4g%n", m.name(), stencil.recordedCount(),
                        stencil.offsetInSteps());
            }
            run(m.name(), chosen, handed, stencil, r);
            if (chosen != Satterthwaite.Scheme.CENTRAL) run(m.name(), Satterthwaite.Scheme.CENTRAL, new ProfiledDeviance(d, reml), null, r);
        }
    }

    private static void run(String name, Satterthwaite.Scheme scheme, ProfiledDeviance dev, CheckStencil stencil, FitResult r) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Satterthwaite s = Satterthwaite.of(dev, stencil, r.theta(), r.sigma(), r.vcov(), scheme, () -> false);
        int p = r.beta().length;
        double[] df = new double[p];
        for (int j = 0; j < p; j++) {
            double[] l = new double[p];
            l[j] = 1;
            df[j] = s.df(l);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        StringBuilder dfs = new StringBuilder();
        for (double v : df) dfs.append(dfs.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.10g", v));
        System.out.printf(Locale.ROOT, "satterthwaite %s scheme=%s points=%d wall_s=%.3f cpu_s=%.3f df=[%s]%n",
                name, scheme, s.points(), wall, cpu, dfs);
    }
}
