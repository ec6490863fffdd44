package lmm.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the first byte sequence of a file that is not valid UTF-8, with its line and column, for
 * the error message (only called once decoding has failed).
 */
final class Utf8Check {
    private Utf8Check() {}

    /**
     * The first invalid sequence as a problem (line, message naming the column in characters and the
     * byte), or null when none is found or the file cannot be read.
     */
    static DataProblem firstError(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            int line = 1;
            int column = 1; // in characters
            int b;
            while ((b = in.read()) >= 0) {
                if (b < 0x80) {
                    if (b == '\n') {
                        line++;
                        column = 1;
                    } else {
                        column++;
                    }
                    continue;
                }
                int need;
                int min;
                if (b >= 0xC2 && b <= 0xDF) {
                    need = 1;
                    min = 0x80;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    need = 2;
                    min = 0x800;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    need = 3;
                    min = 0x10000;
                } else {
                    return bad(line, column, b);
                }
                int cp = b & (0x3F >> need);
                for (int k = 0; k < need; k++) {
                    in.mark(1);
                    int c = in.read();
                    if (c < 0 || (c & 0xC0) != 0x80) return bad(line, column, b);
                    cp = (cp << 6) | (c & 0x3F);
                }
                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return bad(line, column, b);
                column++;
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static DataProblem bad(int line, int column, int b) {
        String hex = String.format("0x%02X", b);
        return DataProblem.at(line, 0, "line " + line + ", character " + column + " has the byte " + hex
                + ", which is not UTF-8 (the file may be in Latin-1 or Windows-1252)");
    }
}
