package lmm.lsp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.services.LanguageClient;

/** An LSP client for tests: records what the server sends and lets a test wait for it. */
final class TestClient implements LanguageClient {
    private final Map<String, PublishDiagnosticsParams> diagnostics = new HashMap<>();
    final List<ProgressParams> progress = new ArrayList<>();
    final List<RegistrationParams> registrations = new ArrayList<>();
    final List<String> logs = new ArrayList<>();
    final AtomicInteger codeLensRefreshes = new AtomicInteger();
    final AtomicInteger inlayHintRefreshes = new AtomicInteger();
    final AtomicInteger progressCreated = new AtomicInteger();

    @Override
    public synchronized void publishDiagnostics(PublishDiagnosticsParams p) {
        diagnostics.put(p.getUri(), p);
        notifyAll();
    }

    /** Waits until the latest diagnostics of uri satisfy the condition; returns them. */
    synchronized PublishDiagnosticsParams awaitDiagnostics(String uri, Predicate<PublishDiagnosticsParams> ok, long timeoutMs)
            throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (true) {
            PublishDiagnosticsParams p = diagnostics.get(uri);
            if (p != null && ok.test(p)) return p;
            long left = end - System.currentTimeMillis();
            if (left <= 0) throw new AssertionError("diagnostics of " + uri + " never matched; last: " + p);
            wait(left);
        }
    }

    synchronized PublishDiagnosticsParams lastDiagnostics(String uri) { return diagnostics.get(uri); }

    synchronized void awaitProgress(Predicate<List<ProgressParams>> ok, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!ok.test(progress)) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) throw new AssertionError("progress never matched: " + progress);
            wait(left);
        }
    }

    /** Error responses as they arrived: [code, System.nanoTime()]. */
    final List<long[]> errorResponses = new ArrayList<>();

    /** Sees every message the client receives, before LSP4J dispatches it. */
    synchronized void received(org.eclipse.lsp4j.jsonrpc.messages.Message m) {
        if (m instanceof org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage r && r.getError() != null) {
            errorResponses.add(new long[] {r.getError().getCode(), System.nanoTime()});
            notifyAll();
        }
    }

    /** Waits for an error response with that code received after {@code afterNanos}; returns when it arrived (nanoTime). */
    synchronized long awaitErrorResponse(int code, long afterNanos, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (true) {
            for (long[] e : errorResponses) if (e[0] == code && e[1] >= afterNanos) return e[1];
            long left = end - System.currentTimeMillis();
            if (left <= 0) throw new AssertionError("no error response " + code + "; got " + errorResponses.size() + " others");
            wait(left);
        }
    }

    @Override
    public synchronized void notifyProgress(ProgressParams params) {
        progress.add(params);
        notifyAll();
    }

    @Override
    public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
        progressCreated.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> registerCapability(RegistrationParams params) {
        registrations.add(params);
        notifyAll();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> refreshCodeLenses() {
        codeLensRefreshes.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> refreshInlayHints() {
        inlayHintRefreshes.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public void showMessage(MessageParams messageParams) {}

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized void logMessage(MessageParams message) {
        logs.add(message.getMessage());
    }
}
