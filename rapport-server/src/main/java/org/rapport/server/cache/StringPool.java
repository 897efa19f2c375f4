package org.rapport.server.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Distinct strings stored as UTF-8 in 16 MB chunks: a string costs its bytes plus 12, against about
 * 40 plus two bytes a character as a Java {@code String}. Append-only while loading; read-only after.
 */
final class StringPool {
    private static final int CHUNK_BITS = 24;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final List<byte[]> chunks = new ArrayList<>();
    private long[] address = new long[1024];
    private int[] length = new int[1024];
    private int size;
    private int used;

    /** @param s a string @return its number in the pool */
    int add(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] chunk;
        if (b.length > CHUNK) {
            chunk = b; // a string longer than a chunk gets a chunk of its own
            chunks.add(chunk);
            used = Integer.MAX_VALUE / 2; // the next string starts a new chunk
            return append(((long) (chunks.size() - 1) << CHUNK_BITS), b.length);
        }
        if (chunks.isEmpty() || used + b.length > chunks.get(chunks.size() - 1).length) {
            // Chunks grow from 64 KB to 16 MB, so a column of a few short names stays small.
            int last = chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).length;
            chunks.add(new byte[Math.max(b.length, Math.min(CHUNK, Math.max(1 << 16, last * 2)))]);
            used = 0;
        }
        chunk = chunks.get(chunks.size() - 1);
        System.arraycopy(b, 0, chunk, used, b.length);
        int n = append(((long) (chunks.size() - 1) << CHUNK_BITS) | used, b.length);
        used += b.length;
        return n;
    }

    private int append(long addr, int len) {
        if (size == address.length) {
            address = Arrays.copyOf(address, size * 2);
            length = Arrays.copyOf(length, size * 2);
        }
        address[size] = addr;
        length[size] = len;
        return size++;
    }

    /** @param i a number from {@link #add} @return the string */
    String get(int i) {
        long a = address[i];
        return new String(chunks.get((int) (a >>> CHUNK_BITS)), (int) (a & (CHUNK - 1)), length[i], StandardCharsets.UTF_8);
    }

    /** Releases the slack of the growable arrays once loading is done. */
    void trim() {
        address = Arrays.copyOf(address, size);
        length = Arrays.copyOf(length, size);
    }

    /** @return approximate bytes held */
    long bytes() {
        long b = size * 12L;
        for (byte[] c : chunks) {
            b += c.length;
        }
        return b;
    }
}
