package lmm.lsp;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;
import lmm.analysis.DocumentSnapshot;
import lmm.analysis.StoredFit;
import lmm.analysis.Ranges;
import lmm.syntax.LineMap;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * One document the editor has open: its latest text and version, the last analysis of it and the fits
 * made while it was open. Everything here lives exactly as long as the document is open: closing it
 * drops the object, and a fit that finishes afterwards is stored into this unreachable object only,
 * never shown for a reopened document.
 */
final class OpenDocument {
    final String uri;
    /** The file, or null for an unsaved (untitled) document. */
    final Path file;
    final boolean csv;

    private String text;
    private int version;
    private DocumentSnapshot analysed;
    private DocumentSnapshot last;
    private long analysedGeneration = -1;
    /** The pending (debounced) re-analysis, if any. */
    ScheduledFuture<?> pending;
    /** For a CSV document: true once edited in the editor (then its text, not the file, is the data). */
    boolean edited;
    /** Fits by model name, made while this document was open. */
    final Map<String, StoredFit> fits = new ConcurrentHashMap<>();
    /** The analysis under way (for inFlightText and inFlightGeneration), shared by everyone who needs it. */
    private CompletableFuture<DocumentSnapshot> inFlight;
    private String inFlightText;
    private long inFlightGeneration = -1;

    OpenDocument(String uri, Path file, boolean csv, String text, int version) {
        this.uri = uri;
        this.file = file;
        this.csv = csv;
        this.text = text == null ? "" : text;
        this.version = version;
    }

    synchronized String text() { return text; }

    synchronized int version() { return version; }

    /** Applies incremental (or full) changes in order; positions are UTF-16 based, as LSP says. */
    synchronized void apply(int newVersion, List<TextDocumentContentChangeEvent> changes) {
        String t = text;
        for (TextDocumentContentChangeEvent c : changes) {
            String insert = c.getText() == null ? "" : c.getText();
            if (c.getRange() == null) {
                t = insert;
            } else {
                LineMap lines = new LineMap(t);
                int a = Ranges.offset(t, lines, c.getRange().getStart());
                int b = Ranges.offset(t, lines, c.getRange().getEnd());
                if (b < a) { int x = a; a = b; b = x; }
                t = t.substring(0, a) + insert + t.substring(b);
            }
        }
        text = t;
        version = newVersion;
    }

    /** The cached analysis when it was made from the current text and data generation; else null. */
    synchronized DocumentSnapshot cached(long generation) {
        return analysed != null && analysed.text() == text && analysedGeneration == generation && analysed.version() == version
                ? analysed : null;
    }

    /**
     * The analysis of the current text and data generation: the one already under way for them, or a
     * new one started by {@code start}. So concurrent requests of one document analyse it once.
     */
    synchronized CompletableFuture<DocumentSnapshot> analysis(long generation, Supplier<CompletableFuture<DocumentSnapshot>> start) {
        if (inFlight != null && inFlightText == text && inFlightGeneration == generation && !inFlight.isCompletedExceptionally()) {
            return inFlight;
        }
        inFlightText = text;
        inFlightGeneration = generation;
        inFlight = start.get();
        return inFlight;
    }

    /**
     * The analysis of the current text made before the data last changed (or null): what requests
     * are answered from while the data are read again.
     */
    synchronized DocumentSnapshot ofCurrentText() {
        return analysed != null && analysed.text() == text && analysed.version() == version ? analysed : null;
    }

    /** The latest analysis made, whatever its version: its bound models may be taken over. */
    synchronized DocumentSnapshot last() { return last; }

    synchronized void store(DocumentSnapshot s, long generation) {
        if (last == null || s.version() >= last.version()) last = s;
        if (s.text() == text && s.version() == version) {
            analysed = s;
            analysedGeneration = generation;
        }
    }
}
