package lmm.fit;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;
import org.ejml.data.DMatrixRMaj;

/**
 * Test-only helpers: a minimal CSV reader for the reference cases and builders of DesignMatrices by
 * hand (independent of lmm.data and lmm.model's builders).
 */
final class TestData {
    private TestData() { }

    /** A CSV file as columns of strings. */
    record Table(Map<String, List<String>> columns) {
        int rows() {
            return columns.values().iterator().next().size();
        }

        double[] numeric(String name) {
            return column(name).stream().mapToDouble(Double::parseDouble).toArray();
        }

        List<String> column(String name) {
            List<String> c = columns.get(name);
            if (c == null) throw new IllegalArgumentException("no column " + name);
            return c;
        }
    }

    static Table readCsv(String resource) {
        try (InputStream in = TestData.class.getResourceAsStream("/reference/" + resource)) {
            if (in == null) throw new IllegalArgumentException("missing resource " + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> header = splitLine(r.readLine());
            Map<String, List<String>> cols = new LinkedHashMap<>();
            for (String h : header) cols.put(h, new ArrayList<>());
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                List<String> cells = splitLine(line);
                for (int j = 0; j < header.size(); j++) cols.get(header.get(j)).add(cells.get(j));
            }
            return new Table(cols);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static List<String> splitLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else cur.append(ch);
        }
        out.add(cur.toString());
        return out;
    }

    /** A factor: sorted levels (numerically when all labels are numbers, else by code point as R's C collation) and refs. */
    record Factor(List<String> levels, int[] refs) { }

    static Factor factor(List<String> labels) {
        boolean numeric = labels.stream().allMatch(s -> s.matches("-?[0-9.]+"));
        TreeSet<String> set = new TreeSet<>(numeric
                ? (a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b))
                : String::compareTo);
        set.addAll(labels);
        List<String> levels = new ArrayList<>(set);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < levels.size(); i++) index.put(levels.get(i), i);
        int[] refs = labels.stream().mapToInt(index::get).toArray();
        return new Factor(levels, refs);
    }

    /** The interaction a:b of two label columns, labels joined with ':'. */
    static Factor interaction(List<String> a, List<String> b) {
        List<String> joined = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) joined.add(a.get(i) + ":" + b.get(i));
        return factor(joined);
    }

    static double[] ones(int n) {
        double[] o = new double[n];
        Arrays.fill(o, 1.0);
        return o;
    }

    /** X with the given columns (each of length n). */
    static DMatrixRMaj x(double[]... columns) {
        int n = columns[0].length;
        DMatrixRMaj x = new DMatrixRMaj(n, columns.length);
        for (int j = 0; j < columns.length; j++) {
            for (int i = 0; i < n; i++) x.set(i, j, columns[j][i]);
        }
        return x;
    }

    /** A random intercept (1 | group). */
    static RandomTerm intercept(String group, Factor f) {
        return new RandomTerm(group, f.levels(), f.refs(), List.of("(Intercept)"), new double[][] {ones(f.refs().length)});
    }

    /** A random term with named covariates, e.g. (Days | Subject): names ("(Intercept)", "Days"), columns (1, Days). */
    static RandomTerm term(String group, Factor f, List<String> names, double[]... z) {
        return new RandomTerm(group, f.levels(), f.refs(), names, z);
    }

    static DesignMatrices design(String response, double[] y, List<String> xNames, DMatrixRMaj x, RandomTerm... terms) {
        return new DesignMatrices(response, y, x, xNames, List.of(terms));
    }

    /** The seed's dung model, pr_dung ~ flies + (1 | oven_block), built by hand. */
    static DesignMatrices dung() {
        Table t = readCsv("dung.csv");
        double[] y = t.numeric("pr_dung");
        return design("pr_dung", y, List.of("(Intercept)", "flies"), x(ones(y.length), t.numeric("flies")),
                intercept("oven_block", factor(t.column("oven_block"))));
    }

    /** diameter ~ 1 + (1 | plate) + (1 | sample): crossed random intercepts (24 plates × 6 samples). */
    static DesignMatrices penicillin() {
        Table t = readCsv("penicillin.csv");
        double[] y = t.numeric("diameter");
        return design("diameter", y, List.of("(Intercept)"), x(ones(y.length)),
                intercept("plate", factor(t.column("plate"))), intercept("sample", factor(t.column("sample"))));
    }

    static DesignMatrices sleepstudy() {
        Table t = readCsv("sleepstudy.csv");
        double[] y = t.numeric("Reaction");
        double[] days = t.numeric("Days");
        return design("Reaction", y, List.of("(Intercept)", "Days"), x(ones(y.length), days),
                term("Subject", factor(t.column("Subject")), List.of("(Intercept)", "Days"), ones(y.length), days));
    }
}
