package org.rapport.analytics.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.store.RapportStore;

/**
 * The segments' KPIs ({@link SegmentAnalysis.Kpis}) from {@code customer_segment} and the tables the other
 * analyses wrote: customers, equity, retention, share of wallet, relationship groups, top categories,
 * distinctive needs, the look-alike placements and the expected prospects. Constant SQL.
 */
final class SegmentKpis {
    private SegmentKpis() {
    }

    /**
     * The segments with KPIs from the current {@code customer_segment}, without assigning again.
     *
     * @param store the store
     * @return every defined segment (and {@code unassigned} when it has customers)
     */
    static List<SegmentAnalysis.SegmentSummary> summaries(RapportStore store) {
        return summaries(store, false, null);
    }

    static List<SegmentAnalysis.SegmentSummary> summaries(RapportStore store, boolean linesReady,
                                                  Map<String, List<SegmentDiscovery.Distinctive>> needs) {
        Map<String, SegmentAnalysis.Kpis> kpis = kpis(store, linesReady, needs);
        List<SegmentAnalysis.SegmentSummary> out = new ArrayList<>();
        for (Segment s : SegmentStore.of(store).list()) {
            out.add(new SegmentAnalysis.SegmentSummary(s, kpis.getOrDefault(s.name(), empty())));
        }
        SegmentAnalysis.Kpis rest = kpis.get(Segment.UNASSIGNED);
        if (rest != null) {
            out.add(new SegmentAnalysis.SegmentSummary(new Segment(Segment.UNASSIGNED, "none", null, "customers in no segment", null, null,
                    null, null, null, null, null), rest));
        }
        return out;
    }

    private static SegmentAnalysis.Kpis empty() {
        return new SegmentAnalysis.Kpis(0, 0, null, null, null, null, null, List.of(), List.of(), 0, null, 0);
    }

    private static final String BASE_KPIS = "SELECT cs.segment, count(*), coalesce(sum(s.clv), 0), avg(s.clv), avg(s.p_alive), "
            + "avg(CASE WHEN s.p_alive IS NULL THEN NULL WHEN s.p_alive > 0.5 THEN 1.0 ELSE 0.0 END), "
            + "count(*) FILTER (WHERE cc.source = 'lookalike' AND cc.customer_id IS NOT NULL AND cl.cluster = cs.segment), "
            + "avg(cc.confidence) FILTER (WHERE cc.source = 'lookalike' AND cl.cluster = cs.segment) "
            + "FROM customer_segment cs LEFT JOIN customer_scores s USING (customer_id) "
            + "LEFT JOIN customer_cluster cl USING (customer_id) LEFT JOIN customer_cluster_confidence cc USING (customer_id) "
            + "GROUP BY cs.segment";
    private static final String PROSPECT_KPIS = "SELECT segment, sum(probability) FROM prospect_segment GROUP BY 1";
    private static final String WALLET_KPIS = "SELECT cs.segment, avg(w.share_of_wallet) FROM customer_segment cs "
            + "JOIN customer_wallet w USING (customer_id) GROUP BY cs.segment";
    private static final String GROUP_KPIS = "SELECT cs.segment, g.relationship_group, count(*) FROM customer_segment cs "
            + "JOIN customer_groups g USING (customer_id) GROUP BY cs.segment, g.relationship_group";
    private static final String CATEGORIES = "WITH c AS (SELECT cs.segment, p.category, sum(l.amount) AS spend "
            + "FROM purchase_lines l JOIN products p USING (product_id) JOIN customer_segment cs USING (customer_id) "
            + "WHERE p.category IS NOT NULL GROUP BY cs.segment, p.category) "
            + "SELECT segment, category, spend / sum(spend) OVER (PARTITION BY segment) AS share FROM c "
            + "QUALIFY row_number() OVER (PARTITION BY segment ORDER BY spend DESC, category) <= 3 ORDER BY segment, share DESC";
    /** {@link #CATEGORIES} from the job's materialised net lines (same rows, already joined with products). */
    private static final String CATEGORIES_FROM_LINES = "WITH c AS (SELECT cs.segment, l.category, sum(l.amount) AS spend "
            + "FROM a_lines l JOIN customer_segment cs USING (customer_id) "
            + "WHERE l.category IS NOT NULL GROUP BY cs.segment, l.category) "
            + "SELECT segment, category, spend / sum(spend) OVER (PARTITION BY segment) AS share FROM c "
            + "QUALIFY row_number() OVER (PARTITION BY segment ORDER BY spend DESC, category) <= 3 ORDER BY segment, share DESC";
    private static final String NEEDS = "WITH st AS (SELECT need, avg(score) AS mu, stddev_samp(score) AS sd FROM customer_needs "
            + "GROUP BY need HAVING stddev_samp(score) > 0), z AS (SELECT cs.segment, n.need, (avg(n.score) - st.mu) / st.sd AS z "
            + "FROM customer_needs n JOIN customer_segment cs USING (customer_id) JOIN st USING (need) "
            + "GROUP BY cs.segment, n.need, st.mu, st.sd) "
            + "SELECT segment, need, z FROM z QUALIFY row_number() OVER (PARTITION BY segment ORDER BY abs(z) DESC, need) <= 3 "
            + "ORDER BY segment, abs(z) DESC";

