package lmm.data;

import java.nio.file.Path;

/**
 * Which content a {@link DataTable} was read from: a file as it was on disk (path, modification
 * time, size) or editor text (path and a hash of the text). Two tables with equal versions hold
 * the same data; features computed for one version are stale once the cache hands out another.
 *
 * @param path          absolute, normalised path (for text, the path the editor has it open under; may be null)
 * @param lastModified  file modification time in milliseconds since the epoch, or -1 for text
 * @param size          file size in bytes, or the text's length in chars for text
 * @param textHash      for text: a 64-bit hash of the text; 0 for files
 * @param fromText      true when read from editor text rather than the file
 */
public record DataVersion(Path path, long lastModified, long size, long textHash, boolean fromText) {
    static DataVersion ofFile(Path path, long lastModified, long size) {
        return new DataVersion(path, lastModified, size, 0, false);
    }

    static DataVersion ofText(Path path, String text) {
        return new DataVersion(path, -1, text.length(), hash64(text), true);
    }

    /**
     * Field by field, as a record compares. Written out because a record's generated equals and
     * hashCode are linked by a method-handle bootstrap on first use, and the loader compares versions
     * once per file read: that bootstrap was tens of milliseconds of every cold command-line run.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof DataVersion v && lastModified == v.lastModified && size == v.size && textHash == v.textHash
                && fromText == v.fromText && java.util.Objects.equals(path, v.path);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(path, lastModified, size, textHash, fromText);
    }

    /** FNV-1a over the chars, 64 bits: enough to tell versions of one file apart. */
    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0, n = s.length(); i < n; i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
