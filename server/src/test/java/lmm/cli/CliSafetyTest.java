package lmm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against hostile or unusual input, run as a process: clear messages, no stack traces, safe output. */
class CliSafetyTest {
    @TempDir Path dir;

    void dung() throws Exception {
        Files.copy(MainTest.example("dung.csv"), dir.resolve("dung.csv"));
    }

    // ------------------------------------------------------------------ 5: data size and kind

    @Test
    void aFileOverTheDataLimitIsRefusedBeforeItIsRead() throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("big.csv"))) {
            w.write("y,x\n");
            for (int i = 0; i < 200_000; i++) w.write(i + "," + (i % 7) + "\n"); // 1 677 786 bytes
        }
        Files.writeString(dir.resolve("big.lmm"), "data \"big.csv\"\nmodel m = y ~ x\n");
        CliProcess.Result r = CliProcess.run(dir, List.of("-Dlmm.maxDataMB=1"), 60, "fit", "big.lmm");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("big.lmm:1:6: error: big.csv: the data file big.csv is 1.6 MB,"), r.err());
        assertTrue(r.err().contains("more than the limit of 1.0 MB (raise it with -Dlmm.maxDataMB=N"), r.err());
        assertFalse(r.showsAStackTrace(), r.err());
    }

    @Test
    void aFileThatDoesNotFitInTheHeapIsAMessageNotAStackTrace() throws Exception {
        Random rnd = new Random(1);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("huge.csv"))) {
            w.write("y,x,g\n");
            for (int i = 0; i < 1_500_000; i++) w.write(String.format(Locale.ROOT, "%.6f,%.6f,g%d%n", rnd.nextGaussian(), rnd.nextDouble(), i));
        }
        Files.writeString(dir.resolve("huge.lmm"), "data \"huge.csv\"\nmodel m = y ~ x + (1 | g)\n");
        CliProcess.Result r = CliProcess.run(dir, List.of("-Xmx48m", "-Dlmm.maxDataMB=1000"), 120, "fit", "huge.lmm");
        assertFalse(r.timedOut());
        assertTrue(r.status() == 1 || r.status() == 3, r.status() + ": " + r.err());
        assertTrue(r.err().contains("not enough memory") || r.err().contains("lmm: out of memory"), r.err());
        assertTrue(r.err().contains("-Xmx"), r.err());
        assertFalse(r.showsAStackTrace(), r.err());
    }

    @Test
    void aPipeOrADeviceIsNotReadAsData() throws Exception {
        Path fifo = dir.resolve("fifo.csv");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Files.createSymbolicLink(dir.resolve("zero.csv"), Path.of("/dev/zero"));
        for (String name : List.of("fifo.csv", "zero.csv")) {
            Files.writeString(dir.resolve("d.lmm"), "data \"" + name + "\"\nmodel m = y ~ x\n");
            CliProcess.Result r = CliProcess.run(dir, List.of(), 30, "fit", "d.lmm");
            assertFalse(r.timedOut(), name);
            assertEquals(1, r.status(), r.err());
            assertTrue(r.err().contains("d.lmm:1:6: error: " + name + ": ") && r.err().contains("is not a regular file"), r.err());
        }
    }

    // ------------------------------------------------------------------ 7: plot files

    @Test
    void plotReplacesASymbolicLinkInsteadOfWritingThroughIt() throws Exception {
        dung();
        Files.writeString(dir.resolve("p.lmm"), "data \"dung.csv\"\nmodel m = pr_dung ~ flies + (1 | oven_block)\n");
        Path out = Files.createDirectory(dir.resolve("plots"));
        Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me");
        Files.createSymbolicLink(out.resolve("m-qq.svg"), victim);
        CliProcess.Result r = CliProcess.run(dir, "plot", "p.lmm", "--out", "plots");
        assertEquals(0, r.status(), r.err());
        assertEquals("keep me", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(out.resolve("m-qq.svg")));
        assertTrue(Files.readString(out.resolve("m-qq.svg")).contains("<svg"));
    }

    @Test
    void twoModelsWhoseNamesMapToTheSameFileNameGetTwoFiles() throws Exception {
        dung();
        Files.writeString(dir.resolve("p.lmm"), "data \"dung.csv\"\nmodel modèle = pr_dung ~ flies\nmodel mod_le = pr_dung ~ 1\n");
        CliProcess.Result r = CliProcess.run(dir, "plot", "p.lmm", "--out", "plots");
        assertEquals(0, r.status(), r.err());
        List<String> files;
        try (Stream<Path> s = Files.list(dir.resolve("plots"))) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        // mod_le's files get the CRC-32 of "mod_le-qq" (and so on) appended; each printed path exists
        assertEquals(4, files.size(), files.toString());
        assertEquals(4, r.out().lines().count(), r.out());
        for (String line : r.out().lines().toList()) assertTrue(Files.exists(dir.resolve(line)), line);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("mod_le-qq".getBytes(StandardCharsets.UTF_8));
        assertTrue(files.contains(String.format("mod_le-qq-%08x.svg", crc.getValue())), files.toString());
        assertTrue(files.contains("mod_le-qq.svg"), files.toString());
    }

    // ------------------------------------------------------------------ 8: terminal escapes

    @Test
    void escapeSequencesFromDataNeverReachTheTerminalRaw() throws Exception {
        StringBuilder csv = new StringBuilder("y,g\n");
        String[] levels = {"\u001b[31mred\u001b[0m", "\u009b2J", "plain", "\u202eevil"};
        for (int i = 0; i < 12; i++) csv.append(1 + i % 3 + 0.1 * i).append(',').append(levels[i % 4]).append('\n');
        Files.writeString(dir.resolve("esc.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("esc.lmm"), "data \"esc.csv\"\nmodel m = y ~ 1 + (1 | g)\n");
        for (String[] args : new String[][] {{"fit", "esc.lmm", "--rows", "all"}, {"matrices", "esc.lmm"}, {"fit", "esc.lmm", "--json"}}) {
            CliProcess.Result r = CliProcess.run(dir, args);
            String all = r.out() + r.err();
            assertFalse(all.contains("\u001b"), args[0] + ": raw ESC");
            assertFalse(all.contains("\u009b"), args[0] + ": raw CSI");
            assertFalse(all.contains("\u202e"), args[0] + ": raw right-to-left override");
            assertTrue(r.out().contains("\\u001b[31mred\\u001b[0m"), args[0] + ": " + r.out());
            if (args.length > 2 && args[2].equals("--json")) {
                // still JSON, with the level as written
                JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
                assertTrue(root.toString().contains("\\u001b[31mred"), root.toString());
                JsonArray models = root.getAsJsonArray("models");
                assertEquals(1, models.size());
            }
        }
    }

    // ------------------------------------------------------------------ 9: separators and decimal commas

    /** y = 0.5 + 1.4 x by least squares on (1, 2), (2, 3), (3, 5), (4, 6): x̄ 2.5, ȳ 4, Sxy 7, Sxx 5 (by hand). */
    static final String SEMICOLONS = "y;x\n2,0;1,0\n3,0;2,0\n5,0;3,0\n6,0;4,0\n";

    @Test
    void aSemicolonFileWithDecimalCommasIsNamedAndTheDataLineToWriteIsGiven() throws Exception {
        Files.writeString(dir.resolve("semi.csv"), SEMICOLONS);
        Files.writeString(dir.resolve("s.lmm"), "data \"semi.csv\"\nmodel m = y ~ x\n");
        CliProcess.Result r = CliProcess.run(dir, "fit", "s.lmm");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("s.lmm:1:6: error: semi.csv: line 1"), r.err());
        assertTrue(r.err().contains("the first line (\"y;x\") is separated by ';', not by ','"), r.err());
        assertTrue(r.err().contains("write the data line as data \"semi.csv\" sep \";\" decimal \",\""), r.err());
    }

    @Test
    void sepAndDecimalReadTheFile() throws Exception {
        Files.writeString(dir.resolve("semi.csv"), SEMICOLONS);
        Files.writeString(dir.resolve("s.lmm"), "data \"semi.csv\" sep \";\" decimal \",\"\nmodel m = y ~ x\n");
        CliProcess.Result r = CliProcess.run(dir, "fit", "s.lmm", "--json");
        assertEquals(0, r.status(), r.err());
        JsonArray est = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("models").get(0).getAsJsonObject()
                .getAsJsonObject("fixef").getAsJsonArray("estimate");
        assertEquals(0.5, est.get(0).getAsDouble(), 1e-12);
        assertEquals(1.4, est.get(1).getAsDouble(), 1e-12);
        // the same with tabs
        Files.writeString(dir.resolve("tab.csv"), SEMICOLONS.replace(';', '\t').replace(',', '.'));
        Files.writeString(dir.resolve("t.lmm"), "data \"tab.csv\" sep \"\\t\"\nmodel m = y ~ x\n");
        r = CliProcess.run(dir, "fit", "t.lmm", "--json");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("1.4"), r.out());
    }

    @Test
    void quotedDecimalCommasInACommaFileAreNamedInAWarning() throws Exception {
        Files.writeString(dir.resolve("q.csv"), "y,x\n2,\"1,0\"\n3,\"2,0\"\n5,\"3,5\"\n6,\"4,0\"\n");
        Files.writeString(dir.resolve("q.lmm"), "data \"q.csv\"\nmodel m = y ~ x\n");
        CliProcess.Result r = CliProcess.run(dir, "fit", "q.lmm");
        assertTrue(r.err().contains("q.lmm:1:6: warning: q.csv: line 2, column 2: column 'x' is read as categorical (4 levels), but its cells look like numbers written with a decimal comma (\"1,0\" on line 2); if they are numbers, write the data line as data \"q.csv\" decimal \",\""), r.err());
    }

    @Test
    void badDataOptionsAreLocated() throws Exception {
        dung();
        Files.writeString(dir.resolve("o.lmm"), "data \"dung.csv\" seperator \";\" decimal \"x\"\nmodel m = pr_dung ~ flies\n");
        CliProcess.Result r = CliProcess.run(dir, "fit", "o.lmm");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("o.lmm:1:17: error: unknown data option 'seperator': the data line takes sep \";\" and decimal \",\""), r.err());
        assertTrue(r.err().contains("o.lmm:1:39: error: decimal is \".\" (the default) or \",\""), r.err());
    }

    // ------------------------------------------------------------------ 10: encoding and exit codes

    @Test
    void aFileThatIsNotUtf8GetsALineAndColumn() throws Exception {
        dung();
        byte[] text = "data \"dung.csv\"\nmodel m = pr_dung ~ fl\u00e9es\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("latin1.lmm"), text);
        CliProcess.Result r = CliProcess.run(dir, "fit", "latin1.lmm");
        assertEquals(1, r.status(), r.err());
        assertEquals("latin1.lmm:2:23: error: the file is not UTF-8 text: byte 0xE9 here is not valid UTF-8 (save the file as UTF-8)\n", r.err());
    }

    @Test
    void exitCodesAreTheReadmes() throws Exception {
        dung();
        Files.copy(MainTest.example("dung.lmm"), dir.resolve("dung.lmm"));
        Files.writeString(dir.resolve("bad.lmm"), "data \"dung.csv\"\nmodel m = pr_dung ~ flise\n");
        assertEquals(0, CliProcess.run(dir, "fit", "dung.lmm").status());
        assertEquals(1, CliProcess.run(dir, "fit", "bad.lmm").status());
        assertEquals(1, CliProcess.run(dir, "fit", "missing.lmm").status());
        assertEquals(2, CliProcess.run(dir, "fit").status());
        assertEquals(2, CliProcess.run(dir, "fit", "dung.lmm", "--bogus").status());
        assertEquals(2, CliProcess.run(dir, "fit", "dung.lmm", "--model", "nope").status());
        assertEquals(2, CliProcess.run(dir, "frobnicate").status());
        assertArrayEquals(new int[] {0, 0}, new int[] {CliProcess.run(dir, "--help").status(), CliProcess.run(dir, "--version").status()});
    }
}
