package org.rapport.analytics.brands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.analytics.AnalyticsOptions;
import org.rapport.analytics.Lines;
import org.rapport.analytics.RunContext;
import org.rapport.analytics.Segments;
import org.rapport.store.RapportStore;

/**
 * Brands serve customers (Rust, Lemon &amp; Zeithaml, "Return on marketing: using customer equity to
 * focus marketing strategy", Journal of Marketing 68(1), 2004).
 *
 * <p><b>Switching.</b> An order's brand is the brand of its lines (the brand with the largest amount when
 * they differ); each customer's orders in time order (ties by order id) give transitions
 * previous brand &rarr; next brand, counted per segment ({@code customer_segment}, else one segment
 * {@code all}). The first-order Markov matrix P<sub>s</sub> is the row-normalised counts; a row without
 * transitions in a segment is taken from the overall matrix.
 *
 * <p><b>Customer-based brand equity.</b> Customer i (segment s, last brand b) is expected to make
 * n<sub>i</sub> = round(CLV<sub>i</sub> / (m<sub>i</sub> E[M<sub>i</sub>])) more discounted purchases (at
 * least 1, at most {@value #MAX_STEPS}); their brand choice over those purchases is
 * w<sub>i</sub> = (1/n<sub>i</sub>) &Sigma;<sub>k=1..n<sub>i</sub></sub> e<sub>b</sub> P<sub>s</sub><sup>k</sup>, and
 * brand j's equity is &Sigma;<sub>i</sub> CLV<sub>i</sub> w<sub>i,j</sub>: individual CLV times projected brand
 * choice, not averages.
 *
 * <p><b>Hand-off.</b> A customer likely to leave the brand (P(alive) &lt; 0.5, or the segment's
 * probability of staying with the last brand &lt; 0.5) whose segment favours another brand (the brand with
 * the largest share of the segment's orders) is handed to that brand; the CLV at stake is theirs.
 *
 * <p><b>Retirement candidates.</b> A brand whose equity share is small (below half of an equal share),
 * whose revenue share fell from the first to the second half of the data, and whose customers are
 * served by the firm's other brands (on average at least 30% of their next purchase goes to another
 * brand). Every brand lists which of the three hold.
 */
public final class BrandSwitching {
    /** Largest number of future purchases the brand choice is propagated over. */
    public static final int MAX_STEPS = 30;
    /** Below this P(alive) or stay probability a customer is likely to leave the brand. */
    public static final double LEAVING = 0.5;
    /** Mean outflow above which a brand's customers are served by other brands. */
    public static final double SERVED_ELSEWHERE = 0.3;

    private static final String ORDER_BRANDS = """
            CREATE OR REPLACE TEMP TABLE a_order_brand AS
            WITH ob AS (
                SELECT customer_id, ord, min(ts) AS ts, arg_max(brand, amount) AS brand
                FROM a_lines WHERE brand IS NOT NULL GROUP BY 1, 2)
            SELECT ob.customer_id, ob.ts, ob.brand, g.segment,
                   lag(ob.brand) OVER w AS prev,
                   row_number() OVER w = count(*) OVER (PARTITION BY ob.customer_id) AS is_last
            FROM ob JOIN a_segment g USING (customer_id)
            WINDOW w AS (PARTITION BY ob.customer_id ORDER BY ob.ts, TRY_CAST(ob.ord AS BIGINT) NULLS LAST, ob.ord)""";

    /**
     * Every customer's last branded order with the scores that equity and hand-off read: joined with
     * {@code customer_scores} once instead of in each of the three queries.
     */
    private static final String LAST_BRANDS = """
            CREATE OR REPLACE TEMP TABLE a_last_brand AS
            SELECT b.customer_id, b.segment, b.brand, c.clv, c.p_alive, c.margin_rate, c.expected_spend
            FROM a_order_brand b JOIN customer_scores c USING (customer_id) WHERE b.is_last""";

    private BrandSwitching() {
    }

