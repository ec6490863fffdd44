package lmm.lsp;

import static lmm.lsp.LspHarness.doc;
import static lmm.lsp.LspHarness.pos;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lmm.analysis.Fixtures;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Range;

/**
 * Not a unit test: the soak benchmark of the language server through JSON-RPC over pipes (bench/soak.sh
 * runs it in a JVM with a fixed heap). Three parts, see docs/performance.md:
 * <ol>
 *   <li>heap after GC while 100 distinct 8 MB CSV files are opened (each bound to a mixed model, a
 *       hover answered) and closed, every 10 files;
 *   <li>hover latency during 2 000 rapid edits of a document on 100 000 rows (each edit is followed at
 *       once by a hover, which waits for the re-analysis of the edited text);
 *   <li>50 fits asked for at once (the seed's model on 50 open documents): wall time and latencies.
 * </ol>
 */
public final class SoakBench {
    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int edits = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int fits = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Path dir = Files.createTempDirectory("lmm-soak");
        System.out.printf(Locale.ROOT, "max heap %d MB, %d processors, load %s%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());
        try (LspHarness lsp = new LspHarness(null)) {
            openAndClose(lsp, dir, files);
            rapidEdits(lsp, dir, edits);
            concurrentFits(lsp, dir, fits);
        }
    }

    static void openAndClose(LspHarness lsp, Path dir, int files) throws Exception {
        System.out.printf(Locale.ROOT, "%n== %d distinct 8 MB CSV files opened and closed%n", files);
        System.out.printf(Locale.ROOT, "heap after GC before: %.1f MB%n", heapAfterGc());
        long t0 = System.nanoTime();
        for (int i = 0; i < files; i++) {
            Path data = dir.resolve("soak" + i + ".csv");
            LspMemoryTest.csv(data, 1000 + i);
            String uri = lsp.open(dir.resolve("soak" + i + ".lmm"), "data \"soak" + i + ".csv\"\nmodel m = y ~ x + (1 | g)\n");
            Hover h = lsp.server.getTextDocumentService().hover(new HoverParams(doc(uri), pos(1, 12))).get(120, TimeUnit.SECONDS);
            if (h == null || !h.getContents().getRight().getValue().contains(" × 40")) throw new IllegalStateException("no hover for file " + i);
            lsp.server.getTextDocumentService().didClose(new DidCloseTextDocumentParams(doc(uri)));
            Files.delete(data);
            if ((i + 1) % 10 == 0) {
                System.out.printf(Locale.ROOT, "after %3d files: heap after GC %.1f MB (%.1f s)%n", i + 1, heapAfterGc(), (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    static void rapidEdits(LspHarness lsp, Path dir, int edits) throws Exception {
        System.out.printf(Locale.ROOT, "%n== hover latency during %d rapid edits (100 000 rows)%n", edits);
        Generated.csv(dir.resolve("big.csv"), 100_000, 50, 30);
        String text = "data \"big.csv\"\nmodel m = y ~ x + (1 | g)\n# notes\n";
        String uri = lsp.open(dir.resolve("big.lmm"), text);
        lsp.client.awaitDiagnostics(uri, p -> true, 60_000);
        double[] ms = new double[edits];
        Random r = new Random(1);
        for (int i = 0; i < edits; i++) {
            // type a character into the comment, or delete it again: a new text every time
            if (i % 2 == 0) lsp.edit(uri, new Range(pos(2, 7), pos(2, 7)), String.valueOf((char) ('a' + r.nextInt(26))));
            else lsp.edit(uri, new Range(pos(2, 7), pos(2, 8)), "");
            long t0 = System.nanoTime();
            Hover h = lsp.server.getTextDocumentService().hover(new HoverParams(doc(uri), pos(1, 12))).get(60, TimeUnit.SECONDS);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (h == null) throw new IllegalStateException("no hover at edit " + i);
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "hover after an edit: median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                ms[edits / 2], ms[(int) (edits * 0.9)], ms[(int) (edits * 0.99)], ms[edits - 1]);
        lsp.server.getTextDocumentService().didClose(new DidCloseTextDocumentParams(doc(uri)));
        System.out.printf(Locale.ROOT, "heap after GC: %.1f MB%n", heapAfterGc());
    }

    static void concurrentFits(LspHarness lsp, Path dir, int fits) throws Exception {
        System.out.printf(Locale.ROOT, "%n== %d fits at once (the seed's dung model, one open document each)%n", fits);
        Fixtures.dungDir(dir);
        String text = Files.readString(dir.resolve("dung.lmm"), StandardCharsets.UTF_8);
        List<String> uris = new ArrayList<>();
        for (int i = 0; i < fits; i++) uris.add(lsp.open(dir.resolve("dung" + i + ".lmm"), text));
        long t0 = System.nanoTime();
        List<CompletableFuture<Object>> running = new ArrayList<>();
        double[] done = new double[fits];
        for (int i = 0; i < fits; i++) {
            int k = i;
            running.add(lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("lmm.fit", List.of(uris.get(i), "blocks")))
                    .whenComplete((x, e) -> done[k] = (System.nanoTime() - t0) / 1e6));
        }
        // the server keeps answering hovers meanwhile
        long h0 = System.nanoTime();
        lsp.server.getTextDocumentService().hover(new HoverParams(doc(uris.get(0)), pos(6, 26))).get(60, TimeUnit.SECONDS);
        double hoverMs = (System.nanoTime() - h0) / 1e6;
        int failed = 0;
        for (CompletableFuture<Object> f : running) {
            try {
                f.get(300, TimeUnit.SECONDS);
            } catch (Exception e) {
                failed++;
            }
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        Arrays.sort(done);
        System.out.printf(Locale.ROOT, "%d fits: all done in %.0f ms, %d failed; latency median %.0f ms, max %.0f ms; a hover meanwhile %.1f ms%n",
                fits, wall, failed, done[fits / 2], done[fits - 1], hoverMs);
        for (String u : uris) lsp.server.getTextDocumentService().didClose(new DidCloseTextDocumentParams(doc(u)));
        System.out.printf(Locale.ROOT, "heap after GC, all closed: %.1f MB%n", heapAfterGc());
    }

    static double heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }
}
