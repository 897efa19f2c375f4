package org.rapport.offers;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.rapport.store.RapportStore;

/**
 * The measured effect of a campaign (docs/offers.md, "Control groups and uplift"): from the purchases
 * after the send, each arm's response (share of its customers who bought the offered product) and
 * margin per customer (net amount × the product's margin_rate, 1 without one), and the treated minus
 * control differences — the incremental response and margin — with normal 95% intervals: for a
 * response r ± 1.96 √(r(1 − r)/n), for the difference of responses ± 1.96 √(r_t(1 − r_t)/n_t +
 * r_c(1 − r_c)/n_c), for the difference of mean margins ± 1.96 √(s_t²/n_t + s_c²/n_c) (Welch, s² the
 * sample variance). Total incremental margin = the difference per customer × treated customers.
 * Without a control group the differences are NaN.
 *
 * @param campaign the campaign
 * @param sent when it was sent
 * @param treated the treated arm
 * @param control the control arm
 * @param incrementalResponse treated − control response
 * @param incrementalResponseLow lower 95% bound
 * @param incrementalResponseHigh upper 95% bound
 * @param incrementalMarginPerCustomer treated − control mean margin per customer
 * @param incrementalMarginPerCustomerLow lower 95% bound
 * @param incrementalMarginPerCustomerHigh upper 95% bound
 * @param incrementalMargin incremental margin per customer × treated customers
 * @param incrementalMarginLow lower 95% bound
 * @param incrementalMarginHigh upper 95% bound
 */
public record CampaignResults(String campaign, LocalDateTime sent, Arm treated, Arm control, double incrementalResponse,
        double incrementalResponseLow, double incrementalResponseHigh, double incrementalMarginPerCustomer,
        double incrementalMarginPerCustomerLow, double incrementalMarginPerCustomerHigh, double incrementalMargin,
        double incrementalMarginLow, double incrementalMarginHigh) {
    static final double Z = 1.959963984540054;

    /**
     * One arm.
     *
     * @param customers customers in the arm
     * @param responders customers who bought the offered product after the send
     * @param response responders / customers
     * @param responseLow lower 95% bound
     * @param responseHigh upper 95% bound
     * @param marginPerCustomer mean margin of the offered product bought after the send
     * @param marginVariance its sample variance
     */
    public record Arm(long customers, long responders, double response, double responseLow, double responseHigh, double marginPerCustomer,
            double marginVariance) {
        static Arm of(boolean[] responded, double[] margin) {
            int n = responded.length;
            long x = 0;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                x += responded[i] ? 1 : 0;
                sum += margin[i];
            }
            double r = n == 0 ? Double.NaN : (double) x / n;
            double mean = n == 0 ? Double.NaN : sum / n;
            double ss = 0;
            for (double m : margin) {
                ss += (m - mean) * (m - mean);
            }
            double half = Z * Math.sqrt(r * (1 - r) / n);
            return new Arm(n, x, r, r - half, r + half, mean, n > 1 ? ss / (n - 1) : Double.NaN);
        }
    }

    /**
     * The results from per-customer outcomes (the maths, tested on hand-computed examples).
     *
     * @param campaign the campaign
     * @param sent when
     * @param tResponded treated customers' responses
     * @param tMargin treated customers' margins
     * @param cResponded control customers' responses
     * @param cMargin control customers' margins
     * @return the results
     */
    static CampaignResults of(String campaign, LocalDateTime sent, boolean[] tResponded, double[] tMargin, boolean[] cResponded, double[] cMargin) {
        Arm t = Arm.of(tResponded, tMargin);
        Arm c = Arm.of(cResponded, cMargin);
        double d = t.response() - c.response();
        double seR = Math.sqrt(t.response() * (1 - t.response()) / t.customers() + c.response() * (1 - c.response()) / c.customers());
        double m = t.marginPerCustomer() - c.marginPerCustomer();
        double seM = Math.sqrt(t.marginVariance() / t.customers() + c.marginVariance() / c.customers());
        long nt = t.customers();
        return new CampaignResults(campaign, sent, t, c, d, d - Z * seR, d + Z * seR, m, m - Z * seM, m + Z * seM, m * nt,
                (m - Z * seM) * nt, (m + Z * seM) * nt);
    }

    /**
     * Measures a campaign on the purchases after its send.
     *
     * @param store the store
     * @param campaign the campaign name
     * @return the results
     * @throws OfferException if the campaign is unknown
     */
    public static CampaignResults run(RapportStore store, String campaign) {
        LocalDateTime sent = store.queryFirst("SELECT sent FROM campaigns WHERE campaign = ?", rs -> rs.getTimestamp(1).toLocalDateTime(), campaign)
                .orElseThrow(() -> new OfferException(OfferException.UNKNOWN_CAMPAIGN, campaign));
        List<Object[]> rows = store.query("""
                SELECT m.arm, count(l.product_id) > 0, coalesce(sum(l.amount * coalesce(p.margin_rate, 1)), 0)
                FROM campaign_members m
                LEFT JOIN purchase_lines l ON l.customer_id = m.customer_id AND l.product_id = m.product_id AND l.ts > ?
                LEFT JOIN products p ON p.product_id = m.product_id
                WHERE m.campaign = ?
                GROUP BY m.customer_id, m.arm ORDER BY m.customer_id""", rs -> new Object[] {rs.getString(1), rs.getBoolean(2), rs.getDouble(3)},
                sent, campaign);
        List<Object[]> t = new ArrayList<>();
        List<Object[]> c = new ArrayList<>();
        for (Object[] r : rows) {
            ("control".equals(r[0]) ? c : t).add(r);
        }
        return of(campaign, sent, responded(t), margin(t), responded(c), margin(c));
    }

    private static boolean[] responded(List<Object[]> rows) {
        boolean[] out = new boolean[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Boolean) rows.get(i)[1];
        }
        return out;
    }

    private static double[] margin(List<Object[]> rows) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Double) rows.get(i)[2];
        }
        return out;
    }
}
