package lmm.data;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Not a unit test: times {@link CsvLoader#load} on a 1 000 000-row × 10-column numeric CSV (about
 * 100 MB: integers, 4-decimal numbers and full-precision doubles). On the 2-core development machine
 * (JDK 17) the warm figure was 1.03–1.17 s (best 1.03 s), first run 1.34 s.
 *
 * <pre>
 * mvn -q -B -o test-compile -pl server
 * mvn -q -B dependency:build-classpath -pl server -Dmdep.outputFile=/tmp/lmm-cp.txt
 * java -cp server/target/classes:server/target/test-classes:$(cat /tmp/lmm-cp.txt) lmm.data.CsvLoadBenchmark [rows] [runs]
 * </pre>
 */
public final class CsvLoadBenchmark {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path file = Files.createTempFile("lmm-bench", ".csv");
        try {
            Random r = new Random(42);
            try (BufferedWriter w = Files.newBufferedWriter(file)) {
                for (int j = 0; j < 10; j++) w.write((j == 0 ? "" : ",") + "x" + j);
                w.write('\n');
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < 10; j++) {
                        if (j > 0) w.write(',');
                        switch (j % 3) {
                            case 0 -> w.write(Integer.toString(r.nextInt(1000)));
                            case 1 -> w.write(String.format(Locale.ROOT, "%.4f", r.nextGaussian() * 100));
                            default -> w.write(Double.toString(r.nextDouble()));
                        }
                    }
                    w.write('\n');
                }
            }
            System.out.printf(Locale.ROOT, "file: %d rows x 10 columns, %.1f MB%n", rows, Files.size(file) / 1e6);
            double best = Double.MAX_VALUE;
            for (int k = 0; k < runs; k++) {
                long t0 = System.nanoTime();
                DataTable t = CsvLoader.load(file);
                double s = (System.nanoTime() - t0) / 1e9;
                best = Math.min(best, s);
                System.out.printf(Locale.ROOT, "run %d: %.3f s (%d rows, %d columns)%n", k + 1, s, t.rowCount(), t.columnCount());
            }
            System.out.printf(Locale.ROOT, "best: %.3f s%n", best);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
