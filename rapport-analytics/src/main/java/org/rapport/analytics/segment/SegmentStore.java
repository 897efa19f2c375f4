package org.rapport.analytics.segment;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.store.RapportStore;

/**
 * Reads and writes the tables of the "segments" store module: {@code segments},
 * {@code customer_segment} and {@code customer_cluster}. All SQL is constant text with bound values.
 */
public final class SegmentStore {
    /** Allowed segment names: a letter or digit, then letters, digits, {@code _ . + -}; at most 64. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}");

    private static final String COLUMNS = "name, kind, rule, description, manager, team, budget, priority, created, updated, profile";

    private final RapportStore store;

    private SegmentStore(RapportStore store) {
        this.store = store;
    }

    /**
     * @param store the store (its "segments" migration applied at open)
     * @return the segment tables of that store
     */
    public static SegmentStore of(RapportStore store) {
        return new SegmentStore(store);
    }

    /** @return every segment: rule segments by priority and name, then discovered ones by name */
    public List<Segment> list() {
        return store.query("SELECT " + COLUMNS + " FROM segments ORDER BY kind = 'discovered', priority NULLS LAST, name",
                SegmentStore::row);
    }

    /**
     * @param name a segment name
     * @return the segment, if defined
     */
    public Optional<Segment> find(String name) {
        return store.queryFirst("SELECT " + COLUMNS + " FROM segments WHERE name = ?", SegmentStore::row, name);
    }

    /**
     * @param name a segment name
     * @return the segment
     * @throws SegmentException naming the known segments if there is none of that name
     */
    public Segment get(String name) {
        return find(name).orElseThrow(() -> {
            List<Segment> all = list();
            return new SegmentException("no segment named '" + name + "'; " + (all.isEmpty()
                    ? "no segments are defined yet: run rapport segments discover or rapport segments define"
                    : "segments: " + all.stream().map(Segment::name).collect(Collectors.joining(", "))));
        });
    }

    /**
     * Defines a rule segment, or changes the rule, priority and description of one; a discovered segment
     * of that name becomes a rule segment (its cluster no longer holds customers).
     *
     * @param name the name (see {@link #NAME}; not {@code unassigned})
     * @param rule the rule text, parsed first
     * @param priority rule segments are tried in ascending priority
     * @param description free text, or null to keep the current one
     * @return the stored segment
     * @throws RuleException if the rule does not parse
     * @throws SegmentException if the name is not allowed
     */
    public Segment define(String name, String rule, int priority, String description) {
        checkName(name);
        Rule parsed = Rule.parse(rule);
        Optional<Segment> old = find(name);
        Timestamp now = now();
        if (old.isPresent()) {
            // a discovered segment given a rule becomes a rule segment (SegmentAnalysis.ruleSaved says so)
            store.update("UPDATE segments SET kind = 'rule', profile = NULL, rule = ?, priority = ?, "
                    + "description = coalesce(?, description), updated = ? WHERE name = ?", parsed.text(), priority, description, now, name);
        } else {
            store.update("INSERT INTO segments (name, kind, rule, description, priority, created, updated) "
                    + "VALUES (?, 'rule', ?, ?, ?, ?, ?)", name, parsed.text(), description, priority, now, now);
        }
        return get(name);
    }

    /**
     * Sets a segment's manager, team and budget; a null argument keeps the current value.
     *
     * @param name the segment
     * @param manager the manager, or null
     * @param team the team, or null
     * @param budget the budget (finite, not negative), or null
     * @return the stored segment
     */
    public Segment set(String name, String manager, String team, Double budget) {
        get(name);
        if (budget != null && !(budget >= 0 && Double.isFinite(budget))) {
            throw new SegmentException("the budget must be a finite number of at least 0, not " + budget);
        }
        store.update("UPDATE segments SET manager = coalesce(?, manager), team = coalesce(?, team), "
                + "budget = coalesce(?, budget), updated = ? WHERE name = ?", manager, team, budget, now(), name);
        return get(name);
    }

    /**
     * Deletes a segment (and, for a discovered one, its customers' cluster labels). Customers keep their
     * old {@code customer_segment} row until the next assignment.
     *
     * @param name the segment
     */
    public void delete(String name) {
        get(name);
        store.inTransaction(c -> {
            try (PreparedStatement a = c.prepareStatement("DELETE FROM segments WHERE name = ?");
                 PreparedStatement b = c.prepareStatement("DELETE FROM customer_cluster WHERE cluster = ?")) {
                a.setString(1, name);
                a.execute();
                b.setString(1, name);
                b.execute();
            }
            return null;
        });
    }

