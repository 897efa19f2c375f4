package org.rapport.server.cache;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The customer 360's tables in memory: profile, scores, purchases, segment, relationship group, wallet,
 * offers and household, each a {@link ColumnTable} keyed by customer. Built in one pass per table
 * ({@link #load}) when the server starts and after each job, then read without a query, so the 360
 * answers in microseconds where eight indexed point queries on DuckDB cost milliseconds each.
 *
 * <p>Everything except the segments' descriptions is written only by batch jobs, so a loaded cache is
 * immutable; the segments (manager, team, description), which users edit in the server, are reloaded
 * by {@link #reloadSegments} after each edit. Memory, measured on 1,000,000 customers with 2.76 M
 * purchases and 5 M offers: see docs/server.md.
 */
public final class CustomerCache implements CustomerRecords {
    private static final String[] TABLES = {"customers", "customer_scores", "customer_segment", "customer_groups",
        "customer_wallet", "customer_offers", "household_links", "segments", "transactions", "customer_subscription"};
    /** The 360's columns of {@code customer_scores}, the same on the SQL path. */
    public static final String SCORE_COLUMNS = "run_id, x, t_x, t, p_alive, expected_purchases, expected_spend, margin_rate, "
            + "clv, clv_lower, clv_upper, purchases_lower, purchases_upper, clv_pred_lower, clv_pred_upper";
    /** The 360's columns of {@code customer_subscription}, the same on the SQL path. */
    public static final String MEMBERSHIP_COLUMNS = "plan, start_date, end_date, renewals, active, renewal_probability, derl, "
            + "residual_value";

    private final KeyIndex ids;
    private final KeyIndex households;
    private final Set<String> filled;
    private final ColumnTable profile;
    private final ColumnTable scores;
    private final ColumnTable purchases;
    private final ColumnTable segment;
    private final ColumnTable groups;
    private final ColumnTable wallet;
    private final ColumnTable offers;
    private final ColumnTable linksOut;
    private final ColumnTable linksIn;
    private final ColumnTable members;
    private final ColumnTable memberships;
    private final long millis;
    private volatile Map<String, Map<String, Object>> segmentInfo;

    private CustomerCache(KeyIndex ids, KeyIndex households, Set<String> filled, ColumnTable[] t, long millis) {
        this.ids = ids;
        this.households = households;
        this.filled = filled;
        this.profile = t[0];
        this.scores = t[1];
        this.purchases = t[2];
        this.segment = t[3];
        this.groups = t[4];
        this.wallet = t[5];
        this.offers = t[6];
        this.linksOut = t[7];
        this.linksIn = t[8];
        this.members = t[9];
        this.memberships = t[10];
        this.millis = millis;
    }

    /**
     * Copies the 360's tables from the store.
     *
     * @param c a connection
     * @return the cache
     * @throws SQLException on failure
     */
    public static CustomerCache load(Connection c) throws SQLException {
        long t0 = System.nanoTime();
        Set<String> filled = new LinkedHashSet<>();
        for (String t : TABLES) {
            if (hasRows(c, t)) {
                filled.add(t);
            }
        }
        KeyIndex ids = new KeyIndex((int) Math.min(Integer.MAX_VALUE - 8, count(c, "customers", filled)
                + count(c, "customer_scores", filled)));
        KeyIndex households = new KeyIndex(16);
        ColumnTable[] t = new ColumnTable[11];
        boolean sc = filled.contains("customer_scores");
        t[0] = filled.contains("customers") ? ColumnTable.load(c, "SELECT customer_id, email, phone, birth_date, region, "
                + "household_id, acquisition_channel, acquisition_date, survey_wallet FROM customers ORDER BY customer_id", ids) : null;
        t[1] = sc ? ColumnTable.load(c, "SELECT customer_id, " + SCORE_COLUMNS + " FROM customer_scores ORDER BY customer_id",
                ids) : null;
        t[2] = filled.contains("transactions") ? ColumnTable.load(c, "SELECT customer_id, ts, order_id, amount, channel "
                + "FROM purchases ORDER BY customer_id, ts, order_id", ids) : null;
        t[3] = filled.contains("customer_segment")
                ? ColumnTable.load(c, "SELECT customer_id, segment FROM customer_segment ORDER BY customer_id", ids) : null;
        t[4] = filled.contains("customer_groups") ? ColumnTable.load(c, "SELECT customer_id, relationship_group, barnacle_action, "
                + "clv, loyalty FROM customer_groups ORDER BY customer_id", ids) : null;
        t[5] = filled.contains("customer_wallet") ? ColumnTable.load(c, "SELECT customer_id, wallet, wallet_source, yearly_spend, "
                + "share_of_wallet, headroom FROM customer_wallet ORDER BY customer_id", ids) : null;
        t[6] = filled.contains("customer_offers") ? ColumnTable.load(c, "SELECT customer_id, rank, offer_id, product_id, score, "
                + "propensity, value, source, reason FROM customer_offers ORDER BY customer_id, rank", ids) : null;
        boolean links = filled.contains("household_links");
        t[7] = links ? ColumnTable.load(c, "SELECT customer_id, related_customer_id, relation FROM household_links "
                + "ORDER BY customer_id", ids) : null;
        t[8] = links ? ColumnTable.load(c, "SELECT related_customer_id, customer_id, relation FROM household_links "
                + "ORDER BY related_customer_id", ids) : null;
        t[9] = filled.contains("customers") ? ColumnTable.load(c, "SELECT household_id, customer_id FROM customers "
                + "WHERE household_id IS NOT NULL ORDER BY household_id", households) : null;
        t[10] = filled.contains("customer_subscription") ? ColumnTable.load(c, "SELECT customer_id, " + MEMBERSHIP_COLUMNS
                + " FROM customer_subscription ORDER BY customer_id, start_date DESC", ids) : null;
        CustomerCache cache = new CustomerCache(ids, households, filled, t, (System.nanoTime() - t0) / 1_000_000);
        cache.reloadSegments(c);
        return cache;
    }

    /**
     * Reloads the segments' manager, team and description (users edit them while the server runs).
     *
     * @param c a connection
     * @throws SQLException on failure
     */
    public void reloadSegments(Connection c) throws SQLException {
        Map<String, Map<String, Object>> m = new HashMap<>();
        if (hasRows(c, "segments")) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name, manager, team, description FROM segments")) {
                while (rs.next()) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("manager", rs.getString(2));
                    e.put("team", rs.getString(3));
                    e.put("description", rs.getString(4));
                    m.put(rs.getString(1), e);
                }
            }
        }
        segmentInfo = m;
    }

    /**
     * @param c a connection
     * @param table one of our own table names (a constant, never user input)
     * @return whether the table exists and holds a row: derived tables exist from the first open
     *     (migrations) and say nothing until an analysis filled them
     * @throws SQLException on failure
     */
    public static boolean hasRows(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return false;
                }
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM (SELECT 1 FROM \"" + table.replace("\"", "\"\"") + "\" LIMIT 1)")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static long count(Connection c, String table, Set<String> filled) throws SQLException {
        if (!filled.contains(table)) {
            return 0;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public boolean has(String table) {
        return filled.contains(table);
    }

    /** @param id a customer @return whether the cache knows the customer from any table */
    public boolean knows(String id) {
        return ids.find(id) >= 0;
    }

    @Override
    public Optional<Map<String, Object>> profile(String id) {
        int k = ids.find(id);
        int r = profile == null ? -1 : profile.firstRow(k);
        if (r < 0) {
            return Optional.empty();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("customer_id", ids.key(k));
        m.putAll(profile.row(r));
        return Optional.of(m);
    }

    @Override
    public Optional<Map<String, Object>> scores(String id) {
        return one(scores, id);
    }

    @Override
    public List<Map<String, Object>> purchases(String id) {
        return all(purchases, id);
    }

    @Override
    public Optional<Map<String, Object>> segment(String id) {
        Optional<Map<String, Object>> s = one(segment, id);
        Map<String, Map<String, Object>> info = segmentInfo;
        if (s.isEmpty() || info.isEmpty()) {
            return s;
        }
        Map<String, Object> m = s.get();
        Map<String, Object> e = info.get((String) m.get("segment"));
        m.put("manager", e == null ? null : e.get("manager"));
        m.put("team", e == null ? null : e.get("team"));
        m.put("description", e == null ? null : e.get("description"));
        return s;
    }

    /** @param id a customer @return the customer's segment name, if assigned */
    public Optional<String> segmentOf(String id) {
        int r = segment == null ? -1 : segment.firstRow(ids.find(id));
        return r < 0 ? Optional.empty() : Optional.ofNullable((String) segment.get(r, 0));
    }

    @Override
    public Optional<Map<String, Object>> group(String id) {
        return one(groups, id);
    }

    @Override
    public Optional<Map<String, Object>> wallet(String id) {
        return one(wallet, id);
    }

    @Override
    public Optional<Map<String, Object>> membership(String id) {
        return one(memberships, id);
    }

    @Override
    public List<Map<String, Object>> offers(String id) {
        return all(offers, id);
    }

    @Override
    public List<Map<String, Object>> household(String id, String householdId) {
        // (customer, relation) pairs once each, as the SQL UNION gives them.
        Set<List<String>> pairs = new LinkedHashSet<>();
        int k = ids.find(id);
        if (linksOut != null) {
            for (int r = linksOut.firstRow(k), e = r + linksOut.rowsOf(k); r >= 0 && r < e; r++) {
                pairs.add(pair((String) linksOut.get(r, 0), (String) linksOut.get(r, 1)));
            }
            for (int r = linksIn.firstRow(k), e = r + linksIn.rowsOf(k); r >= 0 && r < e; r++) {
                pairs.add(pair((String) linksIn.get(r, 0), (String) linksIn.get(r, 1)));
            }
        }
        if (householdId != null && members != null) {
            int h = households.find(householdId);
            for (int r = members.firstRow(h), e = r + members.rowsOf(h); r >= 0 && r < e; r++) {
                String other = (String) members.get(r, 0);
                if (!other.equals(id)) {
                    pairs.add(pair(other, "household"));
                }
            }
        }
        List<List<String>> sorted = new ArrayList<>(pairs);
        sorted.sort(Comparator.<List<String>, String>comparing(p -> p.get(0)).thenComparing(p -> p.get(1),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<String> p : sorted.subList(0, Math.min(HOUSEHOLD_LIMIT, sorted.size()))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("customer_id", p.get(0));
            m.put("relation", p.get(1));
            if (scores != null) {
                int r = scores.firstRow(ids.find(p.get(0)));
                m.put("clv", r < 0 ? null : scores.get(r, scores.column("clv")));
                m.put("p_alive", r < 0 ? null : scores.get(r, scores.column("p_alive")));
            }
            out.add(m);
        }
        return out;
    }

    private static List<String> pair(String customer, String relation) {
        return java.util.Arrays.asList(customer, relation);
    }

    private Optional<Map<String, Object>> one(ColumnTable t, String id) {
        int r = t == null ? -1 : t.firstRow(ids.find(id));
        return r < 0 ? Optional.empty() : Optional.of(t.row(r));
    }

    private List<Map<String, Object>> all(ColumnTable t, String id) {
        if (t == null) {
            return List.of();
        }
        int k = ids.find(id);
        int r = t.firstRow(k);
        List<Map<String, Object>> out = new ArrayList<>(t.rowsOf(k));
        for (int e = r + t.rowsOf(k); r >= 0 && r < e; r++) {
            out.add(t.row(r));
        }
        return out;
    }

    /** @return customers known, rows per table, approximate megabytes held and load time, for /health and the logs */
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("customers", ids.size());
        long bytes = 0;
        String[] names = {"profiles", "scores", "purchases", "segments", "groups", "wallets", "offers", "links", "links", "households"};
        ColumnTable[] t = {profile, scores, purchases, segment, groups, wallet, offers, linksOut, linksIn, members};
        for (int i = 0; i < t.length; i++) {
            if (t[i] != null) {
                m.putIfAbsent(names[i], t[i].rows());
                bytes += t[i].bytes();
            }
        }
        m.put("megabytes", Math.round(bytes / 1e6));
        m.put("loadMillis", millis);
        return m;
    }
}
