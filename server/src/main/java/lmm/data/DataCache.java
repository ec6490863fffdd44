package lmm.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Loaded data tables, one per file, kept while the file is unchanged. Thread-safe: concurrent
 * requests for the same file version read it once and receive the same {@link DataTable}.
 *
 * <p>A file is identified by its absolute, normalised path; its version by modification time and
 * size ({@link DataVersion}). Each {@link #load} looks at the file's attributes (cheap) and returns
 * the cached table when they are unchanged, or reads the file again. A failure (e.g. a ragged row)
 * is cached the same way: asking again about the same version rethrows the same problem without
 * reading again.
 *
 * <p>Editor text (a CSV file open with unsaved changes) is cached separately, per path, by the
 * text's content: {@link #loadText}. Only the latest version of each path is kept (for files and for
 * texts), so the cache holds at most two tables per data file.
 *
 * <p>Memory: a table stays here until it is replaced by a newer version of its file, or until
 * {@link #retainOnly} (called by the language server whenever a document is analysed or closed) drops
 * every path not in use. Nothing else releases tables.
 *
 * <p>Limit: a file rewritten within the file system's timestamp resolution without changing size is
 * taken as unchanged; {@link #invalidate} forces a re-read.
 */
public final class DataCache {
    private final ConcurrentHashMap<Path, Entry> files = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Path, TextEntry> texts = new ConcurrentHashMap<>();

    private record Entry(DataVersion version, CsvOptions options, CompletableFuture<DataTable> table) {}

    private record TextEntry(String text, CsvOptions options, CompletableFuture<DataTable> table) {}

    /** The table of the file at path as it is now on disk; reads the file only when it changed. */
    public DataTable load(Path path) throws DataException {
        return load(path, CsvOptions.STANDARD);
    }

    /** The same, read with a separator and decimal mark (a change of them reads the file again). */
    public DataTable load(Path path, CsvOptions options) throws DataException {
        Path p = normalise(path);
        DataVersion now;
        try {
            now = CsvLoader.stat(p);
        } catch (DataException e) {
            files.remove(p);
            throw e;
        }
        CompletableFuture<DataTable> mine = new CompletableFuture<>();
        Entry fresh = new Entry(now, options, mine);
        Entry e = files.compute(p, (k, old) -> old != null && old.version.equals(now) && old.options.equals(options) ? old : fresh);
        if (e == fresh) {
            try {
                DataTable t = CsvLoader.load(p, options);
                if (!t.version().equals(now)) {
                    // Changed between our look and the read: keep what was read, under its own version.
                    files.replace(p, fresh, new Entry(t.version(), options, mine));
                }
                mine.complete(t);
            } catch (DataException | RuntimeException | Error x) {
                mine.completeExceptionally(x);
            }
        }
        return await(e.table);
    }

    /**
     * The table of an editor's text for the file at path (unsaved changes). Re-parses only when the
     * text differs from the last text given for this path.
     */
    public DataTable loadText(Path path, String text) throws DataException {
        return loadText(path, text, CsvOptions.STANDARD);
    }

    /** The same, read with a separator and decimal mark. */
    public DataTable loadText(Path path, String text, CsvOptions options) throws DataException {
        Objects.requireNonNull(text, "text");
        Path p = normalise(path);
        CompletableFuture<DataTable> mine = new CompletableFuture<>();
        TextEntry fresh = new TextEntry(text, options, mine);
        TextEntry e = texts.compute(p, (k, old) -> old != null && (old.text == text || old.text.equals(text)) && old.options.equals(options) ? old : fresh);
        if (e == fresh) {
            try {
                mine.complete(CsvLoader.parse(text, p, options));
            } catch (DataException | RuntimeException | Error x) {
                mine.completeExceptionally(x);
            }
        }
        return await(e.table);
    }

    /** Forgets the file's table (and its editor text): the next load reads again. */
    public void invalidate(Path path) {
        Path p = normalise(path);
        files.remove(p);
        texts.remove(p);
    }

    /** Forgets only the editor text for path (the editor closed it or saved it). */
    public void forgetText(Path path) {
        texts.remove(normalise(path));
    }

    /** Forgets the tables (of files and of editor texts) of every path not in {@code inUse}. */
    public void retainOnly(java.util.Collection<Path> inUse) {
        java.util.Set<Path> keep = new java.util.HashSet<>();
        for (Path p : inUse) if (p != null) keep.add(normalise(p));
        files.keySet().retainAll(keep);
        texts.keySet().retainAll(keep);
    }

    /** How many tables (of files and of editor texts) are held. */
    public int size() {
        return files.size() + texts.size();
    }

    public void clear() {
        files.clear();
        texts.clear();
    }

    /**
     * The table last read for path's file, without looking at the file, reading or waiting; null when
     * none is ready. It may be stale: use {@link #load} for the current one.
     */
    public DataTable peek(Path path) {
        Entry e = files.get(normalise(path));
        if (e == null || !e.table.isDone() || e.table.isCompletedExceptionally()) return null;
        return e.table.join();
    }

    private static Path normalise(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private static DataTable await(CompletableFuture<DataTable> f) throws DataException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException ie) {
                    interrupted = true; // the read goes on in its own thread; wait for it
                } catch (ExecutionException ee) {
                    Throwable c = ee.getCause();
                    if (c instanceof DataException de) throw new DataException(de.problem(), de);
                    if (c instanceof RuntimeException re) throw re;
                    if (c instanceof Error er) throw er;
                    throw new IllegalStateException(c);
                } catch (CancellationException ce) {
                    throw ce;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
