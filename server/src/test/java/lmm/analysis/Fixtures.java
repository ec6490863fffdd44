package lmm.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import lmm.data.DataCache;
import lmm.fit.FitOptions;
import lmm.model.ModelEntry;

/** Test helpers: the example files, documents with a cursor marker, snapshots and fits. */
public final class Fixtures {
    private Fixtures() {}

    /** The cursor marker in test documents ('|' is the formula bar, so the marker is '‸'). */
    public static final String CURSOR = "‸";

    /** The repository's examples folder, found from the working directory upwards. */
    public static Path examples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.exists(p.resolve("examples/dung.csv"))) return p.resolve("examples");
            p = p.getParent();
        }
        throw new IllegalStateException("examples/dung.csv not found");
    }

    /** A temporary folder holding a copy of examples/dung.csv and dung.lmm. */
    public static Path dungDir(Path tmp) throws IOException {
        Files.copy(examples().resolve("dung.csv"), tmp.resolve("dung.csv"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(examples().resolve("dung.lmm"), tmp.resolve("dung.lmm"), StandardCopyOption.REPLACE_EXISTING);
        return tmp;
    }

    /** A marked document: the text without the marker and the marker's offset. */
    public record Cursor(String text, int offset) {}

    public static Cursor cursor(String marked) {
        int at = marked.indexOf(CURSOR);
        if (at < 0 || marked.indexOf(CURSOR, at + 1) >= 0) throw new IllegalArgumentException("need exactly one " + CURSOR);
        return new Cursor(marked.substring(0, at) + marked.substring(at + CURSOR.length()), at);
    }

    public static DocumentSnapshot snapshot(Path dir, String text) {
        DataCache cache = new DataCache();
        return DocumentSnapshot.analyse(dir.resolve("test.lmm").toUri().toString(), dir, text, 1, cache::load);
    }

    /** The snapshot with a fit of the named model stored for it. */
    public static DocumentSnapshot fitted(DocumentSnapshot s, String model) {
        ModelEntry e = s.model(model).orElseThrow();
        ModelFits.Outcome o = ModelFits.fit(e, FitOptions.defaults());
        StoredFit f = new StoredFit(model, s.text(), s.version(), StoredFit.dataVersionOf(e), e, o.result(), o.diagnostics());
        java.util.Map<String, StoredFit> fits = new java.util.HashMap<>(s.fits());
        fits.put(model, f);
        return s.withFits(fits);
    }

    public static final String DUNG = """
            data "dung.csv"
            factor oven_block
            model blocks = pr_dung ~ flies + (1 | oven_block)
            """;
}
