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
    /** Bumped whenever some data file changes: every cached analysis is then redone. */
    final AtomicLong dataGeneration = new AtomicLong();

    final ExecutorService requests = Executors.newFixedThreadPool(4, daemon("lmm-request"));
    /** Debouncing and publishing only; it never waits for an analysis. */
    final ScheduledExecutorService analysis = Executors.newSingleThreadScheduledExecutor(daemon("lmm-schedule"));
    /**
     * Where documents are analysed (parse, read data, bind). Nobody blocks a thread of this pool
     * waiting for another analysis, and requests wait for their document's analysis without holding
     * a request thread, so a slow document delays only its own answers.
     */
    final ExecutorService analysing = Executors.newFixedThreadPool(3, daemon("lmm-analysis"));
    final ExecutorService fitting = Executors.newFixedThreadPool(2, daemon("lmm-fit"));

    volatile LanguageClient client;
    volatile ClientCapabilities capabilities = new ClientCapabilities();
    /** What the client shows (Markdown or plain text, snippets), read from capabilities at initialize. */
    volatile lmm.analysis.ClientFormats formats = lmm.analysis.ClientFormats.PLAIN;
    volatile Path workspaceRoot;
    /** Every workspace folder (for Restricted Mode); empty when the client named none. */
    volatile List<Path> workspaceRoots = List.of();

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
        return new DocumentBinder.DataSource() {
            @Override
            public DataTable load(Path path) throws lmm.data.DataException {
                return load(path, lmm.data.CsvOptions.STANDARD);
            }

            @Override
            public DataTable load(Path path, lmm.data.CsvOptions options) throws lmm.data.DataException {
                checkTrusted(path);
                String text = csvTexts.get(path.toAbsolutePath().normalize());
                return text != null ? cache.loadText(path, text, options) : cache.load(path, options);
            }
        };
    }

    /**
     * In Restricted Mode, refuses a data file outside every workspace folder (after following
     * symbolic links, so a link inside the workspace does not lead out of it).
     */
    void checkTrusted(Path path) throws lmm.data.DataException {
        if (!settings.restrictedMode) return;
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException | RuntimeException e) {
            real = path.toAbsolutePath().normalize();
        }
        for (Path root : workspaceRoots) {
            Path r;
            try {
                r = root.toRealPath();
            } catch (IOException | RuntimeException e) {
                r = root;
            }
            if (real.startsWith(r)) return;
        }
        throw lmm.data.DataException.of("Restricted Mode: " + path + " is outside the workspace folders; lmm reads data only"
                + " inside the workspace until you trust it");
    }

    /** The latest snapshot of an open document, analysed once per text and data version. */
    DocumentSnapshot snapshot(OpenDocument d) {
        return snapshotAsync(d).join();
    }

    /**
     * The latest snapshot of an open document, when its analysis (on {@link #analysing}, shared by
     * all who ask for the same text and data) is done. Fails with what the analysis threw.
     */
    java.util.concurrent.CompletableFuture<DocumentSnapshot> snapshotAsync(OpenDocument d) {
        long gen = dataGeneration.get();
        DocumentSnapshot cached = d.cached(gen);
        if (cached != null) return java.util.concurrent.CompletableFuture.completedFuture(cached.withFits(Map.copyOf(d.fits)));
        return d.analysis(gen, () -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            String text;
            int version;
            synchronized (d) {
                text = d.text();
                version = d.version();
            }
            try {
                DocumentSnapshot s = DocumentSnapshot.analyse(d.uri, directoryOf(d.file), text, version, dataSource(), d.last());
                d.store(s, gen);
                return s;
            } catch (StackOverflowError | OutOfMemoryError e) {
                throw new IllegalStateException("analysis of " + d.uri + " ran out of " + (e instanceof OutOfMemoryError ? "memory" : "stack"), e);
            }
        }, analysing)).thenApply(s -> s.withFits(Map.copyOf(d.fits)));
    }

    /**
     * The snapshot a request of an open document is answered from: the analysis of its current text
     * and data; but while only the data changed and that re-analysis (a CSV read, seconds at 10⁶
     * rows) is under way, the analysis of the same text before the change, so that no hover or
     * completion waits for a read of another version of the data. Diagnostics, lenses' staleness and
     * commands use the new analysis once it is there.
     */
    java.util.concurrent.CompletableFuture<DocumentSnapshot> requestSnapshot(OpenDocument d) {
        java.util.concurrent.CompletableFuture<DocumentSnapshot> fresh = snapshotAsync(d);
        if (fresh.isDone()) return fresh;
        DocumentSnapshot before = d.ofCurrentText();
        return before != null ? java.util.concurrent.CompletableFuture.completedFuture(before.withFits(Map.copyOf(d.fits))) : fresh;
    }

    /** The snapshot of a document by URI: open, or else read from disk. Null when neither. */
    DocumentSnapshot snapshot(String uri) {
        OpenDocument d = documents.get(uri);
        if (d != null && !d.csv) return snapshot(d);
        Path p = pathOf(uri);
        if (p == null) return null;
        try {
            checkTrusted(p); // Restricted Mode: no document outside the workspace is read either
            String text = Files.readString(p, StandardCharsets.UTF_8);
            // not open: no fit is kept for it (fits live as long as their document is open)
            return DocumentSnapshot.analyse(uri, directoryOf(p), text, -1, dataSource());
        } catch (IOException | RuntimeException | lmm.data.DataException e) {
            return null;
        }
    }

    /**
     * Keeps a fit for the document it was made for, if that document is still open (the same opening:
     * a fit that finishes after a close is dropped, and never shown after a reopen). A fit of a
     * document that is not open is returned to its caller and not kept.
     */
    void putFit(OpenDocument openedAtStart, StoredFit f) { putFit(openedAtStart, f.model(), f); }

    /** Stores a fit under a key: the model's name, or the key of its ML refit for comparisons (LmmComparisons.refitKey). */
    void putFit(OpenDocument openedAtStart, String key, StoredFit f) {
        if (openedAtStart != null && !openedAtStart.csv) openedAtStart.fits.put(key, f);
    }

    /**
     * The memory policy of data: the cache keeps only the tables of files that an open document names
     * (in its latest analysis) or that are open in the editor with unsaved text.
     */
    void releaseUnusedData() {
        java.util.Set<Path> inUse = new java.util.HashSet<>(csvTexts.keySet());
        for (OpenDocument d : documents.values()) {
            DocumentSnapshot s = d.last();
            if (s != null) for (DocumentSnapshot.DataContext c : s.data()) if (c.path() != null) inUse.add(c.path());
        }
        cache.retainOnly(inUse);
    }

    /** A diagnostic at the start of a document whose analysis failed (out of memory, a bug). */
    static org.eclipse.lsp4j.Diagnostic analysisFailed(Throwable failure) {
        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String what = t.getMessage() != null ? t.getMessage() : t.toString();
        return new org.eclipse.lsp4j.Diagnostic(new org.eclipse.lsp4j.Range(new org.eclipse.lsp4j.Position(0, 0),
                new org.eclipse.lsp4j.Position(0, 0)), "lmm could not analyse this document: " + what,
                org.eclipse.lsp4j.DiagnosticSeverity.Error, LmmDiagnostics.SOURCE, "analysis-failed");
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
        if (d.csv || documents.get(d.uri) != d) return;
        snapshotAsync(d).whenComplete((s, failure) -> {
            if (documents.get(d.uri) != d) return; // closed meanwhile
            LanguageClient c = client;
            if (failure != null) {
                log(MessageType.Error, "diagnostics of " + d.uri + " failed: " + failure);
                if (c != null) safe("publish", () -> c.publishDiagnostics(new PublishDiagnosticsParams(d.uri,
                        List.of(analysisFailed(failure)), d.version())));
                return;
            }
            releaseUnusedData();
            if (s.version() != d.version()) return; // a newer change is on its way
            safe("publish", () -> {
                if (c != null) c.publishDiagnostics(new PublishDiagnosticsParams(d.uri, LmmDiagnostics.compute(s), s.version()));
            });
        });
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
        analysing.shutdownNow();
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
