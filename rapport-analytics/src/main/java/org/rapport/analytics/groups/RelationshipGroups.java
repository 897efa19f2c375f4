package org.rapport.analytics.groups;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rapport.analytics.AnalyticsOptions;
import org.rapport.analytics.RunContext;
import org.rapport.analytics.schema.AnalyticsTables;
import org.rapport.store.RapportStore;

/**
 * Relationship groups of Reinartz &amp; Kumar ("The mismanagement of customer loyalty", Harvard Business
 * Review, July 2002): profitability against projected loyalty.
 * <pre>
 *                      low loyalty     high loyalty
 *   high CLV           butterfly       true_friend
 *   low CLV            stranger        barnacle  (upsell | cut_cost)
 * </pre>
 * Profitability is the customer's CLV; projected loyalty is the expected number of purchases over the
 * run's horizon ({@code customer_scores.expected_purchases} = P(alive) times the purchases of a live
 * customer), so a customer is loyal when the model expects the relationship to go on. "High" means
 * strictly above the threshold. The default thresholds are the medians over the scored customers: the
 * two-by-two median split of Reinartz &amp; Kumar's own study, which needs no scale and always gives four
 * populated groups. Both can be set ({@code --clv-threshold}, {@code --loyalty-threshold}).
 *
 * <p>Barnacles are split by their wallet headroom ({@code customer_wallet}: wallet less what they
 * spend with us): headroom above the threshold (default: the median headroom of all customers with a
 * wallet) means a large wallet of which we hold a small share, so up-sell and cross-sell; otherwise the
 * wallet is small and the case is for cutting the cost to serve. Without a wallet the split is empty.
 */
public final class RelationshipGroups {
    /** The groups, in the order of the output. */
    public static final List<String> GROUPS = List.of("true_friend", "butterfly", "barnacle", "stranger");

    private static final Map<String, String> STRATEGY = Map.of(
            "true_friend", "High value, long relationship: communicate consistently but not too often, reward and"
                    + " defend them; aim for attitudinal as well as behavioural loyalty.",
            "butterfly", "High value, short relationship: aim for satisfying transactions, not loyalty; sell hard"
                    + " while they are active and stop investing in retention soon after they go quiet.",
            "barnacle", "Low value, long relationship: size their wallet; with a large wallet and a small share,"
                    + " up-sell and cross-sell; with a small wallet, cut the cost to serve.",
            "stranger", "Low value, short relationship: no relationship investment; make a profit on every"
                    + " transaction.");

    private RelationshipGroups() {
    }

    /**
     * One group.
     *
     * @param group the group
     * @param customers its customers
     * @param equity their CLV summed
     * @param averageClv mean CLV
     * @param averageLoyalty mean expected purchases
     * @param upsell barnacles with a large wallet (0 for other groups)
     * @param cutCost barnacles with a small wallet (0 for other groups)
     * @param strategy what to do with them
     */
    public record Group(String group, long customers, double equity, double averageClv, double averageLoyalty, long upsell,
                        long cutCost, String strategy) {
    }

    /**
     * The result, stored as analysis {@code groups}.
     *
     * @param runId the run
     * @param clvThreshold the CLV threshold used
     * @param clvThresholdSource {@code median} or {@code set}
     * @param loyaltyThreshold the loyalty threshold used (expected purchases)
     * @param loyaltyThresholdSource {@code median} or {@code set}
     * @param upsellHeadroomThreshold the wallet headroom threshold of the barnacle split (NaN without wallets)
     * @param groups one entry per group
     * @param notes what the data lacked
     */
    public record Result(long runId, double clvThreshold, String clvThresholdSource, double loyaltyThreshold,
                         String loyaltyThresholdSource, double upsellHeadroomThreshold, List<Group> groups, List<String> notes) {
    }

    /**
     * @param group a group name
     * @return its strategy text
     */
    public static String strategy(String group) {
        return STRATEGY.get(group);
    }

