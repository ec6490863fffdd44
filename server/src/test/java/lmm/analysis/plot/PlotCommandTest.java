package lmm.analysis.plot;

import static lmm.analysis.plot.PlotFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import lmm.cli.Main;
import lmm.cli.PlotCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotCommandTest {
    @TempDir Path tmp;

    record Run(int status, String out, String err) {
        List<String> lines() { return out.lines().toList(); }
    }

    private static Run plot(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "plot";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = lmm.cli.Main.run(all, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private Path copyDung() throws Exception {
        Files.copy(examples().resolve("dung.lmm"), tmp.resolve("dung.lmm"));
        Files.copy(examples().resolve("dung.csv"), tmp.resolve("dung.csv"));
        return tmp.resolve("dung.lmm");
    }

    private static List<String> svgFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesEveryPlotOfEveryModelIntoPlotsNextToTheFile() throws Exception {
        Path file = copyDung();
        Run r = plot(file.toString());
        assertEquals(0, r.status(), r.err());
        Path dir = tmp.resolve("plots");
        List<String> expected = List.of("blocks-caterpillar-oven_block.svg", "blocks-qq.svg", "blocks-residuals-fitted.svg",
                "blocks_ml-caterpillar-oven_block.svg", "blocks_ml-qq.svg", "blocks_ml-residuals-fitted.svg");
        assertEquals(expected, svgFiles(dir));
        assertEquals(6, r.lines().size());
        for (String line : r.lines()) {
            Path p = Path.of(line);
            assertTrue(Files.isRegularFile(p), line);
            parse(Files.readString(p));
        }
        assertEquals(dir.resolve("blocks-residuals-fitted.svg").toString(), r.lines().get(0));
    }

    @Test
    void modelAndOutOptions() throws Exception {
        Path file = copyDung();
        Path out = tmp.resolve("some/where");
        Run r = plot(file.toString(), "--model", "blocks_ml", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("blocks_ml-caterpillar-oven_block.svg", "blocks_ml-qq.svg", "blocks_ml-residuals-fitted.svg"), svgFiles(out));
        assertFalse(Files.exists(tmp.resolve("plots")));
    }

    @Test
    void mainDispatchesPlot() throws Exception {
        Path file = copyDung();
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"plot", file.toString(), "--model", "blocks", "--out", tmp.resolve("m").toString()},
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        assertEquals(0, status, e.toString());
        assertEquals(3, svgFiles(tmp.resolve("m")).size());
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Path file = copyDung();
        assertEquals(2, plot().status());
        assertEquals(2, plot(file.toString(), "--bogus").status());
        assertEquals(2, plot(file.toString(), "--out").status());
        assertEquals(2, plot(file.toString(), file.toString()).status());
        Run r = plot(file.toString(), "--model", "nope");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no model named 'nope'"), r.err());
        assertFalse(Files.exists(tmp.resolve("plots")));
    }

    @Test
    void fileErrorsExitOneButGoodModelsAreStillPlotted() throws Exception {
        assertEquals(1, plot(tmp.resolve("missing.lmm").toString()).status());
        assertEquals(1, plot(tmp.toString()).status(), "a folder");
        Files.write(tmp.resolve("latin1.lmm"), new byte[] {'d', 'a', 't', 'a', ' ', (byte) 0xE9});
        Run latin = plot(tmp.resolve("latin1.lmm").toString());
        assertEquals(1, latin.status());
        assertTrue(latin.err().contains("latin1.lmm:1:6: error: the file is not UTF-8 text: byte 0xE9"), latin.err());
        Files.copy(examples().resolve("dung.csv"), tmp.resolve("dung.csv"));
        Files.writeString(tmp.resolve("bad.lmm"), """
                data "dung.csv"
                factor oven_block
                model good = pr_dung ~ flies + (1 | oven_block)
                model bad = no_such_column ~ flies
                """);
        Run r = plot(tmp.resolve("bad.lmm").toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("bad.lmm:"), r.err());
        assertEquals(List.of("good-caterpillar-oven_block.svg", "good-qq.svg", "good-residuals-fitted.svg"), svgFiles(tmp.resolve("plots")));
    }

    @Test
    void unwritableOutputExitsOne() throws Exception {
        Path file = copyDung();
        Path blocker = tmp.resolve("a-file");
        Files.writeString(blocker, "not a directory");
        Run r = plot(file.toString(), "--out", blocker.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("cannot write"), r.err());
    }
}