    /**
     * The switching of one segment.
     *
     * @param segment the segment
     * @param customers its customers with a branded order
     * @param transitions transitions counted
     * @param initial brand shares of the first orders
     * @param matrix P[from][to]
     */
    public record SegmentSwitching(String segment, long customers, long transitions, Map<String, Double> initial,
                                   Map<String, Map<String, Double>> matrix) {
    }

    /**
     * One brand's equity.
     *
     * @param brand the brand
     * @param customers customers whose last order was of this brand
     * @param lastBrandClv their CLV summed (what the brand would claim without switching)
     * @param equity customer-based brand equity: CLV times projected brand choice
     * @param equityShare its share of all brands' equity
     * @param firstHalfRevenueShare share of the brands' revenue in the first half of the data
     * @param secondHalfRevenueShare the same in the second half
     * @param outflow mean probability that its customers' next purchase is of another brand
     * @param retirementCandidate all three retirement criteria hold
     * @param reasons the criteria, each as a sentence saying whether it holds
     */
    public record BrandEquity(String brand, long customers, double lastBrandClv, double equity, double equityShare,
                              double firstHalfRevenueShare, double secondHalfRevenueShare, double outflow,
                              boolean retirementCandidate, List<String> reasons) {
    }

    /**
     * A customer to hand to another brand.
     *
     * @param customerId the customer
     * @param segment their segment
     * @param lastBrand the brand of their last order
     * @param suggestedBrand the brand their segment favours
     * @param pAlive P(alive)
     * @param stayProbability their segment's probability of staying with the last brand
     * @param clvAtStake their CLV
     */
    public record Handoff(String customerId, String segment, String lastBrand, String suggestedBrand, double pAlive,
                          double stayProbability, double clvAtStake) {
    }

    /**
     * The hand-offs between two brands.
     *
     * @param from last brand
     * @param to suggested brand
     * @param customers customers
     * @param clvAtStake their CLV summed
     */
    public record Route(String from, String to, long customers, double clvAtStake) {
    }

    /**
     * The result, stored as analysis {@code brands}.
     *
     * @param runId the run
     * @param brands the brands, in the order of the matrices
     * @param overall switching over all customers
     * @param bySegment switching per segment
     * @param brandEquity customer-based brand equity per brand
     * @param handoffCustomers customers to hand off
     * @param handoffClv their CLV summed
     * @param handoffRoutes by (from, to)
     * @param handoff the customers with the largest CLV at stake (at most the option's limit)
     * @param retirementCandidates brands meeting every retirement criterion
     * @param notes what the data lacked
     */
    public record Result(long runId, List<String> brands, SegmentSwitching overall, List<SegmentSwitching> bySegment,
                         List<BrandEquity> brandEquity, long handoffCustomers, double handoffClv, List<Route> handoffRoutes,
                         List<Handoff> handoff, List<String> retirementCandidates, List<String> notes) {
    }

    /**
     * Row-normalised transition counts.
     *
     * @param counts counts[from][to]
     * @param fallback the row to use where a row has no count (null: stay with the brand)
     * @return the Markov matrix
     */
    public static double[][] normalise(long[][] counts, double[][] fallback) {
        int b = counts.length;
        double[][] p = new double[b][b];
        for (int i = 0; i < b; i++) {
            long n = 0;
            for (long c : counts[i]) {
                n += c;
            }
            for (int j = 0; j < b; j++) {
                p[i][j] = n > 0 ? (double) counts[i][j] / n : fallback != null ? fallback[i][j] : i == j ? 1 : 0;
            }
        }
        return p;
    }

