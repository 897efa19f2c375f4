package org.rapport.offers;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Counts of (antecedent, consequent) pairs: a dense array when the pair space is small (a catalogue
 * of up to a few thousand products), else a hash map of the pairs seen.
 */
final class PairCounts {
    private static final long DENSE_LIMIT = 8L << 20;
    private final int consequents;
    private final int[] dense;
    private final Map<Long, int[]> sparse;

    PairCounts(int antecedents, int consequents) {
        this.consequents = consequents;
        long size = (long) antecedents * consequents;
        if (size <= DENSE_LIMIT) {
            dense = new int[(int) size];
            sparse = null;
        } else {
            dense = null;
            sparse = new HashMap<>();
        }
    }

    void add(int a, int b) {
        long key = (long) a * consequents + b;
        if (dense != null) {
            dense[(int) key]++;
        } else {
            sparse.computeIfAbsent(key, k -> new int[1])[0]++;
        }
    }

    int get(int a, int b) {
        long key = (long) a * consequents + b;
        if (dense != null) {
            return dense[(int) key];
        }
        int[] v = sparse.get(key);
        return v == null ? 0 : v[0];
    }

    /** Calls {@code f} with {@code a * consequents + b} for every pair with a count above 0. */
    void forEachPair(LongConsumer f) {
        if (dense != null) {
            for (int i = 0; i < dense.length; i++) {
                if (dense[i] > 0) {
                    f.accept(i);
                }
            }
        } else {
            sparse.keySet().stream().sorted().forEach(f::accept);
        }
    }

    int consequents() {
        return consequents;
    }
}
