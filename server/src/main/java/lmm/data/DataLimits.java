package lmm.data;

import java.util.Locale;

/**
 * How large a data file may be. A table takes about as much memory as its file, so the default is a
 * quarter of the JVM's maximum heap (at most 1 GB): a larger file is refused before it is read, with
 * its size, the limit and how to raise it, instead of running for minutes and then out of memory.
 * Set by the system property {@value #PROPERTY} (megabytes; {@code LMM_JAVA_OPTS="-Dlmm.maxDataMB=4000
 * -Xmx16g"} for the command line) or the language server's setting {@code limits.maxDataMB}.
 */
public final class DataLimits {
    public static final String PROPERTY = "lmm.maxDataMB";
    private static final long MB = 1L << 20;
    private static volatile long maxBytes = initial();

    private DataLimits() {}

    private static long initial() {
        Long mb = Long.getLong(PROPERTY);
        if (mb != null && mb > 0) return mb * MB;
        return Math.min(1024 * MB, Runtime.getRuntime().maxMemory() / 4);
    }

    public static long maxBytes() { return maxBytes; }

    /** Sets the limit in megabytes (at least 1). */
    public static void setMaxMegabytes(long mb) { maxBytes = Math.max(1, mb) * MB; }

    /** The problem of a file of {@code size} bytes when it is over the limit, else null. */
    static String tooLarge(String name, long size) {
        if (size <= maxBytes) return null;
        return "the data file " + name + " is " + human(size) + ", more than the limit of " + human(maxBytes)
                + " (raise it with -D" + PROPERTY + "=N in LMM_JAVA_OPTS, with a heap of about 4 times as much (-Xmx), or with the"
                + " server setting limits.maxDataMB)";
    }

    /** The problem when memory ran out while reading. */
    static String outOfMemory(String name) {
        return "not enough memory to read the data file " + name + " (the heap is " + human(Runtime.getRuntime().maxMemory())
                + "; raise it with -Xmx in LMM_JAVA_OPTS)";
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        if (bytes >= MB) return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
        if (bytes >= 1024) return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        return bytes + " bytes";
    }
}
