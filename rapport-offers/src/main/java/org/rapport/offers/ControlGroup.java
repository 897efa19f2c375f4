package org.rapport.offers;

import java.time.LocalDateTime;
import java.util.List;
import java.util.SplittableRandom;
import org.rapport.store.RapportStore;

/**
 * The random control group of a campaign (docs/offers.md, "Control groups and uplift"): of the n
 * eligible customers, exactly round(share × n) are drawn without replacement (a partial Fisher–Yates
 * shuffle seeded by the campaign's seed), so the same campaign, seed and eligible list always give the
 * same group. The draw happens after every eligibility rule, so treated and control customers differ
 * only by chance and by the contact.
 */
final class ControlGroup {
    private ControlGroup() {
    }

    /**
     * @param n eligible customers
     * @param share the control group's share, 0 to 0.9
     * @param seed the seed
     * @return control[i] for the i-th eligible customer
     */
    static boolean[] draw(int n, double share, long seed) {
        int m = (int) Math.round(share * n);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[] control = new boolean[n];
        for (int i = 0; i < m; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            control[idx[i]] = true;
        }
        return control;
    }

    /**
     * Records the campaign and its members (replacing an earlier export under the same name).
     *
     * @param store the store
     * @param campaign the name
     * @param sent the time of the send
     * @param channel mail or email
     * @param selection what was selected ({@code offer X} or {@code segment Y})
     * @param share the control share
     * @param seed the seed of the draw
     * @param members customer, offer, product (and, for a campaign with a challenger, the policy of the treated) of every eligible customer
     * @param control whether each is in the control group
     */
    static void record(RapportStore store, String campaign, LocalDateTime sent, String channel, String selection, double share, long seed,
            List<String[]> members, boolean[] control) {
        long nControl = 0;
        for (boolean c : control) {
            nControl += c ? 1 : 0;
        }
        store.update("DELETE FROM campaign_members WHERE campaign = ?", campaign);
        store.update("DELETE FROM campaigns WHERE campaign = ?", campaign);
        store.update("INSERT INTO campaigns VALUES (?, ?, ?, ?, ?, ?, ?, ?)", campaign, sent, channel, selection, share, seed,
                (long) members.size(), nControl);
        try (java.sql.PreparedStatement ps = store.connection().prepareStatement(
                "INSERT INTO campaign_members (campaign, customer_id, offer_id, product_id, arm, policy) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < members.size(); i++) {
                String[] m = members.get(i);
                ps.setString(1, campaign);
                ps.setString(2, m[0]);
                ps.setString(3, m[1]);
                ps.setString(4, m[2]);
                ps.setString(5, control[i] ? "control" : "treated");
                ps.setString(6, control[i] || m.length < 4 ? null : m[3]);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (java.sql.SQLException e) {
            throw new org.rapport.store.StoreException(e, org.rapport.store.StoreException.QUERY_FAILED, org.rapport.store.StoreException.firstLine(e));
        }
    }
}
