package org.rapport.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The store's own invariants (issue 15, {@code rapport doctor}): the schema, a batch job's journal,
 * unique ids, and transaction lines whose date cannot be true (lines loaded before the plausibility
 * rules, e.g. an {@code infinity} timestamp, which made {@code analyze} spin forever).
 */
public final class StoreHealth {
    /** Transaction lines no analysis can use: a date that is not finite or before year 1800. */
    private static String impossible(String ts) {
        return "NOT isfinite(" + ts + ") OR " + ts + " < TIMESTAMP '1800-01-01' OR " + ts + " >= TIMESTAMP '2200-01-01'";
    }

    private StoreHealth() {
    }

    /**
     * @param store an open store (its journal already recovered at open)
     * @return one finding per invariant
     */
    public static List<Finding> check(RapportStore store) {
        List<Finding> out = new ArrayList<>();
        List<String> versions = store.query("SELECT module || ' ' || max(version) FROM schema_version GROUP BY module ORDER BY module",
                rs -> rs.getString(1));
        out.add(Finding.ok("schema versions: " + String.join(", ", versions)));
        out.add(store.recoveredAtOpen().map(r -> Finding.ok(r.message() + " at this open"))
                .orElse(Finding.ok("no interrupted batch job")));
        long dup = store.queryLong("SELECT count(*) - count(DISTINCT load_id) FROM loads");
        out.add(dup == 0 ? Finding.ok(String.format(Locale.ROOT, "%,d loads, ids unique", store.count("loads")))
                : Finding.problem(dup + " load ids occur twice", "copy the store aside and report it: this is a bug"));
        long bad = impossibleLines(store);
        out.add(bad == 0 ? Finding.ok("every transaction line has a plausible date")
                : Finding.problem(String.format(Locale.ROOT, "%,d transaction lines have a date no analysis can use "
                        + "(infinity, or outside 1800 to 2200), loaded before Rapport checked dates", bad),
                        "run `rapport doctor --fix`: it moves them to the rejects table"));
        return out;
    }

    /**
     * @param store the store
     * @return the transaction lines whose date cannot be analysed
     */
    public static long impossibleLines(RapportStore store) {
        return store.queryLong("SELECT count(*) FROM transactions WHERE " + impossible("ts"));
    }

    /**
     * Moves the transaction lines with impossible dates into {@code rejects} (reason given), in one
     * transaction.
     *
     * @param store the store
     * @return how many lines were moved
     */
    public static long removeImpossibleLines(RapportStore store) {
        return store.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("INSERT INTO rejects (load_id, file, line, field, value, reason, raw) "
                        + "SELECT t.load_id, coalesce(l.file, '?'), t.source_row, 'ts', CAST(t.ts AS VARCHAR), "
                        + "'removed by rapport doctor --fix: the date cannot be analysed', NULL "
                        + "FROM transactions t LEFT JOIN loads l USING (load_id) WHERE " + impossible("t.ts"));
                return (long) s.executeUpdate("DELETE FROM transactions WHERE " + impossible("ts"));
            }
        });
    }
}
