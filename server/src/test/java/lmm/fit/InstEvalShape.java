package lmm.fit;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;
import org.ejml.data.DMatrixRMaj;

/**
 * A seeded InstEval-shaped design built in memory (no R needed): 73 421 rows, 2 972 students s,
 * 1 128 lecturers d nested in 14 departments, a binary fixed factor service, integer ratings 1..5.
 * The same shape as bench/gen_data.R (whose data R writes for the benchmark), but its own random
 * numbers. {@link #main} writes it as CSV for computing lme4's reference values.
 */
final class InstEvalShape {
    static final int N = 73_421;
    static final int STUDENTS = 2_972;
    static final int LECTURERS = 1_128;
    static final int DEPARTMENTS = 14;

    private InstEvalShape() { }

    /** rows[i] = {y, service, s, d, dept}. */
    static int[][] rows(long seed) {
        Random r = new Random(seed);
        double[] popS = new double[STUDENTS];
        double[] popD = new double[LECTURERS];
        for (int i = 0; i < STUDENTS; i++) popS[i] = Math.exp(0.7 * r.nextGaussian());
        for (int i = 0; i < LECTURERS; i++) popD[i] = Math.exp(1.2 * r.nextGaussian());
        double[] cumS = cumulative(popS);
        double[] cumD = cumulative(popD);
        int[] deptOf = new int[LECTURERS];
        for (int i = 0; i < LECTURERS; i++) deptOf[i] = i < DEPARTMENTS ? i : r.nextInt(DEPARTMENTS);
        double[] pService = new double[LECTURERS];
        for (int i = 0; i < LECTURERS; i++) pService[i] = r.nextDouble();
        double[] effS = new double[STUDENTS];
        double[] effD = new double[LECTURERS];
        double[] effDept = new double[DEPARTMENTS];
        for (int i = 0; i < STUDENTS; i++) effS[i] = 0.32 * r.nextGaussian();
        for (int i = 0; i < LECTURERS; i++) effD[i] = 0.52 * r.nextGaussian();
        for (int i = 0; i < DEPARTMENTS; i++) effDept[i] = 0.08 * r.nextGaussian();
        int[][] rows = new int[N][];
        for (int i = 0; i < N; i++) {
            int s = i < STUDENTS ? i : draw(cumS, r);
            int d = i < LECTURERS ? (i * 7919) % LECTURERS : draw(cumD, r);
            int service = r.nextDouble() < pService[d] ? 1 : 0;
            double eta = 3.2 - 0.07 * service + effS[s] + effD[d] + effDept[deptOf[d]] + 1.18 * r.nextGaussian();
            int y = (int) Math.max(1, Math.min(5, Math.round(eta)));
            rows[i] = new int[] {y, service, s, d, deptOf[d]};
        }
        return rows;
    }

    private static double[] cumulative(double[] w) {
        double[] c = new double[w.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) c[i] = sum += w[i];
        for (int i = 0; i < w.length; i++) c[i] /= sum;
        return c;
    }

    private static int draw(double[] cum, Random r) {
        int i = Arrays.binarySearch(cum, r.nextDouble());
        return Math.min(cum.length - 1, i < 0 ? -i - 1 : i);
    }

    /** y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept). */
    static DesignMatrices design(long seed) {
        int[][] rows = rows(seed);
        double[] y = new double[N];
        DMatrixRMaj x = new DMatrixRMaj(N, 2);
        int[] s = new int[N];
        int[] d = new int[N];
        int[] dept = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = rows[i][0];
            x.set(i, 0, 1);
            x.set(i, 1, rows[i][1]);
            s[i] = rows[i][2];
            d[i] = rows[i][3];
            dept[i] = rows[i][4];
        }
        double[] ones = new double[N];
        Arrays.fill(ones, 1);
        return new DesignMatrices("y", y, x, List.of("(Intercept)", "service1"), List.of(
                new RandomTerm("s", labels("s", STUDENTS), s, List.of("(Intercept)"), new double[][] {ones}),
                new RandomTerm("d", labels("d", LECTURERS), d, List.of("(Intercept)"), new double[][] {ones}),
                new RandomTerm("dept", labels("dept", DEPARTMENTS), dept, List.of("(Intercept)"), new double[][] {ones})));
    }

    private static List<String> labels(String prefix, int count) {
        List<String> l = new ArrayList<>(count);
        for (int i = 0; i < count; i++) l.add(prefix + i);
        return l;
    }

    /** Writes the design as CSV (y,service,s,d,dept) for lme4. */
    public static void main(String[] args) throws Exception {
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20240611L;
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[0]))) {
            w.write("y,service,s,d,dept\n");
            for (int[] row : rows(seed)) {
                w.write(row[0] + "," + row[1] + ",s" + row[2] + ",d" + row[3] + ",dept" + row[4] + "\n");
            }
        }
    }
}
