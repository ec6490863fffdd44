package lmm.data;

import java.util.Arrays;

/**
 * The distinct texts of a categorical column in order of first appearance, each with its code:
 * an open-addressing hash table looked up by a range of the loader's buffer, so a cell whose text
 * was seen before costs a hash and a comparison, not a String (at 10⁶ rows a HashMap of Strings was
 * a fifth of the load). Not thread-safe.
 */
final class LevelCodes {
    private String[] texts = new String[16];
    /** The texts' chars, compared with cells without calls per char (String.charAt is a call under C1). */
    private char[][] keys = new char[16][];
    private int[] hashes = new int[16];
    private int count;
    /** code + 1 per slot, 0 for an empty slot; the length is a power of two, at most half full. */
    private int[] slots = new int[32];

    int size() { return count; }

    /** The texts, index = code (a copy). */
    String[] texts() { return Arrays.copyOf(texts, count); }

    /** The code of s[from, to), adding it as a new level when it is new. */
    int code(char[] s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) h = 31 * h + s[i];
        int mask = slots.length - 1;
        int slot = mix(h) & mask;
        while (true) {
            int c = slots[slot] - 1;
            if (c < 0) break;
            if (hashes[c] == h && Arrays.equals(keys[c], 0, keys[c].length, s, from, to)) return c;
            slot = (slot + 1) & mask;
        }
        int code = count++;
        if (code == texts.length) {
            texts = Arrays.copyOf(texts, code * 2);
            hashes = Arrays.copyOf(hashes, code * 2);
            keys = Arrays.copyOf(keys, code * 2);
        }
        keys[code] = Arrays.copyOfRange(s, from, to);
        texts[code] = new String(s, from, to - from);
        hashes[code] = h;
        slots[slot] = code + 1;
        if (2 * count > slots.length) rehash();
        return code;
    }

    /** The code of a text (the second pass and tests). */
    int code(String text) {
        return code(text.toCharArray(), 0, text.length());
    }

    /** Spreads String-style hashes, whose low bits alone cluster for texts such as "u1", "u2", …. */
    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void rehash() {
        int[] bigger = new int[slots.length * 2];
        int mask = bigger.length - 1;
        for (int c = 0; c < count; c++) {
            int slot = mix(hashes[c]) & mask;
            while (bigger[slot] != 0) slot = (slot + 1) & mask;
            bigger[slot] = c + 1;
        }
        slots = bigger;
    }
}
