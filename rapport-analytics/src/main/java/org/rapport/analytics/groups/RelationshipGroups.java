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
 *                      short relationship   long relationship
 *   high CLV           butterfly            true_friend
 *   low CLV            stranger             barnacle  (upsell | cut_cost)
 * </pre>
 * Profitability is the customer's CLV (margin). Projected loyalty is the projected length of the
 * relationship: the expected months the customer stays within the run's CLV horizon,
 * P(alive) × E[time alive within the horizon | alive] ({@link RelationshipLength}), so nearly independent
 * of how much the customer spends, as in Reinartz &amp; Kumar (expected purchases, the earlier measure, is
 * CLV divided by a value per purchase and puts almost everyone on the diagonal). "High" means strictly
 * above the threshold. Default thresholds (docs/analytics.md, "Relationship groups", argues them
 * against the simulator's truth): CLV above the <b>mean</b> CLV, the customer's fair share of the equity
 * (CLV is heavy tailed: the median lies inside the mass of customers worth almost nothing and splits
 * it at random), and a relationship expected to last more than a <b>third of the horizon</b> (12 of 36
 * months). Both can be set ({@code --clv-threshold}, {@code --loyalty-threshold} in months).
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
     * @param equity their CLV summed: the expected value of the group's strategy over the CLV horizon
     * @param averageClv mean CLV
     * @param averageLoyalty mean projected relationship length (months within the CLV horizon)
     * @param upsell barnacles with a large wallet (0 for other groups)
     * @param cutCost barnacles with a small wallet (0 for other groups)
     * @param upsellPotential the up-sell barnacles' margin on their wallet headroom over their projected
     *                        relationship (Σ margin rate × headroom × months / 12): what winning the whole
     *                        wallet would add, an upper bound of the up-sell strategy (0 for other groups)
     * @param strategy what to do with them
     */
    public record Group(String group, long customers, double equity, double averageClv, double averageLoyalty, long upsell,
                        long cutCost, double upsellPotential, String strategy) {
    }

    /**
     * The result, stored as analysis {@code groups}.
     *
     * @param runId the run
     * @param clvThreshold the CLV threshold used
     * @param clvThresholdSource {@code mean} or {@code set}
     * @param loyaltyThreshold the loyalty threshold used (months of projected relationship)
     * @param loyaltyThresholdSource {@code third of horizon} or {@code set}
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
     * @param horizonMonths the CLV horizon
     * @return the default loyalty threshold: a third of the horizon, in months
     */
    public static double defaultLoyaltyThreshold(int horizonMonths) {
        return horizonMonths / 3.0;
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
        double meanClv = store.queryFirst("SELECT avg(coalesce(clv, 0)) FROM customer_scores", rs -> rs.getDouble(1))
                .orElseThrow();
        double clvT = o.clvThreshold() == null ? meanClv : o.clvThreshold();
        double loyT = o.loyaltyThreshold() == null ? defaultLoyaltyThreshold(run.clvMonths()) : o.loyaltyThreshold();
        boolean wallet = RunContext.hasRows(store, "customer_wallet");
        double headT = o.upsellHeadroomThreshold() != null ? o.upsellHeadroomThreshold() : wallet
                ? store.queryFirst("SELECT median(headroom) FROM customer_wallet", rs -> rs.getDouble(1)).orElse(0.0) : Double.NaN;
        if (!wallet) {
            notes.add("no share of wallet (no customers file): barnacles are not split into upsell and cut_cost");
        }
        store.inTransaction(c -> {
            GroupTables.lengths(c, run);
            AnalyticsTables.refill(c, AnalyticsTables.CUSTOMER_GROUPS, f -> GroupTables.fill(f, clvT, loyT, headT));
            return null;
        });
        Map<String, Group> found = new HashMap<>();
        store.query("""
                SELECT g.relationship_group, count(*), coalesce(sum(g.clv), 0), coalesce(avg(g.clv), 0), avg(g.loyalty),
                       count(*) FILTER (WHERE g.barnacle_action = 'upsell'), count(*) FILTER (WHERE g.barnacle_action = 'cut_cost'),
                       coalesce(sum(s.margin_rate * w.headroom * g.loyalty / 12) FILTER (WHERE g.barnacle_action = 'upsell'), 0)
                FROM customer_groups g JOIN customer_scores s USING (customer_id)
                     LEFT JOIN customer_wallet w USING (customer_id)
                GROUP BY 1""", rs -> found.put(rs.getString(1), new Group(rs.getString(1),
                rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6), rs.getLong(7),
                rs.getDouble(8), strategy(rs.getString(1)))));
        List<Group> groups = new ArrayList<>();
        for (String g : GROUPS) {
            groups.add(found.getOrDefault(g, new Group(g, 0, 0, 0, 0, 0, 0, 0, strategy(g))));
        }
        if (run.spendModel() == null) {
            notes.add("no spend model in the run: CLV is missing and counted as 0, so every customer is low value");
        }
        String clvSource = o.clvThreshold() == null ? "mean" : "set";
        String loySource = o.loyaltyThreshold() == null ? "third of horizon" : "set";
        notes.add(String.format(Locale.ROOT, "loyalty = projected relationship length, months within the %d-month CLV"
                + " horizon; thresholds: CLV %s %.4g, loyalty %s %.4g months", run.clvMonths(), clvSource, clvT, loySource, loyT));
        return new Result(run.runId(), clvT, clvSource, loyT, loySource, headT, groups, notes);
    }
}