    /**
     * Projected brand choice: (1/n) &Sigma;<sub>k=1..n</sub> e<sub>b</sub> P<sup>k</sup>.
     *
     * @param p the Markov matrix
     * @param last the last brand's index
     * @param n the number of future purchases, &ge; 1
     * @return the average brand distribution over the next n purchases
     */
    public static double[] projectedChoice(double[][] p, int last, int n) {
        int b = p.length;
        double[] state = new double[b];
        state[last] = 1;
        double[] avg = new double[b];
        for (int k = 1; k <= n; k++) {
            double[] next = new double[b];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < b; j++) {
                    next[j] += state[i] * p[i][j];
                }
            }
            state = next;
            for (int j = 0; j < b; j++) {
                avg[j] += state[j] / n;
            }
        }
        return avg;
    }

    /**
     * Computes brand switching, brand equity, hand-offs and retirement candidates.
     *
     * @param store the store
     * @param run the latest run
     * @param o options (hand-off list length)
     * @return the result
     */
    public static Result compute(RapportStore store, RunContext run, AnalyticsOptions o) {
        List<String> notes = new ArrayList<>();
        boolean segmented = Segments.prepare(store);
        if (!segmented) {
            notes.add(Segments.NO_SEGMENTS);
        }
        if (!RunContext.hasRows(store, "products")
                || store.queryLong("SELECT count(*) FROM products WHERE brand IS NOT NULL") == 0) {
            notes.add("no products with a brand loaded (rapport ingest products FILE): no brand switching or brand equity");
            return new Result(run.runId(), List.of(), null, List.of(), List.of(), 0, 0, List.of(), List.of(), List.of(), notes);
        }
        Lines.ensure(store);
        store.update(ORDER_BRANDS);
        List<String> brands = store.query("SELECT DISTINCT brand FROM a_order_brand ORDER BY 1", rs -> rs.getString(1));
        if (brands.isEmpty()) {
            notes.add("no order has a product with a brand: no brand switching");
            return new Result(run.runId(), brands, null, List.of(), List.of(), 0, 0, List.of(), List.of(), List.of(), notes);
        }
        Map<String, Integer> bi = new LinkedHashMap<>();
        for (String b : brands) {
            bi.put(b, bi.size());
        }
        Transitions t = transitions(store, bi);
        double[][] overallP = normalise(t.all, null);
        Map<String, double[][]> matrices = new TreeMap<>();
        List<SegmentSwitching> bySegment = new ArrayList<>();
        for (String s : t.firsts.keySet()) {
            long[][] c = t.counts.getOrDefault(s, new long[bi.size()][bi.size()]);
            double[][] p = normalise(c, overallP);
            matrices.put(s, p);
            bySegment.add(switching(s, brands, t.firsts.get(s), c, p));
        }
        SegmentSwitching overall = switching("all", brands, t.allFirst, t.all, overallP);
        store.update(LAST_BRANDS);
        Projected projected = projected(store, matrices, bi);
        List<Route> routes = new ArrayList<>();
        List<Handoff> handoff = handoffs(store, matrices, brands, bi, o, routes);
        long handoffCustomers = routes.stream().mapToLong(Route::customers).sum();
        double handoffClv = routes.stream().mapToDouble(Route::clvAtStake).sum();
        List<String> candidates = new ArrayList<>();
        List<BrandEquity> be = brandEquity(brands, projected, revenueHalves(store, bi), candidates);
        return new Result(run.runId(), brands, overall, bySegment, be, handoffCustomers, handoffClv, routes, handoff,
                candidates, notes);
    }

    /** Brand-to-brand transitions of consecutive orders, per segment and overall, and the first brands. */
    private record Transitions(Map<String, long[][]> counts, Map<String, long[]> firsts, long[][] all, long[] allFirst) {
    }

    private static Transitions transitions(RapportStore store, Map<String, Integer> bi) {
        int nb = bi.size();
        Map<String, long[][]> counts = new TreeMap<>();
        Map<String, long[]> firsts = new TreeMap<>();
        long[][] all = new long[nb][nb];
        long[] allFirst = new long[nb];
        store.query("""
                SELECT segment, prev, brand, count(*) FROM a_order_brand GROUP BY ALL""", rs -> {
            String s = rs.getString(1);
            String prev = rs.getString(2);
            int to = bi.get(rs.getString(3));
            long n = rs.getLong(4);
            if (prev == null) {
                firsts.computeIfAbsent(s, k -> new long[nb])[to] += n;
                allFirst[to] += n;
            } else {
                counts.computeIfAbsent(s, k -> new long[nb][nb])[bi.get(prev)][to] += n;
                all[bi.get(prev)][to] += n;
            }
            return null;
        });
        return new Transitions(counts, firsts, all, allFirst);
    }

    /** Per brand: projected equity, CLV and customers of its last buyers, and their summed chance to leave it. */
    private record Projected(double[] equity, double[] lastClv, long[] lastCustomers, double[] outflowSum) {
    }

    private static Projected projected(RapportStore store, Map<String, double[][]> matrices, Map<String, Integer> bi) {
        int nb = bi.size();
        Projected out = new Projected(new double[nb], new double[nb], new long[nb], new double[nb]);
        store.query("""
                SELECT c.segment, c.brand, least(?, greatest(1, round(coalesce(c.clv, 0)
                           / CASE WHEN c.margin_rate * c.expected_spend > 0 THEN c.margin_rate * c.expected_spend ELSE 1 END))),
                       count(*), coalesce(sum(c.clv), 0)
                FROM a_last_brand c GROUP BY ALL""", rs -> {
            double[][] p = matrices.get(rs.getString(1));
            int last = bi.get(rs.getString(2));
            int n = (int) rs.getDouble(3);
            long k = rs.getLong(4);
            double clv = rs.getDouble(5);
            double[] w = projectedChoice(p, last, n);
            for (int j = 0; j < nb; j++) {
                out.equity[j] += clv * w[j];
            }
            out.lastClv[last] += clv;
            out.lastCustomers[last] += k;
            out.outflowSum[last] += k * (1 - p[last][last]);
            return null;
        }, MAX_STEPS);
        return out;
    }

    /**
     * Customers likely to leave their brand (P(alive) or the chance to stay below {@link #LEAVING}), routed to
     * their segment's favourite brand (the largest share of the segment's orders).
     *
     * @param routes receives the routes (from, to, customers, CLV at stake), largest first
     * @return the customers with the most CLV at stake, at most the options' hand-off limit
     */
    private static List<Handoff> handoffs(RapportStore store, Map<String, double[][]> matrices, List<String> brands,
                                          Map<String, Integer> bi, AnalyticsOptions o, List<Route> routes) {
        Map<String, Integer> favourite = new TreeMap<>();
        store.query("SELECT segment, arg_max(brand, n) FROM (SELECT segment, brand, count(*) AS n FROM a_order_brand GROUP BY 1, 2)"
                + " GROUP BY 1", rs -> favourite.put(rs.getString(1), bi.get(rs.getString(2))));
        // hand-off: bound table of (segment, brand) -> stay probability, suggested brand
        store.update("CREATE OR REPLACE TEMP TABLE a_brand_fit (segment VARCHAR, brand VARCHAR, stay DOUBLE, suggested VARCHAR)");
        for (Map.Entry<String, double[][]> e : matrices.entrySet()) {
            Integer fav = favourite.get(e.getKey());
            for (int b = 0; b < brands.size(); b++) {
                if (fav != null && fav != b) {
                    store.update("INSERT INTO a_brand_fit VALUES (?, ?, ?, ?)", e.getKey(), brands.get(b), e.getValue()[b][b],
                            brands.get(fav));
                }
            }
        }
        String handoffFrom = """
                FROM a_last_brand c JOIN a_brand_fit f ON f.segment = c.segment AND f.brand = c.brand
                WHERE c.p_alive < ? OR f.stay < ?""";
        routes.addAll(store.query("SELECT f.brand, f.suggested, count(*), coalesce(sum(c.clv), 0) " + handoffFrom
                + " GROUP BY 1, 2 ORDER BY 4 DESC", rs -> new Route(rs.getString(1), rs.getString(2), rs.getLong(3),
                rs.getDouble(4)), LEAVING, LEAVING));
        return store.query("SELECT c.customer_id, c.segment, c.brand, f.suggested, c.p_alive, f.stay,"
                + " coalesce(c.clv, 0) " + handoffFrom + " ORDER BY 7 DESC, 1 LIMIT ?", rs -> new Handoff(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)),
                LEAVING, LEAVING, o.handoffLimit());
    }

    /** Each brand's revenue in the first and the second half of the data's time span. */
    private static double[][] revenueHalves(RapportStore store, Map<String, Integer> bi) {
        double[][] halves = new double[bi.size()][2];
        store.query("""
                WITH r AS (SELECT min(ts) AS lo, max(ts) AS hi FROM a_order_brand)
                SELECT l.brand, coalesce(sum(l.amount) FILTER (WHERE l.ts < r.lo + (r.hi - r.lo) / 2), 0),
                       coalesce(sum(l.amount) FILTER (WHERE l.ts >= r.lo + (r.hi - r.lo) / 2), 0)
                FROM a_lines l, r WHERE l.brand IS NOT NULL GROUP BY 1""", rs -> {
            Integer b = bi.get(rs.getString(1));
            if (b != null) {
                halves[b][0] = rs.getDouble(2);
                halves[b][1] = rs.getDouble(3);
            }
            return null;
        });
        return halves;
    }

    /**
     * Brand equity with the retirement test: a candidate has a small equity share, a falling revenue share
     * and customers served elsewhere.
     *
     * @param candidates receives the candidates' names
     * @return the brands, largest equity first
     */
    private static List<BrandEquity> brandEquity(List<String> brands, Projected pr, double[][] halves, List<String> candidates) {
        int nb = brands.size();
        double totalEquity = 0;
        double[] half = new double[2];
        for (int b = 0; b < nb; b++) {
            totalEquity += pr.equity[b];
            half[0] += halves[b][0];
            half[1] += halves[b][1];
        }
        List<BrandEquity> be = new ArrayList<>();
        double small = 0.5 / nb;
        for (int b = 0; b < nb; b++) {
            double share = totalEquity == 0 ? 0 : pr.equity[b] / totalEquity;
            double s1 = half[0] == 0 ? 0 : halves[b][0] / half[0];
            double s2 = half[1] == 0 ? 0 : halves[b][1] / half[1];
            double outflow = pr.lastCustomers[b] == 0 ? 0 : pr.outflowSum[b] / pr.lastCustomers[b];
            boolean isSmall = share < small;
            boolean falling = s2 < s1;
            boolean served = outflow >= SERVED_ELSEWHERE;
            List<String> reasons = List.of(
                    String.format(Locale.ROOT, "equity share %.1f%% is %s half an equal share (%.1f%%)", 100 * share,
                            isSmall ? "below" : "not below", 100 * small),
                    String.format(Locale.ROOT, "revenue share %s from %.1f%% (first half) to %.1f%% (second half)",
                            falling ? "fell" : "did not fall", 100 * s1, 100 * s2),
                    String.format(Locale.ROOT, "%.0f%% of its customers' next purchases go to other brands (%s %.0f%%)",
                            100 * outflow, served ? "at least" : "below", 100 * SERVED_ELSEWHERE));
            boolean candidate = isSmall && falling && served;
            if (candidate) {
                candidates.add(brands.get(b));
            }
            be.add(new BrandEquity(brands.get(b), pr.lastCustomers[b], pr.lastClv[b], pr.equity[b], share, s1, s2, outflow,
                    candidate, reasons));
        }
        be.sort((a, c) -> Double.compare(c.equity(), a.equity()));
        return be;
    }

    private static SegmentSwitching switching(String segment, List<String> brands, long[] first, long[][] counts,
                                              double[][] p) {
        long customers = 0;
        long transitions = 0;
        for (long f : first) {
            customers += f;
        }
        Map<String, Double> initial = new LinkedHashMap<>();
        Map<String, Map<String, Double>> matrix = new LinkedHashMap<>();
        for (int i = 0; i < brands.size(); i++) {
            initial.put(brands.get(i), customers == 0 ? 0 : (double) first[i] / customers);
            Map<String, Double> row = new LinkedHashMap<>();
            for (int j = 0; j < brands.size(); j++) {
                row.put(brands.get(j), p[i][j]);
                transitions += counts[i][j];
            }
            matrix.put(brands.get(i), row);
        }
        return new SegmentSwitching(segment, customers, transitions, initial, matrix);
    }
}