    /**
     * The distinctive needs of each segment as {@link #NEEDS} computes them, from answers in memory: per
     * need the mean and sample standard deviation over every answer (needs whose deviation is 0 left
     * out), per segment the z of its mean answer; the three largest |z| first (ties by need).
     *
     * @param needs each need's answer per customer (NaN: none), as {@link CustomerFrame#needs()}
     * @param segments each customer's segment (null: none)
     * @return per segment with answers, at most three needs
     */
    static Map<String, List<SegmentDiscovery.Distinctive>> distinctiveNeeds(Map<String, double[]> needs, String[] segments) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        int[] seg = new int[segments.length];
        for (int i = 0; i < segments.length; i++) {
            seg[i] = segments[i] == null ? -1 : codes.computeIfAbsent(segments[i], k -> codes.size());
        }
        int g = codes.size();
        Map<String, List<SegmentDiscovery.Distinctive>> out = new HashMap<>();
        List<List<SegmentDiscovery.Distinctive>> bySeg = new ArrayList<>();
        for (int c = 0; c < g; c++) {
            bySeg.add(new ArrayList<>());
        }
        for (Map.Entry<String, double[]> e : needs.entrySet()) {
            double[] v = e.getValue();
            long n = 0;
            double sum = 0;
            double[] segSum = new double[g];
            long[] segN = new long[g];
            for (int i = 0; i < v.length; i++) {
                if (!Double.isNaN(v[i])) {
                    n++;
                    sum += v[i];
                    if (seg[i] >= 0) {
                        segSum[seg[i]] += v[i];
                        segN[seg[i]]++;
                    }
                }
            }
            if (n < 2) {
                continue;
            }
            double mu = sum / n;
            double ss = 0;
            for (double x : v) {
                if (!Double.isNaN(x)) {
                    ss += (x - mu) * (x - mu);
                }
            }
            double sd = Math.sqrt(ss / (n - 1));
            if (!(sd > 0)) {
                continue;
            }
            for (int c = 0; c < g; c++) {
                if (segN[c] > 0) {
                    bySeg.get(c).add(new SegmentDiscovery.Distinctive(e.getKey(), (segSum[c] / segN[c] - mu) / sd));
                }
            }
        }
        for (Map.Entry<String, Integer> e : codes.entrySet()) {
            List<SegmentDiscovery.Distinctive> l = bySeg.get(e.getValue());
            if (l.isEmpty()) {
                continue;
            }
            l.sort(Comparator.comparingDouble((SegmentDiscovery.Distinctive d) -> -Math.abs(d.z()))
                    .thenComparing(SegmentDiscovery.Distinctive::feature));
            out.put(e.getKey(), List.copyOf(l.subList(0, Math.min(3, l.size()))));
        }
        return out;
    }

    private static Map<String, SegmentAnalysis.Kpis> kpis(RapportStore store, boolean linesReady,
                                          Map<String, List<SegmentDiscovery.Distinctive>> inMemoryNeeds) {
        Map<String, Double> sow = new HashMap<>();
        boolean wallet = CustomerFrame.hasRows(store, "customer_wallet");
        if (wallet) {
            store.stream(WALLET_KPIS, rs -> sow.put(rs.getString(1), nullable(rs, 2)), x -> { });
        }
        Map<String, Map<String, Long>> groups = new HashMap<>();
        boolean hasGroups = CustomerFrame.hasRows(store, "customer_groups");
        if (hasGroups) {
            store.stream(GROUP_KPIS, rs -> groups.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                    .put(rs.getString(2), rs.getLong(3)), x -> { });
        }
        Map<String, List<SegmentAnalysis.CategoryShare>> categories = new HashMap<>();
        store.stream(linesReady ? CATEGORIES_FROM_LINES : CATEGORIES, rs -> categories.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new SegmentAnalysis.CategoryShare(rs.getString(2), rs.getDouble(3))), x -> { });
        Map<String, List<SegmentDiscovery.Distinctive>> needs = new HashMap<>();
        if (inMemoryNeeds != null) {
            needs.putAll(inMemoryNeeds);
        } else {
            store.stream(NEEDS, rs -> needs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(new SegmentDiscovery.Distinctive(rs.getString(2), rs.getDouble(3))), x -> { });
        }
        Map<String, Double> prospects = new HashMap<>();
        store.stream(PROSPECT_KPIS, rs -> prospects.put(rs.getString(1), rs.getDouble(2)), x -> { });
        Map<String, SegmentAnalysis.Kpis> out = new LinkedHashMap<>();
        store.stream(BASE_KPIS, rs -> {
            String seg = rs.getString(1);
            List<SegmentAnalysis.CategoryShare> cats = categories.getOrDefault(seg, List.of());
            List<SegmentDiscovery.Distinctive> nd = new ArrayList<>(needs.getOrDefault(seg, List.of()));
            nd.sort(Comparator.comparingDouble(d -> -Math.abs(d.z())));
            return out.put(seg, new SegmentAnalysis.Kpis(rs.getLong(2), rs.getDouble(3), nullable(rs, 4), nullable(rs, 5), nullable(rs, 6),
                    wallet ? sow.get(seg) : null, hasGroups ? groups.getOrDefault(seg, Map.of()) : null, List.copyOf(cats),
                    List.copyOf(nd), rs.getLong(7), nullable(rs, 8), prospects.getOrDefault(seg, 0.0)));
        }, x -> { });
        return out;
    }

    private static Double nullable(java.sql.ResultSet rs, int col) throws java.sql.SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }
}
