package lmm.lsp;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import lmm.analysis.DocumentSnapshot;
import lmm.analysis.LmmDiagnostics;
import lmm.analysis.StoredFit;
import lmm.data.DataCache;
import lmm.data.DataTable;
import lmm.model.DocumentBinder;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * The server's state: open documents, editor texts of CSV files, fit results, the data cache, the
 * settings and the executors. Thread-safe. Knows LSP only as far as publishing and refreshing go;
 * all answers are computed by the feature classes of lmm.analysis from a {@link DocumentSnapshot}.
 */
final class Session {
    static final long DEBOUNCE_MS = 150;

    final DataCache cache = new DataCache();
    final Settings settings = new Settings();
    final Map<String, OpenDocument> documents = new ConcurrentHashMap<>();
    /** Text of CSV files edited (and not saved) in the editor, by absolute path. */
    final Map<Path, String> csvTexts = new ConcurrentHashMap<>();
    /** Fits by document URI, then model name. */
    final Map<String, Map<String, StoredFit>> fits = new ConcurrentHashMap<>();
    /** Bumped whenever some data file changes: every cached analysis is then redone. */
    final AtomicLong dataGeneration = new AtomicLong();

    final ExecutorService requests = Executors.newFixedThreadPool(4, daemon("lmm-request"));
    final ScheduledExecutorService analysis = Executors.newSingleThreadScheduledExecutor(daemon("lmm-analysis"));
    final ExecutorService fitting = Executors.newFixedThreadPool(2, daemon("lmm-fit"));

    volatile LanguageClient client;
    volatile ClientCapabilities capabilities = new ClientCapabilities();
    /** What the client shows (Markdown or plain text, snippets), read from capabilities at initialize. */
    volatile lmm.analysis.ClientFormats formats = lmm.analysis.ClientFormats.PLAIN;
    volatile Path workspaceRoot;

    // ------------------------------------------------------------------ documents

    static Path pathOf(String uri) {
        if (uri == null) return null;
        try {
            URI u = new URI(uri);
            if (!"file".equalsIgnoreCase(u.getScheme())) return null;
            return Path.of(u).toAbsolutePath().normalize();
        } catch (Exception e) {
            return null;
        }
    }

    static boolean isCsv(String uri, String languageId) {
        if (languageId != null && languageId.equalsIgnoreCase("csv")) return true;
        return uri != null && uri.toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    Path directoryOf(Path file) {
        if (file != null && file.getParent() != null) return file.getParent();
        if (workspaceRoot != null) return workspaceRoot;
        return Path.of("").toAbsolutePath();
    }

    /** Where a data path is read from: the editor's text when the CSV is edited there, else the file. */
    DocumentBinder.DataSource dataSource() {
        return path -> {
            String text = csvTexts.get(path.toAbsolutePath().normalize());
            return text != null ? cache.loadText(path, text) : cache.load(path);
        };
    }

    /** The latest snapshot of an open document, analysed once per text and data version. */
    DocumentSnapshot snapshot(OpenDocument d) {
        long gen = dataGeneration.get();
        DocumentSnapshot s = d.cached(gen);
        if (s == null) {
            String text;
            int version;
            synchronized (d) {
                text = d.text();
                version = d.version();
            }
            s = DocumentSnapshot.analyse(d.uri, directoryOf(d.file), text, version, dataSource(), d.last());
            d.store(s, gen);
        }
        return s.withFits(fitsOf(d.uri));
    }

    /** The snapshot of a document by URI: open, or else read from disk. Null when neither. */
    DocumentSnapshot snapshot(String uri) {
        OpenDocument d = documents.get(uri);
        if (d != null && !d.csv) return snapshot(d);
        Path p = pathOf(uri);
        if (p == null) return null;
        try {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            return DocumentSnapshot.analyse(uri, directoryOf(p), text, -1, dataSource()).withFits(fitsOf(uri));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    Map<String, StoredFit> fitsOf(String uri) {
        Map<String, StoredFit> m = fits.get(uri);
        return m == null ? Map.of() : Map.copyOf(m);
    }

    void putFit(String uri, StoredFit f) { putFit(uri, f.model(), f); }

    /** Stores a fit under a key: the model's name, or the key of its ML refit for comparisons (LmmComparisons.refitKey). */
    void putFit(String uri, String key, StoredFit f) {
        fits.computeIfAbsent(uri, k -> new ConcurrentHashMap<>()).put(key, f);
    }

    // ------------------------------------------------------------------ analysis and publishing

    /** Re-analyses a document after {@code delayMs} (again if asked again before), then publishes diagnostics. */
    void schedule(OpenDocument d, long delayMs) {
        synchronized (d) {
            if (d.pending != null) d.pending.cancel(false);
            d.pending = analysis.schedule(() -> publish(d), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    void publish(OpenDocument d) {
        try {
            if (d.csv || documents.get(d.uri) != d) return;
            DocumentSnapshot s = snapshot(d);
            if (s.version() != d.version()) return; // a newer change is on its way
            LanguageClient c = client;
            if (c != null) c.publishDiagnostics(new PublishDiagnosticsParams(d.uri, LmmDiagnostics.compute(s), s.version()));
        } catch (RuntimeException | StackOverflowError e) {
            log(MessageType.Error, "diagnostics of " + d.uri + " failed: " + e);
            e.printStackTrace();
        }
    }

    /** Some data changed: redo every analysis, republish, and let the lenses and hints show staleness. */
    void dataChanged(long delayMs) {
        dataGeneration.incrementAndGet();
        for (OpenDocument d : documents.values()) if (!d.csv) schedule(d, delayMs);
        analysis.schedule(this::refreshViews, delayMs + 1, TimeUnit.MILLISECONDS);
    }

    /** Asks the client to fetch code lenses and inlay hints again (when it supports those requests). */
    void refreshViews() {
        LanguageClient c = client;
        if (c == null) return;
        var ws = capabilities.getWorkspace();
        try {
            if (ws != null && ws.getCodeLens() != null && Boolean.TRUE.equals(ws.getCodeLens().getRefreshSupport())) {
                c.refreshCodeLenses();
            }
            if (ws != null && ws.getInlayHint() != null && Boolean.TRUE.equals(ws.getInlayHint().getRefreshSupport())) {
                c.refreshInlayHints();
            }
        } catch (RuntimeException e) {
            log(MessageType.Warning, "refresh failed: " + e);
        }
    }

    /** A table for a path as the models see it, or null (for definition and completion helpers). */
    DataTable table(Path p) {
        try {
            return dataSource().load(p);
        } catch (Exception e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ logging and safety

    void log(MessageType type, String message) {
        System.err.println("lmm-lsp: " + message);
        LanguageClient c = client;
        if (c != null && type != MessageType.Log) {
            try {
                c.logMessage(new MessageParams(type, message));
            } catch (RuntimeException ignored) {
                // the client is gone
            }
        }
    }

    /** Runs a handler; on any failure logs it and returns the neutral answer. */
    <T> T safe(String what, Supplier<T> body, T neutral) {
        try {
            T t = body.get();
            return t == null ? neutral : t;
        } catch (java.util.concurrent.CancellationException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            log(MessageType.Error, what + " failed: " + e);
            e.printStackTrace();
            return neutral;
        }
    }

    void safe(String what, Runnable body) {
        safe(what, () -> { body.run(); return Boolean.TRUE; }, Boolean.FALSE);
    }

    void shutdown() {
        requests.shutdownNow();
        analysis.shutdownNow();
        fitting.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    static List<String> commands() { return List.of(Commands.FIT, Commands.RESULTS, Commands.PLOTS, Commands.COMPARE); }
}