    /**
     * Assigns the groups and writes {@code customer_groups}.
     *
     * @param store the store
     * @param run the latest run
     * @param o options (thresholds)
     * @return the result
     */
    public static Result compute(RapportStore store, RunContext run, AnalyticsOptions o) {
        List<String> notes = new ArrayList<>();
        double[] med = store.queryFirst("SELECT median(coalesce(clv, 0)), median(expected_purchases) FROM customer_scores",
                rs -> new double[] {rs.getDouble(1), rs.getDouble(2)}).orElseThrow();
        double clvT = o.clvThreshold() == null ? med[0] : o.clvThreshold();
        double loyT = o.loyaltyThreshold() == null ? med[1] : o.loyaltyThreshold();
        boolean wallet = RunContext.hasRows(store, "customer_wallet");
        double headT = o.upsellHeadroomThreshold() != null ? o.upsellHeadroomThreshold() : wallet
                ? store.queryFirst("SELECT median(headroom) FROM customer_wallet", rs -> rs.getDouble(1)).orElse(0.0) : Double.NaN;
        if (!wallet) {
            notes.add("no share of wallet (no customers file): barnacles are not split into upsell and cut_cost");
        }
        store.inTransaction(c -> {
            AnalyticsTables.refill(c, AnalyticsTables.CUSTOMER_GROUPS, f -> {
                try (var ps = f.prepareStatement("""
                        INSERT INTO customer_groups
                        SELECT customer_id, grp,
                               CASE WHEN grp = 'barnacle' AND share_of_wallet IS NOT NULL
                                    THEN CASE WHEN headroom > ? THEN 'upsell' ELSE 'cut_cost' END END,
                               clv, loyalty
                        FROM (SELECT c.customer_id, c.clv, c.expected_purchases AS loyalty, w.share_of_wallet, w.headroom,
                                     CASE WHEN coalesce(c.clv, 0) > ? THEN
                                              CASE WHEN c.expected_purchases > ? THEN 'true_friend' ELSE 'butterfly' END
                                          ELSE CASE WHEN c.expected_purchases > ? THEN 'barnacle' ELSE 'stranger' END
                                     END AS grp
                              FROM customer_scores c LEFT JOIN customer_wallet w USING (customer_id))
                        ORDER BY customer_id""")) {
                    ps.setDouble(1, Double.isNaN(headT) ? 0 : headT);
                    ps.setDouble(2, clvT);
                    ps.setDouble(3, loyT);
                    ps.setDouble(4, loyT);
                    ps.executeUpdate();
                }
            });
            return null;
        });
        Map<String, Group> found = new HashMap<>();
        store.query("""
                SELECT relationship_group, count(*), coalesce(sum(clv), 0), coalesce(avg(clv), 0), avg(loyalty),
                       count(*) FILTER (WHERE barnacle_action = 'upsell'), count(*) FILTER (WHERE barnacle_action = 'cut_cost')
                FROM customer_groups GROUP BY 1""", rs -> found.put(rs.getString(1), new Group(rs.getString(1),
                rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6), rs.getLong(7),
                strategy(rs.getString(1)))));
        List<Group> groups = new ArrayList<>();
        for (String g : GROUPS) {
            groups.add(found.getOrDefault(g, new Group(g, 0, 0, 0, 0, 0, 0, strategy(g))));
        }
        if (run.spendModel() == null) {
            notes.add("no spend model in the run: CLV is missing and counted as 0, so every customer is low value");
        }
        notes.add(String.format(Locale.ROOT, "loyalty = expected purchases over the run's horizon; thresholds: CLV %s %.4g,"
                + " loyalty %s %.4g", o.clvThreshold() == null ? "median" : "set", clvT,
                o.loyaltyThreshold() == null ? "median" : "set", loyT));
        return new Result(run.runId(), clvT, o.clvThreshold() == null ? "median" : "set", loyT,
                o.loyaltyThreshold() == null ? "median" : "set", headT, groups, notes);
    }
}
