package org.rapport.server.cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dense numbers for keys (customer ids, household ids): the first key seen gets 0, the next 1, and so
 * on. Not thread-safe while it grows; read-only (and so safe to share) once loading is done.
 */
public final class KeyIndex {
    private final Map<String, Integer> index;
    private final List<String> keys;

    /** @param expected expected number of keys (a sizing hint) */
    public KeyIndex(int expected) {
        this.index = new HashMap<>(Math.max(16, expected * 4 / 3 + 1));
        this.keys = new ArrayList<>(Math.max(16, expected));
    }

    /** @param key a key @return its number, or -1 if unknown */
    public int find(String key) {
        Integer i = key == null ? null : index.get(key);
        return i == null ? -1 : i;
    }

    /** @param key a key, not null @return its number, added if new */
    public int add(String key) {
        Integer i = index.get(key);
        if (i != null) {
            return i;
        }
        int n = keys.size();
        index.put(key, n);
        keys.add(key);
        return n;
    }

    /** @param i a number @return its key */
    public String key(int i) {
        return keys.get(i);
    }

    /** @return the number of keys */
    public int size() {
        return keys.size();
    }
}