    /** @return whether any discovered segment exists */
    public boolean hasDiscovered() {
        return store.queryLong("SELECT count(*) FROM segments WHERE kind = 'discovered'") > 0;
    }

    /**
     * Replaces all discovered segments and customer clusters by a new discovery; manager, team and budget
     * of a cluster whose name existed before are kept.
     *
     * @param clusters the clusters and their profiles as JSON
     * @param labels each customer's cluster name, in the order of {@link CustomerFrame#UNIVERSE}
     *     (the rows of a store's {@link CustomerFrame})
     */
    public void replaceDiscovered(Map<String, String> clusters, String[] labels) {
        Map<String, Segment> old = new HashMap<>();
        for (Segment s : list()) {
            old.put(s.name(), s);
        }
        for (String name : clusters.keySet()) {
            Segment o = old.get(name);
            if (o != null && o.ruleBased()) {
                throw new SegmentException("a discovered cluster would be named '" + name
                        + "', which is a rule segment; rename the rule segment (rapport segments delete/define)");
            }
        }
        Timestamp now = now();
        store.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM segments WHERE kind = 'discovered'");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO segments (" + COLUMNS
                         + ") VALUES (?, 'discovered', NULL, ?, ?, ?, ?, NULL, ?, ?, ?)")) {
                del.execute();
                for (Map.Entry<String, String> e : clusters.entrySet()) {
                    Segment o = old.get(e.getKey());
                    ins.setString(1, e.getKey());
                    ins.setString(2, o == null ? null : o.description());
                    ins.setString(3, o == null ? null : o.manager());
                    ins.setString(4, o == null ? null : o.team());
                    ins.setObject(5, o == null ? null : o.budget());
                    ins.setTimestamp(6, o == null ? now : Timestamp.valueOf(o.created()));
                    ins.setTimestamp(7, now);
                    ins.setString(8, e.getValue());
                    ins.execute();
                }
            }
            writeByRow(c, "customer_cluster", labels);
            return null;
        });
    }

    /**
     * Rewrites {@code customer_segment}.
     *
     * @param segments each customer's primary segment, in the order of {@link CustomerFrame#UNIVERSE}
     */
    public void writeAssignment(String[] segments) {
        store.inTransaction(c -> {
            writeByRow(c, "customer_segment", segments);
            return null;
        });
    }

    /**
     * Rewrites {@code customer_cluster_confidence}: per frame row, the source of its cluster and the
     * confidence (1 for a surveyed customer).
     *
     * @param confidence per frame row
     * @param lookalike whether any row was placed by the look-alike model
     */
    public void writeConfidence(double[] confidence, boolean lookalike) {
        store.inTransaction(c -> {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE OR REPLACE TEMP TABLE seg_conf (idx BIGINT[], confidence DOUBLE[])");
            }
            long[] idx = new long[confidence.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender("temp", "main", "seg_conf")) {
                a.beginRow().append(idx).append(confidence).endRow();
            }
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("DELETE FROM customer_cluster_confidence");
                st.execute("INSERT INTO customer_cluster_confidence " + CustomerFrame.UNIVERSE
                        + ", r AS (SELECT unnest(idx) AS idx, unnest(confidence) AS confidence FROM seg_conf) SELECT u.customer_id, CASE WHEN"
                        + " r.confidence < 1 THEN 'lookalike' ELSE 'survey' END, r.confidence FROM u JOIN r USING (idx)"
                        + " ORDER BY u.customer_id");
                st.execute("DROP TABLE seg_conf");
            }
            return null;
        });
    }

    private static final String BY_ROW = ", r AS (SELECT unnest(idx) AS idx, unnest(code) AS code FROM seg_rows) "
            + "SELECT u.customer_id, d.name FROM u JOIN r ON r.idx = u.idx JOIN seg_names d ON d.code = r.code";

    /** The statements that make a (customer_id, label) table equal to seg_new, one set per table (constant SQL). */
    private static final Map<String, List<String>> SYNC = Map.of(
            "customer_segment", List.of(
                    "UPDATE customer_segment t SET segment = n.name FROM seg_new n WHERE t.customer_id = n.customer_id "
                            + "AND t.segment <> n.name",
                    "INSERT INTO customer_segment SELECT n.customer_id, n.name FROM seg_new n ANTI JOIN customer_segment t "
                            + "USING (customer_id) ORDER BY n.customer_id",
                    "DELETE FROM customer_segment WHERE customer_id NOT IN (SELECT customer_id FROM seg_new)"),
            "customer_cluster", List.of(
                    "UPDATE customer_cluster t SET cluster = n.name FROM seg_new n WHERE t.customer_id = n.customer_id "
                            + "AND t.cluster <> n.name",
                    "INSERT INTO customer_cluster SELECT n.customer_id, n.name FROM seg_new n ANTI JOIN customer_cluster t "
                            + "USING (customer_id) ORDER BY n.customer_id",
                    "DELETE FROM customer_cluster WHERE customer_id NOT IN (SELECT customer_id FROM seg_new)"));

    /**
     * Writes one label per frame row without moving customer ids through Java: row numbers and label
     * codes go to a temporary table by the Appender, as one row of two lists (two calls, not two million),
     * one query unnests them and joins them back to the customers, and the
     * target is brought in step by update, insert and delete (deleting and re-inserting a million
     * primary keys in one transaction is many times slower in DuckDB).
     */
    private static void writeByRow(java.sql.Connection c, String table, String[] labels) throws SQLException {
        Map<String, Integer> codes = new HashMap<>();
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE OR REPLACE TEMP TABLE seg_rows (idx BIGINT[], code INTEGER[])");
            st.execute("CREATE OR REPLACE TEMP TABLE seg_names (code INTEGER, name VARCHAR)");
        }
        DuckDBConnection duck = c.unwrap(DuckDBConnection.class);
        int n = 0;
        long[] idx = new long[labels.length];
        int[] code = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != null) {
                idx[n] = i;
                code[n++] = codes.computeIfAbsent(labels[i], k -> codes.size());
            }
        }
        try (DuckDBAppender a = duck.createAppender("temp", "main", "seg_rows")) {
            a.beginRow().append(java.util.Arrays.copyOf(idx, n)).append(java.util.Arrays.copyOf(code, n)).endRow();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO seg_names VALUES (?, ?)")) {
            for (Map.Entry<String, Integer> e : codes.entrySet()) {
                ins.setInt(1, e.getValue());
                ins.setString(2, e.getKey());
                ins.execute();
            }
        }
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE OR REPLACE TEMP TABLE seg_new AS " + CustomerFrame.UNIVERSE + BY_ROW);
            for (String sql : SYNC.get(table)) {
                st.execute(sql);
            }
            st.execute("DROP TABLE seg_rows");
            st.execute("DROP TABLE seg_names");
            st.execute("DROP TABLE seg_new");
        }
    }

    private static final String CLUSTERS = CustomerFrame.UNIVERSE + ", d AS (SELECT cluster, row_number() OVER (ORDER BY cluster) - 1 "
            + "AS code FROM (SELECT DISTINCT cluster FROM customer_cluster)) "
            + "SELECT u.idx, d.code FROM u JOIN customer_cluster c USING (customer_id) JOIN d USING (cluster)";

    /**
     * @param n the number of frame rows
     * @return each frame row's discovered cluster, or null
     */
    public String[] clusters(int n) {
        List<String> names = store.query("SELECT DISTINCT cluster FROM customer_cluster ORDER BY cluster", rs -> rs.getString(1));
        String[] out = new String[n];
        store.stream(CLUSTERS, rs -> out[rs.getInt(1)] = names.get(rs.getInt(2)), x -> { });
        return out;
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SegmentException("segment name '" + name + "' is not allowed: use 1 to 64 letters, digits and _ . + -,"
                    + " starting with a letter or digit");
        }
        if (name.equals(Segment.UNASSIGNED)) {
            throw new SegmentException("'unassigned' is reserved for customers in no segment");
        }
    }

    private static Timestamp now() {
        return Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC));
    }

    private static Segment row(ResultSet rs) throws SQLException {
        Timestamp created = rs.getTimestamp(9);
        Timestamp updated = rs.getTimestamp(10);
        double budget = rs.getDouble(7);
        Double b = rs.wasNull() ? null : budget;
        int priority = rs.getInt(8);
        Integer p = rs.wasNull() ? null : priority;
        return new Segment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), b, p, created == null ? null : created.toLocalDateTime(),
                updated == null ? null : updated.toLocalDateTime(), rs.getString(11));
    }

    static List<String> names(List<Segment> segments) {
        List<String> out = new ArrayList<>();
        segments.forEach(s -> out.add(s.name()));
        return out;
    }
}
