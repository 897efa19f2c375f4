package org.rapport.server;

import org.rapport.store.RapportStore;

/**
 * Two campaigns recorded in a {@link ServerFixture} store, one per fixture segment: sent at the
 * calibration end, every customer of the segment a member (every fifth in the control group), all offered
 * the product bought by the most customers after that day, so the purchases of the holdout are the
 * responses. The own segment's campaign splits its treated customers between champion and challenger.
 */
final class CampaignFixture {
    static final String OWN = "spring-" + ServerFixture.OWN;
    static final String OTHER = "spring-" + ServerFixture.OTHER;

    private CampaignFixture() {
    }

    static void record(RapportStore store, java.time.LocalDate sent) {
        String product = store.queryFirst("SELECT product_id FROM purchase_lines WHERE ts > ? GROUP BY 1 ORDER BY count(DISTINCT customer_id) DESC, 1 "
                + "LIMIT 1", rs -> rs.getString(1), sent.atStartOfDay()).orElseThrow();
        for (String[] c : new String[][] {{OWN, ServerFixture.OWN}, {OTHER, ServerFixture.OTHER}}) {
            store.update("INSERT INTO campaigns VALUES (?, ?, 'email', ?, 0.2, 1, "
                    + "(SELECT count(*) FROM customer_segment WHERE segment = ?), (SELECT count(*) FROM customer_segment WHERE segment = ? "
                    + "AND hash(customer_id) % 5 = 0))", c[0], sent.atStartOfDay(), "segment " + c[1], c[1], c[1]);
            store.update("INSERT INTO campaign_members (campaign, customer_id, offer_id, product_id, arm, policy) "
                    + "SELECT ?, customer_id, ?, ?, CASE WHEN hash(customer_id) % 5 = 0 THEN 'control' ELSE 'treated' END, "
                    + "CASE WHEN hash(customer_id) % 5 = 0 THEN NULL WHEN ? AND hash(customer_id) % 2 = 0 THEN 'challenger' ELSE 'champion' END "
                    + "FROM customer_segment WHERE segment = ?", c[0], product, product, c[0].equals(OWN), c[1]);
        }
    }
}
