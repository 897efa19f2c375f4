package org.rapport.server;

import org.rapport.store.ConnectionPool;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Routes a service contact (customer id, e-mail or phone) to a specialist queue in memory: lookup
 * maps built in one pass over the store at start and after each job ({@link #reload()}), so a route
 * costs a few hash look-ups and no query.
 *
 * <p>Queue: the configured queue of the customer's segment, else the segment's team
 * ({@code segments.team}), else {@code segment:NAME}; without a segment {@link #GENERAL}.
 * Priority 1 (first) to 4: from the customer's CLV percentile among scored customers (at least
 * 0.90 &rarr; 1, 0.70 &rarr; 2, 0.40 &rarr; 3, else 4), one step up for a {@code true_friend}, one step down
 * for a {@code stranger} (Reinartz &amp; Kumar's relationship groups). Talking points: the reasons of
 * the customer's top {@value #TALKING_POINTS} offers ({@code customer_offers}).
 */
public final class ContactRouter {
    /** The queue of customers without a segment. */
    public static final String GENERAL = "general";
    /** Offers whose reasons become talking points. */
    public static final int TALKING_POINTS = 3;

    /**
     * A routed contact.
     *
     * @param customerId the customer
     * @param matchedBy how the contact was matched: {@code customer_id}, {@code email} or {@code phone}
     * @param segment the customer's segment, or null
     * @param queue the specialist queue
     * @param priority 1 (first) to 4
     * @param clv the customer's CLV, or null if not scored
     * @param clvPercentile its percentile among scored customers (0..1), or null
     * @param relationshipGroup the relationship group, or null
     * @param talkingPoints reasons of the top offers, best first
     */
    public record Route(String customerId, String matchedBy, String segment, String queue, int priority, Double clv,
                        Double clvPercentile, String relationshipGroup, List<String> talkingPoints) {
    }

    /** Everything routing needs, swapped atomically on reload. */
    private record Maps(Map<String, Integer> byId, Map<String, Integer> byEmail, Map<String, Integer> byPhone,
                        String[] ids, short[] segment, String[] segmentNames, float[] clv, float[] pct, byte[] group,
                        String[][] points, Map<String, String> teams, Map<String, Integer> counts) {
    }

    private static final String[] GROUPS = {null, "stranger", "butterfly", "true_friend", "barnacle"};

    private final ConnectionPool db;
    private final Map<String, String> queues;
    private volatile Maps maps;

    /**
     * @param db the pool
     * @param queues configured queue per segment name (may be empty)
     */
    public ContactRouter(ConnectionPool db, Map<String, String> queues) {
        this.db = db;
        this.queues = Map.copyOf(queues);
        reload();
    }

    /** Rebuilds the lookup maps from the store (after an analysis or when tables land). */
    public void reload() {
        db.forgetTables();
        maps = db.with(this::load);
    }

    /** Reloads only the segments' teams (a user changed a segment), keeping the rest of the maps. */
    public void reloadTeams() {
        Maps m = maps;
        Map<String, String> teams = db.with(ContactRouter::teams);
        maps = new Maps(m.byId, m.byEmail, m.byPhone, m.ids, m.segment, m.segmentNames, m.clv, m.pct, m.group, m.points,
                teams, m.counts);
    }

    private static Map<String, String> teams(Connection c) throws SQLException {
        Map<String, String> teams = new HashMap<>();
        if (exists(c, "segments")) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name, team FROM segments WHERE team IS NOT NULL")) {
                while (rs.next()) {
                    teams.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return teams;
    }

    /** @return sizes of the maps, for /health and the logs */
    public Map<String, Integer> counts() {
        return maps.counts();
    }

    /**
     * Routes a contact given as customer id, e-mail or phone (tried in that order; e-mail when it has an
     * {@code @}).
     *
     * @param contact the contact
     * @return the route, or empty when no customer matches
     */
    public Optional<Route> route(String contact) {
        Maps m = maps;
        String c = contact.strip();
        Integer i = m.byId.get(c);
        String by = "customer_id";
        if (i == null && c.indexOf('@') >= 0) {
            i = m.byEmail.get(c.toLowerCase(Locale.ROOT));
            by = "email";
        }
        if (i == null) {
            String digits = phoneKey(c);
            if (digits.length() >= 5) {
                i = m.byPhone.get(digits);
                by = "phone";
            }
        }
        return i == null ? Optional.empty() : Optional.of(route(m, i, by));
    }

    /**
     * @param kind {@code customer_id}, {@code email} or {@code phone}
     * @param value the value
     * @return the route, or empty when no customer matches
     */
    public Optional<Route> route(String kind, String value) {
        Maps m = maps;
        Integer i = switch (kind) {
            case "customer_id" -> m.byId.get(value.strip());
            case "email" -> m.byEmail.get(value.strip().toLowerCase(Locale.ROOT));
            case "phone" -> m.byPhone.get(phoneKey(value));
            default -> throw new IllegalArgumentException("unknown contact kind " + kind);
        };
        return i == null ? Optional.empty() : Optional.of(route(m, i, kind));
    }

    private Route route(Maps m, int i, String by) {
        String segment = m.segment[i] < 0 ? null : m.segmentNames[m.segment[i]];
        String queue = segment == null ? GENERAL
                : queues.getOrDefault(segment, Optional.ofNullable(m.teams.get(segment)).orElse("segment:" + segment));
        float clv = m.clv[i];
        float pct = m.pct[i];
        String group = GROUPS[m.group[i]];
        int priority = Float.isNaN(pct) ? 4 : pct >= 0.90f ? 1 : pct >= 0.70f ? 2 : pct >= 0.40f ? 3 : 4;
        if ("true_friend".equals(group)) {
            priority = Math.max(1, priority - 1);
        } else if ("stranger".equals(group)) {
            priority = Math.min(4, priority + 1);
        }
        return new Route(m.ids[i], by, segment, queue, priority, Float.isNaN(clv) ? null : (double) clv,
                Float.isNaN(pct) ? null : (double) pct, group, m.points[i] == null ? List.of() : Arrays.asList(m.points[i]));
    }

    /** @param phone a phone number as written @return its digits only */
    static String phoneKey(String phone) {
        StringBuilder b = new StringBuilder(phone.length());
        for (int k = 0; k < phone.length(); k++) {
            char ch = phone.charAt(k);
            if (ch >= '0' && ch <= '9') {
                b.append(ch);
            }
        }
        return b.toString();
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        return org.rapport.server.cache.CustomerCache.hasRows(c, table);
    }

    private Maps load(Connection c) throws SQLException {
        boolean offers = exists(c, "customer_offers");
        String sql = routingQuery(c);
        List<String> ids = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        FloatList clv = new FloatList();
        FloatList pct = new FloatList();
        List<String> segs = new ArrayList<>();
        List<String> grp = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
                emails.add(rs.getString(2));
                phones.add(rs.getString(3));
                double v = rs.getDouble(4);
                clv.add(rs.wasNull() ? Float.NaN : (float) v);
                double p = rs.getDouble(5);
                pct.add(rs.wasNull() || Double.isNaN(v) ? Float.NaN : (float) p);
                segs.add(rs.getString(6));
                grp.add(rs.getString(7));
            }
        }
        int n = ids.size();
        Map<String, Integer> byId = new HashMap<>(n * 2);
        Map<String, Integer> byEmail = new HashMap<>(n * 2);
        Map<String, Integer> byPhone = new HashMap<>(n * 2);
        Map<String, Short> segIndex = new HashMap<>();
        List<String> segNames = new ArrayList<>();
        short[] segment = new short[n];
        byte[] group = new byte[n];
        for (int i = 0; i < n; i++) {
            byId.put(ids.get(i), i);
            if (emails.get(i) != null) {
                byEmail.putIfAbsent(emails.get(i).strip().toLowerCase(Locale.ROOT), i);
            }
            if (phones.get(i) != null) {
                String key = phoneKey(phones.get(i));
                if (key.length() >= 5) {
                    byPhone.putIfAbsent(key, i);
                }
            }
            String sg = segs.get(i);
            if (sg == null) {
                segment[i] = -1;
            } else {
                segment[i] = segIndex.computeIfAbsent(sg, k -> {
                    segNames.add(k);
                    return (short) (segNames.size() - 1);
                });
            }
            group[i] = (byte) Math.max(0, Arrays.asList(GROUPS).indexOf(grp.get(i)));
        }
        String[][] points = offers ? talkingPoints(c, byId, n) : new String[n][];
        Map<String, String> teams = teams(c);
        Map<String, Integer> counts = counts(n, byEmail.size(), byPhone.size(), segNames.size());
        return new Maps(byId, byEmail, byPhone, ids.toArray(String[]::new), segment, segNames.toArray(String[]::new),
                clv.toArray(), pct.toArray(), group, points, teams, counts);
    }

    /** The sizes of the lookup maps, for {@code /health}, in this order. */
    private static Map<String, Integer> counts(int customers, int emails, int phones, int segments) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        counts.put("customers", customers);
        counts.put("emails", emails);
        counts.put("phones", phones);
        counts.put("segments", segments);
        return counts;
    }

    /** One row per customer known to the store (customers table or scored), with what routing needs. */
    private static String routingQuery(Connection c) throws SQLException {
        boolean scores = exists(c, "customer_scores");
        boolean seg = exists(c, "customer_segment");
        boolean groups = exists(c, "customer_groups");
        return "SELECT k.customer_id, c.email, c.phone, "
                + (scores ? "s.clv, percent_rank() OVER (ORDER BY s.clv) " : "NULL, NULL ")
                + (seg ? ", cs.segment " : ", NULL ")
                + (groups ? ", g.relationship_group " : ", NULL ")
                + "FROM (SELECT customer_id FROM customers" + (scores ? " UNION SELECT customer_id FROM customer_scores" : "") + ") k "
                + "LEFT JOIN customers c ON c.customer_id = k.customer_id "
                + (scores ? "LEFT JOIN customer_scores s ON s.customer_id = k.customer_id " : "")
                + (seg ? "LEFT JOIN customer_segment cs ON cs.customer_id = k.customer_id " : "")
                + (groups ? "LEFT JOIN customer_groups g ON g.customer_id = k.customer_id " : "");
    }

    /** The reasons of each customer's first {@value #TALKING_POINTS} offers, by customer row; null where none. */
    private static String[][] talkingPoints(Connection c, Map<String, Integer> byId, int n) throws SQLException {
        String[][] points = new String[n][];
        Map<String, String> intern = new HashMap<>();
        List<List<String>> acc = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            acc.add(null);
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT customer_id, reason FROM customer_offers WHERE rank <= " + TALKING_POINTS + " ORDER BY customer_id, rank")) {
            while (rs.next()) {
                Integer i = byId.get(rs.getString(1));
                if (i != null) {
                    if (acc.get(i) == null) {
                        acc.set(i, new ArrayList<>(TALKING_POINTS));
                    }
                    String r = rs.getString(2);
                    acc.get(i).add(intern.computeIfAbsent(r, k -> k));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (acc.get(i) != null) {
                points[i] = acc.get(i).toArray(String[]::new);
            }
        }
        return points;
    }

    /** A growable float array. */
    private static final class FloatList {
        private float[] a = new float[1024];
        private int n;

        void add(float v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
