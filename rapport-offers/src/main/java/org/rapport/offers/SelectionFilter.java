package org.rapport.offers;

import java.util.HashMap;
import java.util.Map;
import org.rapport.store.RapportStore;

/**
 * The campaign selection's filters (docs/offers.md, "Campaign selection"): customers whose P(alive) is
 * under the minimum are taken for gone, and customers for whom the uplift model learned on past
 * campaigns predicts a negative uplift (do-not-disturb) are not contacted. Counts what it leaves out.
 */
final class SelectionFilter {
    private final double minPAlive;
    private final Map<String, Double> pAlive;
    private final UpliftModel model;
    private final Map<String, String> segment;
    private final Map<String, String> category;
    private long gone;
    private long doNotDisturb;

    private SelectionFilter(double minPAlive, Map<String, Double> pAlive, UpliftModel model, Map<String, String> segment,
                            Map<String, String> category) {
        this.minPAlive = minPAlive;
        this.pAlive = pAlive;
        this.model = model;
        this.segment = segment;
        this.category = category;
    }

    static SelectionFilter load(RapportStore store, CampaignExport.Selection selection) {
        Map<String, Double> pAlive = new HashMap<>();
        if (selection.minPAlive() > 0 && OfferData.tableExists(store, "customer_scores")) {
            store.stream("SELECT customer_id, p_alive FROM customer_scores", rs -> new Object[] {rs.getString(1), rs.getDouble(2)},
                    r -> pAlive.put((String) r[0], (Double) r[1]));
        }
        UpliftModel model = selection.upliftFilter() ? UpliftModel.fit(store) : null;
        Map<String, String> segment = new HashMap<>();
        Map<String, String> category = new HashMap<>();
        if (model != null) {
            String seg = CampaignExport.segmentSql(store);
            if (seg != null) {
                store.stream(seg, rs -> new String[] {rs.getString(1), rs.getString(2)}, r -> segment.put(r[0], r[1]));
            }
            store.stream("SELECT product_id, category FROM products", rs -> new String[] {rs.getString(1), rs.getString(2)},
                    r -> category.put(r[0], r[1]));
        }
        return new SelectionFilter(selection.minPAlive(), pAlive, model, segment, category);
    }

    /** @return whether the customer gets the product's offer; counts the ones left out */
    boolean keep(String customerId, String productId) {
        double p = pAlive.getOrDefault(customerId, 1.0);
        if (p < minPAlive) {
            gone++;
            return false;
        }
        if (model != null) {
            String cat = category.getOrDefault(productId, productId);
            String seg = segment.getOrDefault(customerId, "all customers");
            if (model.uplift(seg, cat == null ? productId : cat, p) < 0) {
                doNotDisturb++;
                return false;
            }
        }
        return true;
    }

    long gone() {
        return gone;
    }

    long doNotDisturb() {
        return doNotDisturb;
    }
}
