package lmm.lsp;

import static lmm.lsp.LspHarness.doc;
import static lmm.lsp.LspHarness.pos;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCancelParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressNotification;
import org.eclipse.lsp4j.WorkDoneProgressReport;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * Not a unit test: the language server on a document whose data has 10⁶ rows (bench/movielens.lmm,
 * data from bench/gen_movielens.R), through JSON-RPC over pipes with a VS Code-like client (it
 * supports window/workDoneProgress, so the server creates the fit's progress). bench/lsp-million.sh
 * runs it; figures in docs/performance.md ("The language server at 10⁶ rows").
 * <ol>
 *   <li>open → first diagnostics (reads the CSV and binds the model);
 *   <li>hover (formula, a column, the model name) and completion, idle: median, p90, max;
 *   <li>diagnostics after edits (a comment, a space in the formula, a term removed and put back, the
 *       method): from didChange sent to the publishDiagnostics of that version (the 150 ms debounce
 *       included);
 *   <li>lmm.fit as the code lens runs it: progress begin → report per evaluation → end; hover and
 *       completion while it runs; cancelled by $/cancelRequest of the request, and a second fit by
 *       window/workDoneProgress/cancel: time until the RequestCancelled answer, the progress end, and
 *       until the fit's threads stop using CPU.
 * </ol>
 * Arguments: [document (bench/movielens.lmm)] [requests per figure (200)] [evaluations before a cancel (3)] [full: also fit to the end].
 */
public final class LspMillionBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "bench/movielens.lmm").toAbsolutePath().normalize();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int evaluationsBeforeCancel = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean full = args.length > 3 && args[3].equals("full");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        int modelLine = lineStarting(lines, "model ");
        String ml = lines[modelLine];
        String model = ml.substring(6, ml.indexOf('=')).trim();
        int tilde = ml.indexOf('~');
        String response = ml.substring(ml.indexOf('=') + 1, tilde).trim();
        int bar = ml.indexOf('|');
        int group = bar + 2;
        System.out.printf(Locale.ROOT, "document %s, model %s, %d processors, max heap %d MB, load %s%n", file, model,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, load());

        try (LspHarness lsp = new LspHarness(null)) {
            var td = lsp.server.getTextDocumentService();
            long t0 = System.nanoTime();
            String uri = lsp.open(file, text);
            lsp.client.awaitDiagnostics(uri, p -> true, 600_000);
            System.out.printf(Locale.ROOT, "open + first diagnostics (reads the CSV, binds the model): %.0f ms; diagnostics: %s%n",
                    ms(System.nanoTime() - t0), messages(lsp.client.lastDiagnostics(uri)));

            // the CSV read alone (the server's first read above was by a cold JVM; this one is warm)
            int dataLine = lineStarting(lines, "data ");
            if (dataLine >= 0) {
                String value = lines[dataLine].substring(lines[dataLine].indexOf('"') + 1, lines[dataLine].lastIndexOf('"'));
                Path csv = file.getParent().resolve(value);
                long r0 = System.nanoTime();
                lmm.data.DataTable table = new lmm.data.DataCache().load(csv);
                System.out.printf(Locale.ROOT, "the CSV read alone (DataCache.load, a second time in this JVM): %.0f ms, %d rows%n",
                        ms(System.nanoTime() - r0), table.rowCount());
            }

            HoverParams onFormula = new HoverParams(doc(uri), pos(modelLine, tilde));
            HoverParams onResponse = new HoverParams(doc(uri), pos(modelLine, ml.indexOf('=') + 2 + response.length() / 2));
            HoverParams onGroup = new HoverParams(doc(uri), pos(modelLine, group + 1));
            HoverParams onName = new HoverParams(doc(uri), pos(modelLine, 6 + model.length() / 2));
            CompletionParams afterTilde = new CompletionParams(doc(uri), pos(modelLine, tilde + 2));
            Hover h = td.hover(onFormula).get(60, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "formula hover: %d characters%n", h == null ? 0 : h.getContents().getRight().getValue().length());

            System.out.printf(Locale.ROOT, "%n== idle (load %s)%n", load());
            requests(td, runs, onFormula, onResponse, onGroup, onName, afterTilde, true);

            System.out.printf(Locale.ROOT, "%n== diagnostics after an edit, from didChange to publishDiagnostics of that version (load %s)%n", load());
            int commentLine = lineStarting(lines, "#");
            int end0 = lines[commentLine].length();
            edits(lsp, uri, 20, "typing in a comment", new Range(pos(commentLine, end0), pos(commentLine, end0)), "s",
                    new Range(pos(commentLine, end0), pos(commentLine, end0 + 1)), "");
            edits(lsp, uri, 20, "a space in the formula (the same model as R prints it)", new Range(pos(modelLine, tilde + 1), pos(modelLine, tilde + 1)), " ",
                    new Range(pos(modelLine, tilde + 1), pos(modelLine, tilde + 2)), "");
            int methodLine = lineStarting(lines, "method ");
            if (methodLine >= 0) {
                String mline = lines[methodLine];
                String other = mline.contains("ML") ? "REML" : "ML";
                String was = mline.substring(7);
                edits(lsp, uri, 6, "the method line (" + was + " → " + other + ")", new Range(pos(methodLine, 7), pos(methodLine, mline.length())), other,
                        new Range(pos(methodLine, 7), pos(methodLine, 7 + other.length())), was);
            }
            int plusX = ml.indexOf(" + x");
            if (plusX > 0) {
                edits(lsp, uri, 4, "a term removed from the formula and put back (\" + x\": X bound again)",
                        new Range(pos(modelLine, plusX), pos(modelLine, plusX + 4)), "",
                        new Range(pos(modelLine, plusX), pos(modelLine, plusX)), " + x");
            }

            System.out.printf(Locale.ROOT, "%n== lmm.fit, cancelled by $/cancelRequest after %d evaluations (load %s)%n", evaluationsBeforeCancel, load());
            cancelledFit(lsp, uri, model, runs, evaluationsBeforeCancel, false, onFormula, onResponse, onGroup, onName, afterTilde);
            System.out.printf(Locale.ROOT, "%n== lmm.fit, cancelled by window/workDoneProgress/cancel after %d evaluations (load %s)%n",
                    evaluationsBeforeCancel, load());
            cancelledFit(lsp, uri, model, 0, evaluationsBeforeCancel, true, onFormula, onResponse, onGroup, onName, afterTilde);
            System.out.printf(Locale.ROOT, "%n== lmm.fit, cancelled by $/cancelRequest before the first evaluation (load %s)%n", load());
            cancelledFit(lsp, uri, model, 0, 0, false, onFormula, onResponse, onGroup, onName, afterTilde);
            if (full) {
                System.out.printf(Locale.ROOT, "%n== lmm.fit to the end (load %s)%n", load());
                int before = lsp.client.progress.size();
                long f0 = System.nanoTime();
                Object answer = lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("lmm.fit", List.of(uri, model)))
                        .get(3600, TimeUnit.SECONDS);
                System.out.printf(Locale.ROOT, "fit answered in %.1f s: %s%n", ms(System.nanoTime() - f0) / 1000, answer);
                List<ProgressParams> ps;
                synchronized (lsp.client) {
                    ps = new ArrayList<>(lsp.client.progress.subList(before, lsp.client.progress.size()));
                }
                long reports = ps.stream().filter(p -> value(p) instanceof WorkDoneProgressReport).count();
                System.out.printf(Locale.ROOT, "progress: %d notifications, %d reports; last report: %s%n", ps.size(), reports,
                        ps.stream().filter(p -> value(p) instanceof WorkDoneProgressReport).reduce((a, b) -> b)
                                .map(p -> ((WorkDoneProgressReport) value(p)).getMessage()).orElse("none"));
                System.out.printf(Locale.ROOT, "%n== after the fit (load %s)%n", load());
                requests(td, runs, onFormula, onResponse, onGroup, onName, afterTilde, true);

                System.out.printf(Locale.ROOT, "%n== the summary's inference, cancelled by $/cancelRequest 2 s after its progress began (load %s)%n", load());
                int from = lsp.client.progress.size();
                long i0 = System.nanoTime();
                CompletableFuture<Object> summary = lsp.server.getWorkspaceService().executeCommand(
                        new ExecuteCommandParams("lmm.results", List.of(uri, model, "summary", "markdown")));
                lsp.client.awaitProgress(p -> since(p, from).stream().anyMatch(x -> value(x) instanceof WorkDoneProgressBegin), 600_000);
                System.out.printf(Locale.ROOT, "progress begin after %.0f ms: \"%s\"%n", ms(System.nanoTime() - i0),
                        ((WorkDoneProgressBegin) value(snap(lsp.client, from).get(0))).getTitle());
                Thread.sleep(2000);
                long c0 = System.nanoTime();
                long cpu0 = fitCpu();
                summary.cancel(true);
                long answered = lsp.client.awaitErrorResponse(ResponseErrorCode.RequestCancelled.getValue(), c0, 60_000);
                lsp.client.awaitProgress(p -> since(p, from).stream().anyMatch(x -> value(x) instanceof WorkDoneProgressEnd), 600_000);
                long ended = System.nanoTime();
                System.out.printf(Locale.ROOT, "cancel → RequestCancelled answer %.0f ms, → progress end (\"%s\") %.0f ms; CPU of the process after the cancel %.0f ms%n",
                        ms(answered - c0), ((WorkDoneProgressEnd) value(snap(lsp.client, from).stream()
                                .filter(x -> value(x) instanceof WorkDoneProgressEnd).findFirst().get())).getMessage(), ms(ended - c0), ms(fitCpu() - cpu0));
            }
        }
        System.out.printf(Locale.ROOT, "%nload at the end %s%n", load());
        System.exit(0); // LSP4J's reader threads are not daemons
    }

    /** Hover on the formula, a column, a grouping column and the model name, and completion: ≥ runs of each. */
    static void requests(org.eclipse.lsp4j.services.TextDocumentService td, int runs, HoverParams onFormula, HoverParams onResponse,
                         HoverParams onGroup, HoverParams onName, CompletionParams completion, boolean warm) throws Exception {
        if (warm) for (int i = 0; i < 20; i++) td.hover(onFormula).get(60, TimeUnit.SECONDS);
        report("hover on the formula (Y, X, Z, 20 rows)", time(runs, () -> td.hover(onFormula).get(60, TimeUnit.SECONDS)));
        report("hover on the response column", time(runs, () -> td.hover(onResponse).get(60, TimeUnit.SECONDS)));
        report("hover on a grouping column", time(runs, () -> td.hover(onGroup).get(60, TimeUnit.SECONDS)));
        report("hover on the model name", time(runs, () -> td.hover(onName).get(60, TimeUnit.SECONDS)));
        report("completion after '~ ' (columns with summaries)", time(runs, () -> td.completion(completion).get(60, TimeUnit.SECONDS)));
    }

    /** Alternates two edits (there and back) n times each; reports the time to that version's diagnostics. */
    static void edits(LspHarness lsp, String uri, int n, String what, Range r1, String t1, Range r2, String t2) throws Exception {
        double[] t = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            long a = System.nanoTime();
            int v = i % 2 == 0 ? lsp.edit(uri, r1, t1) : lsp.edit(uri, r2, t2);
            lsp.client.awaitDiagnostics(uri, p -> p.getVersion() != null && p.getVersion() == v, 600_000);
            t[i] = ms(System.nanoTime() - a);
        }
        Arrays.sort(t);
        report(what, t);
    }

    static void cancelledFit(LspHarness lsp, String uri, String model, int runs, int evaluations, boolean byProgress, HoverParams onFormula,
                             HoverParams onResponse, HoverParams onGroup, HoverParams onName, CompletionParams completion) throws Exception {
        var td = lsp.server.getTextDocumentService();
        int before;
        synchronized (lsp.client) {
            before = lsp.client.progress.size();
        }
        long f0 = System.nanoTime();
        CompletableFuture<Object> fit = lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("lmm.fit", List.of(uri, model)));
        lsp.client.awaitProgress(ps -> since(ps, before).stream().anyMatch(p -> value(p) instanceof WorkDoneProgressBegin), 600_000);
        ProgressParams begin = snap(lsp.client, before).get(0);
        Either<String, Integer> token = begin.getToken();
        System.out.printf(Locale.ROOT, "progress begin after %.0f ms: \"%s\" / \"%s\"%n", ms(System.nanoTime() - f0),
                ((WorkDoneProgressBegin) value(begin)).getTitle(), ((WorkDoneProgressBegin) value(begin)).getMessage());
        if (runs > 0) {
            lsp.client.awaitProgress(ps -> reports(since(ps, before)).size() >= 1, 600_000);
            System.out.printf(Locale.ROOT, "while the fit runs:%n");
            requests(td, Math.max(100, runs / 2), onFormula, onResponse, onGroup, onName, completion, false);
        }
        // cancel half an evaluation after the report of evaluation `evaluations` (the time between the
        // last two reports): the typical case, not the lucky one right after a report
        long pause = 0;
        if (evaluations > 0) {
            lsp.client.awaitProgress(ps -> reports(since(ps, before)).size() >= evaluations - 1, 600_000);
            long r1 = System.nanoTime();
            lsp.client.awaitProgress(ps -> reports(since(ps, before)).size() >= evaluations, 600_000);
            long r2 = System.nanoTime();
            pause = evaluations > 1 ? (r2 - r1) / 2 : 0;
            Thread.sleep(pause / 1_000_000);
        }
        List<ProgressParams> rs = reports(snap(lsp.client, before));
        if (!rs.isEmpty()) System.out.printf(Locale.ROOT, "%d reports so far, the last: \"%s\" (%.1f s after the request); cancel %.0f ms after it%n",
                rs.size(), ((WorkDoneProgressReport) value(rs.get(rs.size() - 1))).getMessage(), ms(System.nanoTime() - f0) / 1000, ms(pause));
        long cpuAtCancel = fitCpu();
        long c0 = System.nanoTime();
        if (byProgress) lsp.server.cancelProgress(new WorkDoneProgressCancelParams(token));
        else fit.cancel(true); // LSP4J sends $/cancelRequest
        long answered = byProgress ? -1 : lsp.client.awaitErrorResponse(ResponseErrorCode.RequestCancelled.getValue(), c0, 60_000);
        if (byProgress) {
            try {
                fit.get(60, TimeUnit.SECONDS);
                System.out.println("the fit was NOT cancelled");
            } catch (java.util.concurrent.ExecutionException e) {
                answered = System.nanoTime();
                System.out.printf(Locale.ROOT, "answer: %s%n", e.getCause().getMessage());
            }
        }
        lsp.client.awaitProgress(ps -> since(ps, before).stream().anyMatch(p -> value(p) instanceof WorkDoneProgressEnd), 60_000);
        long ended = System.nanoTime();
        ProgressParams endP = snap(lsp.client, before).stream().filter(p -> value(p) instanceof WorkDoneProgressEnd).findFirst().get();
        // the fit has stopped once the process used less than 10 ms of CPU in 100 ms
        long stopped;
        long last = fitCpu();
        while (true) {
            Thread.sleep(100);
            long now = fitCpu();
            if (now - last < 10_000_000L) {
                stopped = System.nanoTime() - 100_000_000L;
                break;
            }
            last = now;
            if (System.nanoTime() - c0 > 120_000_000_000L) {
                stopped = -1;
                break;
            }
        }
        System.out.printf(Locale.ROOT,
                "cancel → RequestCancelled answer %.0f ms, → progress end (\"%s\") %.0f ms, → the process idle ≤ %.0f ms; its CPU after the cancel %.0f ms%n",
                ms(answered - c0), ((WorkDoneProgressEnd) value(endP)).getMessage(), ms(ended - c0), stopped < 0 ? -1 : ms(Math.max(0, stopped - c0)),
                ms(fitCpu() - cpuAtCancel));
        // the reports in order: begin first, then evaluation 1, 2, … (one per evaluation), end last
        List<ProgressParams> all = snap(lsp.client, before);
        System.out.printf(Locale.ROOT, "progress of this fit: %d notifications: %s%n", all.size(), summary(all));
    }

    static String summary(List<ProgressParams> ps) {
        StringBuilder sb = new StringBuilder();
        for (ProgressParams p : ps) {
            WorkDoneProgressNotification n = value(p);
            if (sb.length() > 0) sb.append(" | ");
            if (n instanceof WorkDoneProgressBegin b) sb.append("begin ").append(b.getTitle());
            else if (n instanceof WorkDoneProgressReport r) sb.append(r.getMessage());
            else if (n instanceof WorkDoneProgressEnd e) sb.append("end ").append(e.getMessage());
        }
        return sb.toString();
    }

    /**
     * CPU time of this process (server and client share it; the idle client uses next to nothing).
     * Not the fit's Java threads alone: the native LAPACK's own threads would be missed.
     */
    static long fitCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static List<ProgressParams> since(List<ProgressParams> ps, int from) {
        return new ArrayList<>(ps.subList(from, ps.size()));
    }

    static List<ProgressParams> snap(TestClient c, int from) {
        synchronized (c) {
            return since(c.progress, from);
        }
    }

    static List<ProgressParams> reports(List<ProgressParams> ps) {
        return ps.stream().filter(p -> value(p) instanceof WorkDoneProgressReport).toList();
    }

    static WorkDoneProgressNotification value(ProgressParams p) {
        return p.getValue().isLeft() ? p.getValue().getLeft() : null;
    }

    static int lineStarting(String[] lines, String prefix) {
        for (int i = 0; i < lines.length; i++) if (lines[i].startsWith(prefix)) return i;
        return -1;
    }

    static String messages(org.eclipse.lsp4j.PublishDiagnosticsParams p) {
        return p == null ? "none" : p.getDiagnostics().isEmpty() ? "none" : p.getDiagnostics().stream().map(d -> d.getMessage()).toList().toString();
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    interface Body {
        void run() throws Exception;
    }

    static double[] time(int runs, Body body) throws Exception {
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long a = System.nanoTime();
            body.run();
            t[i] = ms(System.nanoTime() - a);
        }
        Arrays.sort(t);
        return t;
    }

    static void report(String what, double[] sorted) {
        System.out.printf(Locale.ROOT, "  %-72s median %8.2f ms   p90 %8.2f ms   max %8.2f ms   (n=%d)%n", what, sorted[sorted.length / 2],
                sorted[(int) (sorted.length * 0.9)], sorted[sorted.length - 1], sorted.length);
    }

    static double ms(long nanos) { return nanos / 1e6; }
}
