package lmm.lsp;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/** Generated data for tests and the benchmark. */
final class Generated {
    private Generated() {}

    /**
     * A CSV with columns y, x, g (groups g0..), h (groups h0..): y depends on x, g and h.
     * Written with a fixed seed, so runs are repeatable.
     */
    static Path csv(Path file, int rows, int gLevels, int hLevels) throws IOException {
        Random r = new Random(42);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("y,x,g,h\n");
            for (int i = 0; i < rows; i++) {
                int g = r.nextInt(gLevels), h = r.nextInt(hLevels);
                double x = r.nextDouble();
                double y = r.nextGaussian() + x * (g % 7) + 0.1 * (h % 5);
                w.write(String.format(Locale.ROOT, "%.5f,%.5f,g%d,h%d%n", y, x, g, h));
            }
        }
        return file;
    }
}
