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
    private static final Map<String, AtomicBoolean> CANCELLED = new ConcurrentHashMap<>();

    private final LanguageClient client;
    private final Either<String, Integer> token;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile long lastReport;

    private Progress(LanguageClient client, Either<String, Integer> token) {
        this.client = client;
        this.token = token;
    }

    /** Starts a progress: with the client's token when given, else a new one when the client supports it. */
    static Progress begin(Session session, Either<String, Integer> clientToken, String title, String message) {
        LanguageClient c = session.client;
        Either<String, Integer> token = clientToken;
        var window = session.capabilities.getWindow();
        boolean supported = window != null && Boolean.TRUE.equals(window.getWorkDoneProgress());
        if (c == null || (token == null && !supported)) return new Progress(null, null);
        if (token == null) {
            token = Either.forLeft("lmm-fit-" + COUNTER.incrementAndGet());
            try {
                c.createProgress(new WorkDoneProgressCreateParams(token)).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                return new Progress(null, null);
            }
        }
        Progress p = new Progress(c, token);
        CANCELLED.put(key(token), p.cancelled);
        WorkDoneProgressBegin b = new WorkDoneProgressBegin();
        b.setTitle(title);
        b.setMessage(message);
        b.setCancellable(true);
        p.send(b);
        return p;
    }

    static void cancel(Either<String, Integer> token) {
        if (token == null) return;
        AtomicBoolean b = CANCELLED.get(key(token));
        if (b != null) b.set(true);
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
        CANCELLED.remove(key(token));
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
