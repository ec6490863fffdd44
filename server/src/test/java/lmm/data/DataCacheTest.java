package lmm.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCacheTest {
    @TempDir Path dir;

    /** Writes text and moves the modification time on, so the change is seen whatever the clock's resolution. */
    private static void write(Path p, String text, long mtimeMillis) throws Exception {
        Files.writeString(p, text);
        Files.setLastModifiedTime(p, FileTime.fromMillis(mtimeMillis));
    }

    @Test
    void hitWhileUnchangedMissWhenChanged() throws Exception {
        Path p = dir.resolve("d.csv");
        write(p, "x\n1\n2\n", 1_000_000);
        DataCache cache = new DataCache();
        DataTable a = cache.load(p);
        assertSame(a, cache.load(p));
        assertSame(a, cache.load(dir.resolve("sub/../d.csv"))); // same file, other spelling
        assertSame(a, cache.peek(p));

        write(p, "x\n1\n3\n", 2_000_000); // same size, new time
        DataTable b = cache.load(p);
        assertNotSame(a, b);
        assertEquals(3, ((NumericColumn) b.column("x")).get(1));
        assertSame(b, cache.load(p));

        write(p, "x\n1\n3\n4\n", 2_000_000); // same time, new size
        DataTable c = cache.load(p);
        assertNotSame(b, c);
        assertEquals(3, c.rowCount());

        cache.invalidate(p);
        DataTable d = cache.load(p);
        assertNotSame(c, d);
    }

    @Test
    void errorsAreCachedPerVersionAndClearWhenFixed() throws Exception {
        Path p = dir.resolve("d.csv");
        write(p, "x,y\n1\n", 1_000_000);
        DataCache cache = new DataCache();
        DataException e1 = assertThrows(DataException.class, () -> cache.load(p));
        DataException e2 = assertThrows(DataException.class, () -> cache.load(p));
        assertEquals(e1.getMessage(), e2.getMessage());
        assertEquals(2, e2.line());
        write(p, "x,y\n1,2\n", 2_000_000);
        assertEquals(1, cache.load(p).rowCount());
        Files.delete(p);
        DataException gone = assertThrows(DataException.class, () -> cache.load(p));
        assertTrue(gone.getMessage().startsWith("cannot find the data file"));
        assertNull(cache.peek(p));
    }

    @Test
    void concurrentRequestsReadOnce() throws Exception {
        Path p = dir.resolve("big.csv");
        StringBuilder sb = new StringBuilder("x,y,g\n");
        for (int i = 0; i < 200_000; i++) sb.append(i).append(',').append(i * 0.5).append(",g").append(i % 10).append('\n');
        write(p, sb.toString(), 1_000_000);
        DataCache cache = new DataCache();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<DataTable>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.load(p);
                }));
            }
            start.countDown();
            DataTable first = results.get(0).get();
            assertEquals(200_000, first.rowCount());
            for (Future<DataTable> f : results) assertSame(first, f.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void editorText() throws Exception {
        Path p = dir.resolve("d.csv");
        write(p, "x\n1\n", 1_000_000);
        DataCache cache = new DataCache();
        DataTable file = cache.load(p);
        String text = "x\n1\n2\n";
        DataTable t1 = cache.loadText(p, text);
        assertNotSame(file, t1);
        assertEquals(2, t1.rowCount());
        assertTrue(t1.version().fromText());
        assertSame(t1, cache.loadText(p, new String(text.toCharArray()))); // equal text: same table
        DataTable t2 = cache.loadText(p, "x\n1\n2\n3\n");
        assertNotSame(t1, t2);
        assertEquals(3, t2.rowCount());
        assertSame(file, cache.load(p)); // the file's own entry is untouched
        DataException e = assertThrows(DataException.class, () -> cache.loadText(p, "x,x\n"));
        assertEquals(1, e.line());
        cache.forgetText(p);
        assertNotSame(t2, cache.loadText(p, "x\n1\n2\n3\n"));
    }
}
