package org.rapport.analytics.groups;

import org.rapport.model.btyd.PurchaseModel;

/**
 * The relationship-group rule of {@link RelationshipGroups}, written once for both engines: the store's
 * analytics insert {@link #SELECT} into {@code customer_groups}, and Spark runs the same text over its
 * own views of the same names. It reads {@code customer_scores}, {@code a_rel_len(x, t, months)} (the
 * projected months of relationship of a live customer per distinct (x, T), from {@link #months}) and
 * {@code customer_wallet(customer_id, share_of_wallet, headroom)}, and takes six parameters, the
 * thresholds in the order {@link #parameters} gives them. Loyalty is P(alive) &times; months.
 */
public final class GroupRule {
    /** The groups' rows: customer_id, relationship_group, barnacle_action, clv, loyalty. */
    public static final String SELECT = """
            SELECT customer_id,
                   CASE WHEN coalesce(clv, 0) > ? THEN CASE WHEN loyalty > ? THEN 'true_friend' ELSE 'butterfly' END
                        ELSE CASE WHEN loyalty > ? THEN 'barnacle' ELSE 'stranger' END END AS relationship_group,
                   CASE WHEN coalesce(clv, 0) <= ? AND loyalty > ? AND share_of_wallet IS NOT NULL
                        THEN CASE WHEN headroom > ? THEN 'upsell' ELSE 'cut_cost' END END AS barnacle_action,
                   clv, loyalty
            FROM (SELECT c.customer_id, c.clv, c.p_alive * l.months AS loyalty, w.share_of_wallet, w.headroom
                  FROM customer_scores c JOIN a_rel_len l ON l.x = c.x AND l.t = c.t
                       LEFT JOIN customer_wallet w ON w.customer_id = c.customer_id)""";

    private GroupRule() {
    }

    /**
     * @param clvThreshold CLV above it is high
     * @param loyaltyThreshold months of projected relationship above it are long
     * @param headroomThreshold wallet headroom above it means up-sell (NaN without wallets)
     * @return the parameters of {@link #SELECT}, in order
     */
    public static Object[] parameters(double clvThreshold, double loyaltyThreshold, double headroomThreshold) {
        return new Object[] {clvThreshold, loyaltyThreshold, loyaltyThreshold, clvThreshold, loyaltyThreshold,
            Double.isNaN(headroomThreshold) ? 0.0 : headroomThreshold};
    }

    /**
     * @param model the final purchase model
     * @param x repeat purchases
     * @param bigT age, in the model's unit
     * @param clvMonths the CLV horizon in months
     * @param periodsPerMonth model periods in a month
     * @return the expected months alive within the CLV horizon of a customer alive now
     */
    public static double months(PurchaseModel model, double x, double bigT, int clvMonths, double periodsPerMonth) {
        return RelationshipLength.ifAlive(model, x, bigT, clvMonths * periodsPerMonth) / periodsPerMonth;
    }
}
