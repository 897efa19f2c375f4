package org.rapport.analytics.segment;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.store.RapportStore;

/**
 * The response to past contacts, per segment, from the campaigns' random control groups
 * ({@code campaigns}, {@code campaign_members}, written by {@code rapport campaign export}): for every
 * member, the margin of the offered product bought after the send (net amount × the product's margin
 * rate, 1 without one), as the offers' campaign results measure it; per segment (the member's current
 * {@code customer_segment}), the incremental margin per contacted customer u = mean margin of the treated
 * − mean margin of the control, with its standard error (Welch).
 *
 * <p>How it sets the response curve g(b) = G (1 − e<sup>−b/k</sup>) of {@link SegmentBudget}: a campaign
 * contacts each customer once, at the cost per contact c, which is the curve's spend b = k = c n (every
 * customer reached once); the campaigns measured what that buys, n u. So G = n u / (1 − e<sup>−1</sup>),
 * not below 0 (a segment whose contacts earned nothing gets no budget). A segment needs at least
 * {@value #MIN_ARM} treated and {@value #MIN_ARM} control members; otherwise its curve stays the declared one.
 */
final class MeasuredResponse {
    /** Fewest members per arm for a segment's measured curve. */
    static final int MIN_ARM = 30;

    /**
     * One segment's measurement.
     *
     * @param treated treated members
     * @param control control members
     * @param perContact incremental margin per contacted customer, u
     * @param standardError its standard error
     */
    record Segment(long treated, long control, double perContact, double standardError) {
        /** @return whether both arms are large enough */
        boolean usable() {
            return treated >= MIN_ARM && control >= MIN_ARM;
        }

        /** @return a sentence saying where the curve comes from */
        String provenance(long campaigns) {
            return String.format(Locale.ROOT, "measured: %,d treated and %,d control customers in %d campaign(s), incremental "
                    + "margin per contact %.2f (SE %.2f)", treated, control, campaigns, perContact, standardError);
        }
    }

    private static final String SQL = """
            WITH m AS (SELECT m.campaign, m.customer_id, m.product_id, m.arm, c.sent
                       FROM campaign_members m JOIN campaigns c USING (campaign)),
            r AS (SELECT m.campaign, m.customer_id, m.arm,
                         coalesce(sum(l.amount * coalesce(p.margin_rate, 1)), 0) AS margin
                  FROM m LEFT JOIN purchase_lines l ON l.customer_id = m.customer_id AND l.product_id = m.product_id
                                                   AND l.ts > m.sent
                         LEFT JOIN products p ON p.product_id = m.product_id
                  GROUP BY 1, 2, 3)
            SELECT s.segment, r.arm = 'control', count(*), avg(r.margin), coalesce(var_samp(r.margin), 0)
            FROM r JOIN customer_segment s USING (customer_id) GROUP BY 1, 2""";

    private MeasuredResponse() {
    }

    /** @param store the store @return the number of campaigns with a control group, 0 without the tables */
    static long campaigns(RapportStore store) {
        return CustomerFrame.hasRows(store, "campaign_members") && CustomerFrame.hasRows(store, "campaigns")
                ? store.queryLong("SELECT count(DISTINCT campaign) FROM campaign_members WHERE arm = 'control'") : 0;
    }

    /**
     * @param store the store (segments assigned)
     * @return the measurement of every segment with campaign members (empty without campaigns)
     */
    static Map<String, Segment> bySegment(RapportStore store) {
        Map<String, Segment> out = new HashMap<>();
        if (campaigns(store) == 0) {
            return out;
        }
        Map<String, double[][]> arms = new HashMap<>();
        store.stream(SQL, rs -> {
            double[][] a = arms.computeIfAbsent(rs.getString(1), k -> new double[2][]);
            a[rs.getBoolean(2) ? 1 : 0] = new double[] {rs.getLong(3), rs.getDouble(4), rs.getDouble(5)};
            return null;
        }, x -> { });
        arms.forEach((seg, a) -> {
            double[] t = a[0] == null ? new double[3] : a[0];
            double[] c = a[1] == null ? new double[3] : a[1];
            double se = t[0] > 0 && c[0] > 0 ? Math.sqrt(t[2] / t[0] + c[2] / c[0]) : Double.NaN;
            out.put(seg, new Segment((long) t[0], (long) c[0], t[1] - c[1], se));
        });
        return out;
    }
}
