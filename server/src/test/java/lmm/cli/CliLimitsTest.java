package lmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Formulas that are short to write but huge to expand, or long enough to be deep: a located error, quickly. */
class CliLimitsTest {
    @TempDir Path dir;

    void dungData() throws Exception {
        Files.copy(MainTest.example("dung.csv"), dir.resolve("dung.csv"));
    }

    @Test
    void aPowerOfFourteenTermsIsRefusedAtTheFormula() throws Exception {
        StringBuilder csv = new StringBuilder("y");
        for (int j = 0; j < 14; j++) csv.append(",x").append(j);
        csv.append('\n');
        for (int i = 0; i < 30; i++) {
            csv.append(i % 7);
            for (int j = 0; j < 14; j++) csv.append(',').append((i * 7 + j * 3) % 11);
            csv.append('\n');
        }
        Files.writeString(dir.resolve("wide.csv"), csv);
        String terms = IntStream.range(0, 14).mapToObj(j -> "x" + j).collect(Collectors.joining(" + "));
        // line 2, the power starts at column 15: "model m = y ~ (x0 + …)^14"
        Files.writeString(dir.resolve("power.lmm"), "data \"wide.csv\"\nmodel m = y ~ (" + terms + ")^14\n");
        // before the limit this ran for minutes; now it is a JVM start and a parse (the time limit allows for a loaded machine)
        CliProcess.Result r = CliProcess.run(dir, java.util.List.of(), 90, "fit", "power.lmm");
        assertFalse(r.timedOut(), "the expansion must not stall");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("power.lmm:2:15: error: this formula expands to more than 1000 terms"), r.err());
        assertFalse(r.showsAStackTrace(), r.err());
    }

    @Test
    void aHugePowerOfFewTermsEndsQuickly() throws Exception {
        dungData();
        // (a + b)^1e9 is a + b + a:b: the expansion stops once a power adds nothing
        Files.writeString(dir.resolve("p.lmm"), "data \"dung.csv\"\nmodel m = pr_dung ~ (flies + oven_block)^1000000000\n");
        CliProcess.Result r = CliProcess.run(dir, java.util.List.of(), 90, "matrices", "p.lmm", "--rows", "1");
        assertFalse(r.timedOut());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("flies:oven_block"), r.out());
    }

    @Test
    void aChainOfFiveThousandTermsIsALocatedErrorNotAStackOverflow() throws Exception {
        dungData();
        for (String op : new String[] {" + ", ":", " * "}) {
            String chain = IntStream.range(0, 5000).mapToObj(i -> "flies").collect(Collectors.joining(op));
            Files.writeString(dir.resolve("chain.lmm"), "data \"dung.csv\"\nmodel m = pr_dung ~ " + chain + "\n");
            CliProcess.Result r = CliProcess.run(dir, "fit", "chain.lmm");
            assertEquals(1, r.status(), op + ": " + r.err());
            assertFalse(r.showsAStackTrace(), r.err());
            // the 1001st operator ('~' is the first): after "model m = pr_dung ~ " (20 characters) and 1000 terms
            int column = 1 + 20 + 999 * ("flies".length() + op.length()) + "flies".length() + (op.startsWith(" ") ? 1 : 0);
            assertTrue(r.err().contains("chain.lmm:2:" + column + ": error: formula too long: more than 1000 operators"),
                    op + " (expected column " + column + "): " + r.err().substring(0, Math.min(400, r.err().length())));
        }
    }

    @Test
    void deepNestingIsALocatedError() throws Exception {
        dungData();
        String deep = "(".repeat(5000) + "flies" + ")".repeat(5000);
        Files.writeString(dir.resolve("deep.lmm"), "data \"dung.csv\"\nmodel m = pr_dung ~ " + deep + "\n");
        CliProcess.Result r = CliProcess.run(dir, "fit", "deep.lmm");
        assertEquals(1, r.status(), r.err());
        assertFalse(r.showsAStackTrace(), r.err());
        assertTrue(r.err().contains("deep.lmm:2:"), r.err());
        assertTrue(r.err().contains("formula nested too deeply"), r.err());
    }
}
