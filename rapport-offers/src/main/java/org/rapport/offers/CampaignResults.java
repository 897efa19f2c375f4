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
 * @param challenger for a campaign split between champion and challenger: the challenger's arm and its
 *     difference from the champion's (then {@code treated} is the champion's arm), else null
 */
public record CampaignResults(String campaign, LocalDateTime sent, Arm treated, Arm control, double incrementalResponse,
        double incrementalResponseLow, double incrementalResponseHigh, double incrementalMarginPerCustomer,
        double incrementalMarginPerCustomerLow, double incrementalMarginPerCustomerHigh, double incrementalMargin,
        double incrementalMarginLow, double incrementalMarginHigh, Challenger challenger) {
    static final double Z = 1.959963984540054;

    /**
     * The challenger's arm against the champion's (docs/offers.md, "Champion and challenger"): both are
     * random parts of the treated customers, each offered its own policy's offer, so the differences of
     * their responses (to their own offer) and margins per customer are the policies' difference, with
     * the same normal and Welch 95% intervals as the incremental figures.
     *
     * @param arm the challenger's arm
     * @param responseDifference challenger − champion response
     * @param responseDifferenceLow lower 95% bound
     * @param responseDifferenceHigh upper 95% bound
     * @param marginDifference challenger − champion margin per customer
     * @param marginDifferenceLow lower 95% bound
     * @param marginDifferenceHigh upper 95% bound
     */
    public record Challenger(Arm arm, double responseDifference, double responseDifferenceLow, double responseDifferenceHigh,
            double marginDifference, double marginDifferenceLow, double marginDifferenceHigh) {
        static Challenger of(Arm challenger, Arm champion) {
            double d = challenger.response() - champion.response();
            double se = Math.sqrt(challenger.response() * (1 - challenger.response()) / challenger.customers()
                    + champion.response() * (1 - champion.response()) / champion.customers());
            double m = challenger.marginPerCustomer() - champion.marginPerCustomer();
            double seM = Math.sqrt(challenger.marginVariance() / challenger.customers() + champion.marginVariance() / champion.customers());
            return new Challenger(challenger, d, d - Z * se, d + Z * se, m, m - Z * seM, m + Z * seM);
        }
    }

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
                (m - Z * seM) * nt, (m + Z * seM) * nt, null);
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
        return run(store.connection(), campaign);
    }

    /**
     * Measures a campaign on a connection of the store (the server's pool).
     *
     * @param c a connection to the store
     * @param campaign the campaign name
     * @return the results
     * @throws OfferException if the campaign is unknown
     */
    public static CampaignResults run(java.sql.Connection c, String campaign) {
        try {
            LocalDateTime sent = null;
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT sent FROM campaigns WHERE campaign = ?")) {
                ps.setString(1, campaign);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        sent = rs.getTimestamp(1).toLocalDateTime();
                    }
                }
            }
            if (sent == null) {
                throw new OfferException(OfferException.UNKNOWN_CAMPAIGN, campaign);
            }
            List<Object[]> rows = new ArrayList<>();
            try (java.sql.PreparedStatement ps = c.prepareStatement(MEMBERS)) {
                ps.setObject(1, sent);
                ps.setString(2, campaign);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getString(1), rs.getBoolean(2), rs.getDouble(3)});
                    }
                }
            }
            return of(campaign, sent, rows);
        } catch (java.sql.SQLException e) {
            throw new org.rapport.store.StoreException(e, org.rapport.store.StoreException.QUERY_FAILED,
                    org.rapport.store.StoreException.firstLine(e));
        }
    }

    /** Per member: arm (or challenger), bought the offered product after the send, its margin. */
    private static final String MEMBERS = """
            SELECT CASE WHEN m.policy = 'challenger' THEN 'challenger' ELSE m.arm END,
                   count(l.product_id) > 0, coalesce(sum(l.amount * coalesce(p.margin_rate, 1)), 0)
            FROM campaign_members m
            LEFT JOIN purchase_lines l ON l.customer_id = m.customer_id AND l.product_id = m.product_id AND l.ts > ?
            LEFT JOIN products p ON p.product_id = m.product_id
            WHERE m.campaign = ?
            GROUP BY m.customer_id, m.arm, m.policy ORDER BY m.customer_id""";

    private static CampaignResults of(String campaign, LocalDateTime sent, List<Object[]> rows) {
        List<Object[]> t = new ArrayList<>();
        List<Object[]> c = new ArrayList<>();
        List<Object[]> x = new ArrayList<>();
        for (Object[] r : rows) {
            ("control".equals(r[0]) ? c : "challenger".equals(r[0]) ? x : t).add(r);
        }
        CampaignResults r = of(campaign, sent, responded(t), margin(t), responded(c), margin(c));
        if (x.isEmpty()) {
            return r;
        }
        Challenger ch = Challenger.of(Arm.of(responded(x), margin(x)), r.treated());
        return new CampaignResults(r.campaign(), r.sent(), r.treated(), r.control(), r.incrementalResponse(), r.incrementalResponseLow(),
                r.incrementalResponseHigh(), r.incrementalMarginPerCustomer(), r.incrementalMarginPerCustomerLow(),
                r.incrementalMarginPerCustomerHigh(), r.incrementalMargin(), r.incrementalMarginLow(), r.incrementalMarginHigh(), ch);
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
