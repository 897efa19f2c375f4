package org.rapport.analytics.segment;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.analytics.segment.RuleNode.Type;

/**
 * The allow-list of the rule language: the only field names and functions a rule may use, with
 * their types. Anything else is rejected by the parser with the list of what is known.
 */
final class RuleCatalog {
    /** Aliases: {@code frequency} is the BTYD {@code x}. */
    static final Map<String, String> ALIASES = Map.of("frequency", "x");
    /** Field name to type. */
    static final Map<String, Type> FIELDS;
    /** Function name to result type; every function takes one text literal. */
    static final Map<String, Type> FUNCTIONS;

    static {
        Map<String, Type> f = new TreeMap<>();
        CustomerFrame.NUMBER_FIELDS.forEach(n -> f.put(n, Type.NUMBER));
        CustomerFrame.OPTIONAL_NUMBER_FIELDS.keySet().forEach(n -> f.put(n, Type.NUMBER));
        CustomerFrame.TEXT_FIELDS.forEach(n -> f.put(n, Type.TEXT));
        CustomerFrame.OPTIONAL_TEXT_FIELDS.keySet().forEach(n -> f.put(n, Type.TEXT));
        ALIASES.keySet().forEach(n -> f.put(n, Type.NUMBER));
        FIELDS = Collections.unmodifiableMap(f);
        Map<String, Type> g = new TreeMap<>();
        g.put("need", Type.NUMBER);
        g.put("category_share", Type.NUMBER);
        g.put("brand_share", Type.NUMBER);
        g.put("attribute", Type.ANY);
        FUNCTIONS = Collections.unmodifiableMap(g);
    }

    private RuleCatalog() {
    }

    /** @return "a, b, c" of the known field names */
    static String fieldList() {
        return String.join(", ", FIELDS.keySet());
    }

    /** @return "f('...'), ..." of the known functions */
    static String functionList() {
        StringBuilder b = new StringBuilder();
        for (String f : FUNCTIONS.keySet()) {
            b.append(b.length() == 0 ? "" : ", ").append(f).append("('...')");
        }
        return b.toString();
    }

    /**
     * @param word an unknown name
     * @param known the known names
     * @return the closest known name within edit distance 2, or null
     */
    static String closest(String word, Iterable<String> known) {
        String best = null;
        int bestD = 3;
        for (String k : known) {
            int d = distance(word, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2 || a.length() > 64) {
            return 3;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
