package lmm.lsp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressReport;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * One window/workDoneProgress: begin, reports, end. Does nothing when the client does not support
 * progress. A client may cancel it (window/workDoneProgress/cancel): {@link #cancelled()} then says so.
 */
final class Progress {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Map<String, Progress> RUNNING = new ConcurrentHashMap<>();

    private final LanguageClient client;
    private final Either<String, Integer> token;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /** Run once when the client cancels this progress: ends the request at once (RequestCancelled). */
    private final Runnable onCancel;
    private volatile long lastReport;

    private Progress(LanguageClient client, Either<String, Integer> token, Runnable onCancel) {
        this.client = client;
        this.token = token;
        this.onCancel = onCancel;
    }

    /**
     * Starts a progress: with the client's token when given, else a new one when the client supports it.
     *
     * @param onCancel run when the client cancels the progress (window/workDoneProgress/cancel)
     */
    static Progress begin(Session session, Either<String, Integer> clientToken, String title, String message, Runnable onCancel) {
        LanguageClient c = session.client;
        Either<String, Integer> token = clientToken;
        var window = session.capabilities.getWindow();
        boolean supported = window != null && Boolean.TRUE.equals(window.getWorkDoneProgress());
        if (c == null || (token == null && !supported)) return new Progress(null, null, onCancel);
        if (token == null) {
            token = Either.forLeft("lmm-fit-" + COUNTER.incrementAndGet());
            try {
                c.createProgress(new WorkDoneProgressCreateParams(token)).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                return new Progress(null, null, onCancel);
            }
        }
        Progress p = new Progress(c, token, onCancel);
        RUNNING.put(key(token), p);
        WorkDoneProgressBegin b = new WorkDoneProgressBegin();
        b.setTitle(title);
        b.setMessage(message);
        b.setCancellable(true);
        p.send(b);
        return p;
    }

    static void cancel(Either<String, Integer> token) {
        if (token == null) return;
        Progress p = RUNNING.get(key(token));
        if (p != null && p.cancelled.compareAndSet(false, true) && p.onCancel != null) p.onCancel.run();
    }

    boolean cancelled() { return cancelled.get(); }

    /** A report, at most one every 100 ms (the first always goes). */
    void report(String message) {
        if (client == null) return;
        long now = System.nanoTime();
        if (lastReport != 0 && now - lastReport < 100_000_000L) return;
        lastReport = now;
        WorkDoneProgressReport r = new WorkDoneProgressReport();
        r.setMessage(message);
        r.setCancellable(true);
        send(r);
    }

    void end(String message) {
        if (client == null) return;
        WorkDoneProgressEnd e = new WorkDoneProgressEnd();
        e.setMessage(message);
        send(e);
        RUNNING.remove(key(token));
    }

    private void send(org.eclipse.lsp4j.WorkDoneProgressNotification n) {
        try {
            client.notifyProgress(new ProgressParams(token, Either.forLeft(n)));
        } catch (RuntimeException ignored) {
            // the client went away; the fit goes on
        }
    }

    private static String key(Either<String, Integer> t) {
        return t.isLeft() ? "s:" + t.getLeft() : "i:" + t.getRight();
    }
}
