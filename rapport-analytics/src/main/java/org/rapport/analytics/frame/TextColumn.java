package org.rapport.analytics.frame;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A dictionary-encoded text column: {@code codes[i]} indexes {@code dictionary}, or is -1 where the
 * value is missing. Comparisons against a literal look the literal up once and then compare ints.
 *
 * @param codes one code per customer, -1 for missing
 * @param dictionary the distinct values
 */
public record TextColumn(int[] codes, String[] dictionary) {
    /**
     * Encodes plain values.
     *
     * @param values one value per customer, null for missing
     * @return the encoded column
     */
    public static TextColumn of(String[] values) {
        Map<String, Integer> index = new HashMap<>();
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            codes[i] = values[i] == null ? -1 : index.computeIfAbsent(values[i], k -> index.size());
        }
        String[] dict = new String[index.size()];
        index.forEach((k, v) -> dict[v] = k);
        return new TextColumn(codes, dict);
    }

    /**
     * @param n customers
     * @return a column where every value is missing
     */
    public static TextColumn missing(int n) {
        int[] codes = new int[n];
        Arrays.fill(codes, -1);
        return new TextColumn(codes, new String[0]);
    }

    /**
     * @param value a value
     * @return its code, or -2 if no customer has it (so it matches nobody, and missing stays -1)
     */
    public int codeOf(String value) {
        for (int c = 0; c < dictionary.length; c++) {
            if (dictionary[c].equals(value)) {
                return c;
            }
        }
        return -2;
    }

    /**
     * @param i a customer's row
     * @return its value, or null
     */
    public String get(int i) {
        return codes[i] < 0 ? null : dictionary[codes[i]];
    }

    /** @return the number of rows */
    public int size() {
        return codes.length;
    }
}
