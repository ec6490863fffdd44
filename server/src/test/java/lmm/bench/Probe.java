package lmm.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lmm.data.DataCache;
import lmm.fit.*;
import lmm.model.*;
import lmm.syntax.Parser;

public final class Probe {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file, StandardCharsets.UTF_8)),
                file.toAbsolutePath().getParent(), new DataCache()::load);
        for (ModelEntry m : doc.models()) {
            for (DenseCholesky c : new DenseCholesky[] {DenseCholesky.ejml(), DenseCholesky.lapack().orElse(DenseCholesky.ejml())}) {
                FitResult r = ModelFitter.fit(m.bound().matrices(), FitOptions.defaults().withReml(m.method() == Method.REML).withCholesky(c));
                System.out.println(m.name() + " " + c.name() + " evals=" + r.evaluations() + " theta=" + java.util.Arrays.toString(r.theta()) + " beta=" + java.util.Arrays.toString(r.beta()) + " ll=" + r.logLik());
            }
        }
    }
}
