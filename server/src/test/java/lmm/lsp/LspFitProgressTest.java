package lmm.lsp;

import static lmm.lsp.LspHarness.doc;
import static lmm.lsp.LspHarness.pos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lmm.analysis.Fixtures;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCancelParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressNotification;
import org.eclipse.lsp4j.WorkDoneProgressReport;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fit's progress and its cancellation through JSON-RPC, as VS Code does them: the server creates
 * a progress (the client declares window.workDoneProgress), sends begin, a report per evaluation,
 * end; $/cancelRequest of the executeCommand request, or window/workDoneProgress/cancel of the
 * progress, answers the request with RequestCancelled at once and stops the fit; hovers are answered
 * while a fit runs.
 */
@Timeout(900)
class LspFitProgressTest {
    static final long WAIT = 120_000;
    /** Generous for a loaded 2-core machine: the cancelled fit's answer and the end of its work. */
    static final long CANCEL_BOUND_MS = 5_000;
    static final Pattern REPORT = Pattern.compile("evaluation (\\d+), (REML criterion|deviance) (-?[0-9.]+(e[-+]\\d+)?)");
    /** The seed's model 'blocks' (REML): lme4's REML criterion at the optimum, -2 × 44.7146125227956. */
    static final double DUNG_REML_CRITERION = -89.4292250455911;

    @TempDir Path tmp;
    LspHarness lsp;

    @BeforeEach
    void start() throws Exception {
        lsp = new LspHarness(null);
    }

    @AfterEach
    void stop() {
        lsp.close();
    }

    static WorkDoneProgressNotification value(ProgressParams p) { return p.getValue().getLeft(); }

    List<ProgressParams> progressOf(Either<String, Integer> token) {
        synchronized (lsp.client) {
            List<ProgressParams> out = new ArrayList<>();
            for (ProgressParams p : lsp.client.progress) if (p.getToken().equals(token)) out.add(p);
            return out;
        }
    }

    /** The token of the first progress begun after {@code from} notifications. */
    Either<String, Integer> awaitBegin(int from) throws InterruptedException {
        lsp.client.awaitProgress(ps -> ps.size() > from && ps.subList(from, ps.size()).stream()
                .anyMatch(p -> value(p) instanceof WorkDoneProgressBegin), WAIT);
        synchronized (lsp.client) {
            return lsp.client.progress.subList(from, lsp.client.progress.size()).stream()
                    .filter(p -> value(p) instanceof WorkDoneProgressBegin).findFirst().orElseThrow().getToken();
        }
    }

    void awaitEnd(Either<String, Integer> token, long timeoutMs) throws InterruptedException {
        lsp.client.awaitProgress(ps -> ps.stream().anyMatch(p -> p.getToken().equals(token) && value(p) instanceof WorkDoneProgressEnd), timeoutMs);
    }

    @Test
    void aFitReportsBeginThenEvaluationsInOrderThenEnd() throws Exception {
        Fixtures.dungDir(tmp);
        String uri = lsp.open(tmp.resolve("dung.lmm"), Files.readString(tmp.resolve("dung.lmm")));
        lsp.client.awaitDiagnostics(uri, p -> true, WAIT);
        Object answer = lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("lmm.fit", List.of(uri, "blocks")))
                .get(WAIT, TimeUnit.MILLISECONDS);
        assertNotNull(answer);
        assertEquals(1, lsp.client.progressCreated.get(), "the server created the progress (window/workDoneProgress/create)");
        Either<String, Integer> token = awaitBegin(0);
        awaitEnd(token, WAIT);
        List<ProgressParams> ps = progressOf(token);

