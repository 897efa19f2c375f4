package org.rapport.store.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which file column feeds which table column, resolved from the options' explicit mapping, then names,
 * then aliases. For customers the other columns become attributes, or needs when named {@code need_*}.
 */
final class Mapping {
    private static final Pattern NEED = Pattern.compile("(?i)need[_ .-]+(.+)");

    /** Table column to file column index, for the mapped table columns. */
    final Map<String, Integer> source;
    /** File column indexes stored as customer attributes (customers only). */
    final List<Integer> attributes;
    /** File column indexes stored as customer needs (customers only), with their need names. */
    final List<Integer> needs;
    final List<String> needNames;
    /** File columns no table column took. */
    final List<String> ignored;

    private Mapping(Map<String, Integer> source, List<Integer> attributes, List<Integer> needs,
            List<String> needNames, List<String> ignored) {
        this.source = source;
        this.attributes = attributes;
        this.needs = needs;
        this.needNames = needNames;
        this.ignored = ignored;
    }

    /**
     * Lower case without spaces, underscores, hyphens and dots: {@code "Customer ID"} and
     * {@code "customer_id"} both become {@code "customerid"}.
     */
    static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[\\s_.\\-]", "");
    }

    static Mapping resolve(Kind kind, List<String> columns, Map<String, String> explicit, String file) {
        String listed = String.join(", ", columns);
        Map<String, Integer> source = new LinkedHashMap<>();
        boolean[] taken = new boolean[columns.size()];
        mapExplicit(kind, columns, explicit, file, listed, source, taken);
        mapByName(kind, columns, file, listed, source, taken);
        List<Integer> attributes = new ArrayList<>();
        List<Integer> needs = new ArrayList<>();
        List<String> needNames = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (taken[i]) {
                continue;
            }
            if (kind == Kind.CUSTOMERS) {
                Matcher m = NEED.matcher(columns.get(i).strip());
                if (m.matches()) {
                    needs.add(i);
                    needNames.add(m.group(1).strip().toLowerCase(Locale.ROOT));
                } else {
                    attributes.add(i);
                }
            } else {
                ignored.add(columns.get(i));
            }
        }
        return new Mapping(source, attributes, needs, needNames, ignored);
    }

    /** The columns named by --map TARGET=COLUMN: exact name, then any case, then normalised. */
    private static void mapExplicit(Kind kind, List<String> columns, Map<String, String> explicit, String file, String listed,
                                    Map<String, Integer> source, boolean[] taken) {
        for (Map.Entry<String, String> e : explicit.entrySet()) {
            if (!kind.columns().contains(e.getKey())) {
                throw new IngestException(IngestException.UNKNOWN_TARGET, file, e.getKey(), kind.table(),
                        String.join(", ", kind.columns()));
            }
            String want = e.getValue();
            int i = find(columns, taken, want, file, e.getKey(), c -> c.equals(want));
            if (i < 0) {
                i = find(columns, taken, want, file, e.getKey(), c -> c.equalsIgnoreCase(want));
            }
            if (i < 0) {
                i = find(columns, taken, want, file, e.getKey(), c -> normalise(c).equals(normalise(want)));
            }
            if (i < 0) {
                throw new IngestException(IngestException.MAPPED_COLUMN_MISSING, file, want, e.getKey(), listed);
            }
            source.put(e.getKey(), i);
            taken[i] = true;
        }
    }

    /** The other table columns by their own name, then their aliases (normalised); a required one must be found. */
    private static void mapByName(Kind kind, List<String> columns, String file, String listed, Map<String, Integer> source,
                                  boolean[] taken) {
        for (ColumnSpec spec : kind.specs()) {
            if (source.containsKey(spec.name())) {
                continue;
            }
            String n = spec.name();
            int i = find(columns, taken, n, file, n, c -> c.equalsIgnoreCase(n));
            if (i < 0) {
                i = find(columns, taken, n, file, n, c -> normalise(c).equals(normalise(n)));
            }
            for (int a = 0; i < 0 && a < spec.aliases().size(); a++) {
                String alias = normalise(spec.aliases().get(a));
                i = find(columns, taken, n, file, n, c -> normalise(c).equals(alias));
            }
            if (i >= 0) {
                source.put(n, i);
                taken[i] = true;
            } else if (spec.required()) {
                throw new IngestException(IngestException.MISSING_COLUMN, file, n, listed);
            }
        }
    }

    /** The one untaken column that matches, -1 if none; two or more is ambiguous. */
    private static int find(List<String> columns, boolean[] taken, String want, String file, String target,
            Predicate<String> match) {
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!taken[i] && match.test(columns.get(i))) {
                hits.add(i);
            }
        }
        if (hits.size() > 1) {
            throw new IngestException(IngestException.AMBIGUOUS_COLUMN, file,
                    String.join(", ", hits.stream().map(h -> "'" + columns.get(h) + "'").toList()), want, target);
        }
        return hits.isEmpty() ? -1 : hits.get(0);
    }
}
