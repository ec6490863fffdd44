package lmm.fit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lmm.data.DataCache;
import lmm.model.*;
import lmm.syntax.Parser;

/** Not a unit test: the phases of the first fit in a fresh JVM. */
public final class ColdPhases {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long a = System.nanoTime();
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file, StandardCharsets.UTF_8)),
                file.toAbsolutePath().getParent(), new DataCache()::load);
        DesignMatrices d = doc.models().get(0).bound().matrices();
        long b = System.nanoTime();
        DenseCholesky c = DenseCholesky.defaultImplementation();
        long c0 = System.nanoTime();
        ThetaLayout layout = new ThetaLayout(d);
        ProfiledDeviance dev = new ProfiledDeviance(d, false, c);
        long c2 = System.nanoTime();
        double[] st = StartingValues.moments(d, layout);
        long c3 = System.nanoTime();
        dev.objective(st);
        long c4 = System.nanoTime();
        st[0] *= 1.01; dev.objective(st);
        long c5 = System.nanoTime();
        dev.solution(st);
        long c6 = System.nanoTime();
        System.out.printf("bind %.0f, validate %.0f, construct %.0f, start %.0f, eval1 %.0f, eval2 %.0f, solve %.0f ms%n", (b-a)/1e6, (c0-b)/1e6, (c2-c0)/1e6, (c3-c2)/1e6, (c4-c3)/1e6, (c5-c4)/1e6, (c6-c5)/1e6);
    }
}