        WorkDoneProgressBegin begin = assertInstanceOf(WorkDoneProgressBegin.class, value(ps.get(0)));
        assertEquals("Fitting blocks", begin.getTitle());
        assertEquals("REML, 18 rows", begin.getMessage());
        assertTrue(begin.getCancellable());
        WorkDoneProgressEnd end = assertInstanceOf(WorkDoneProgressEnd.class, value(ps.get(ps.size() - 1)));
        assertEquals("done", end.getMessage());
        List<ProgressParams> reports = ps.subList(1, ps.size() - 1);
        assertFalse(reports.isEmpty(), "at least the first evaluation is reported");
        int last = 0;
        for (ProgressParams p : reports) {
            WorkDoneProgressReport r = assertInstanceOf(WorkDoneProgressReport.class, value(p), "only reports between begin and end");
            Matcher m = REPORT.matcher(r.getMessage());
            assertTrue(m.matches(), r.getMessage());
            int evaluation = Integer.parseInt(m.group(1));
            assertTrue(evaluation > last, "evaluations in increasing order: " + r.getMessage() + " after " + last);
            last = evaluation;
            assertEquals("REML criterion", m.group(2));
            // no evaluation lies below lme4's optimum (6 significant digits are shown: half a unit of -89.4292's last)
            assertTrue(Double.parseDouble(m.group(3)) >= DUNG_REML_CRITERION - 0.00005, r.getMessage());
        }
        assertTrue(((WorkDoneProgressReport) value(reports.get(0))).getMessage().startsWith("evaluation 1, "),
                "the first evaluation is always reported");
    }

    /** A fit of some seconds on a quiet machine (20 000 rows, 400 × 300 levels, a random slope). */
    String slowDocument() throws Exception {
        Generated.csv(tmp.resolve("slow.csv"), 20_000, 400, 300);
        String uri = lsp.open(tmp.resolve("slow.lmm"), "data \"slow.csv\"\nmodel slow = y ~ x + (1 + x | g) + (1 | h)\n");
        lsp.client.awaitDiagnostics(uri, p -> true, WAIT);
        return uri;
    }

    void assertNotFitted(String uri) throws Exception {
        assertEquals("▶ Fit (REML)", lsp.server.getTextDocumentService().codeLens(new CodeLensParams(doc(uri)))
                .get(WAIT, TimeUnit.MILLISECONDS).get(0).getCommand().getTitle(), "a cancelled fit stores nothing");
    }

    @Test
    void cancelRequestEndsASlowFitWithRequestCancelledAndHoversAreAnsweredMeanwhile() throws Exception {
        String uri = slowDocument();
        CompletableFuture<Object> fit = lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("lmm.fit", List.of(uri, "slow")));
        Either<String, Integer> token = awaitBegin(0);
        lsp.client.awaitProgress(ps -> ps.stream().anyMatch(p -> p.getToken().equals(token) && value(p) instanceof WorkDoneProgressReport), WAIT);

        // a hover on the formula while the fit runs: the model's dimensions, by hand (q = 400 × 2 + 300)
        Hover h = lsp.server.getTextDocumentService().hover(new HoverParams(doc(uri), pos(1, 15))).get(WAIT, TimeUnit.MILLISECONDS);
        assertTrue(h.getContents().getRight().getValue().contains("Y 20000 × 1 = X 20000 × 2 · β 2 × 1 + Z 20000 × 1100 · u 1100 × 1 + e 20000 × 1"),
                h.getContents().getRight().getValue());
        assertTrue(progressOf(token).stream().noneMatch(p -> value(p) instanceof WorkDoneProgressEnd), "the fit was still running during the hover");

        long cancelled = System.nanoTime();
        fit.cancel(true); // LSP4J sends $/cancelRequest
        long answered = lsp.client.awaitErrorResponse(ResponseErrorCode.RequestCancelled.getValue(), cancelled, CANCEL_BOUND_MS);
        assertTrue((answered - cancelled) / 1e6 < CANCEL_BOUND_MS);
        awaitEnd(token, CANCEL_BOUND_MS);
        List<ProgressParams> ps = progressOf(token);
        assertEquals("cancelled", ((WorkDoneProgressEnd) value(ps.get(ps.size() - 1))).getMessage());
        assertNotFitted(uri);
    }

    @Test
    void cancellingTheProgressAnswersTheRequestWithRequestCancelledAndStopsTheFit() throws Exception {
        String uri = slowDocument();
        CompletableFuture<Object> fit = lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("lmm.fit", List.of(uri, "slow")));
        Either<String, Integer> token = awaitBegin(0);
        lsp.client.awaitProgress(ps -> ps.stream().anyMatch(p -> p.getToken().equals(token) && value(p) instanceof WorkDoneProgressReport), WAIT);
        long cancelled = System.nanoTime();
        lsp.server.cancelProgress(new WorkDoneProgressCancelParams(token));
        ExecutionException e = assertThrows(ExecutionException.class, () -> fit.get(CANCEL_BOUND_MS, TimeUnit.MILLISECONDS));
        ResponseErrorException error = assertInstanceOf(ResponseErrorException.class, e.getCause());
        assertEquals(ResponseErrorCode.RequestCancelled.getValue(), error.getResponseError().getCode());
        assertTrue((System.nanoTime() - cancelled) / 1e6 < CANCEL_BOUND_MS);
        awaitEnd(token, CANCEL_BOUND_MS);
        List<ProgressParams> ps = progressOf(token);
        assertEquals("cancelled", ((WorkDoneProgressEnd) value(ps.get(ps.size() - 1))).getMessage());
        assertNotFitted(uri);
        // the server fits again afterwards (nothing was left half done)
        Object again = lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("lmm.fit", List.of(uri, "slow")))
                .get(WAIT * 5, TimeUnit.MILLISECONDS);
        assertTrue(new com.google.gson.Gson().toJsonTree(again).getAsJsonObject().get("ok").getAsBoolean(), again.toString());

        // the summary needs the inference (df, p, intervals): it has a progress of its own and stops on $/cancelRequest
        int from;
        synchronized (lsp.client) {
            from = lsp.client.progress.size();
        }
        CompletableFuture<Object> summary = lsp.server.getWorkspaceService().executeCommand(
                new ExecuteCommandParams("lmm.results", List.of(uri, "slow", "summary", "markdown")));
        Either<String, Integer> inference = awaitBegin(from);
        assertEquals("Inference for slow", ((WorkDoneProgressBegin) value(progressOf(inference).get(0))).getTitle());
        cancelled = System.nanoTime();
        summary.cancel(true);
        lsp.client.awaitErrorResponse(ResponseErrorCode.RequestCancelled.getValue(), cancelled, CANCEL_BOUND_MS);
        awaitEnd(inference, CANCEL_BOUND_MS);
        List<ProgressParams> ips = progressOf(inference);
        assertEquals("cancelled", ((WorkDoneProgressEnd) value(ips.get(ips.size() - 1))).getMessage());
    }
}
