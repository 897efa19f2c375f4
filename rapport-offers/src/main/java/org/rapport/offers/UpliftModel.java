package org.rapport.offers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rapport.store.RapportStore;

/**
 * A two-model uplift estimate learned from past campaigns with control groups (docs/offers.md,
 * "Uplift model"): for every (segment, product category) cell, the take-up of the offered product after
 * the send among treated and among control members, each arm's rate shrunk towards the category's rate
 * of that arm (weight {@code m} members) and the category's towards the arm's overall rate; the cell's
 * uplift per member is the difference. Since only customers still buying can respond at all, the
 * uplift per customer still alive is that difference over the cell's mean P(alive), and a customer's
 * predicted uplift is their P(alive) times it. Negative predictions mark do-not-disturb cells.
 */
public final class UpliftModel {
    /** Prior weight, in members, of the shrinkage of each arm's rate towards the next level up. */
    static final double PRIOR_MEMBERS = 30;

    private final Map<String, Double> perAlive;
    private final Map<String, Double> categoryPerAlive;
    private final double globalPerAlive;
    private final long members;

    private UpliftModel(Map<String, Double> perAlive, Map<String, Double> categoryPerAlive, double globalPerAlive, long members) {
        this.perAlive = perAlive;
        this.categoryPerAlive = categoryPerAlive;
        this.globalPerAlive = globalPerAlive;
        this.members = members;
    }

    /** Counts of one arm of one cell. */
    private static final class Counts {
        double n;
        double x;
        double alive;

        void add(double n, double x, double alive) {
            this.n += n;
            this.x += x;
            this.alive += alive;
        }

        double rate(double prior) {
            return (x + PRIOR_MEMBERS * prior) / (n + PRIOR_MEMBERS);
        }
    }

    /**
     * Fits the model on every campaign of the store that has a control group.
     *
     * @param store the store
     * @return the model, or null when no campaign with a control group has members
     */
    public static UpliftModel fit(RapportStore store) {
        if (!OfferData.tableExists(store, "campaign_members")) {
            return null;
        }
        String seg = CampaignExport.segmentSql(store);
        boolean scores = OfferData.tableExists(store, "customer_scores");
        List<Object[]> rows = store.query("WITH m AS (SELECT m.customer_id, m.product_id, m.arm, "
                + "EXISTS (SELECT 1 FROM purchase_lines l WHERE l.customer_id = m.customer_id AND l.product_id = m.product_id "
                + "AND l.ts > c.sent) AS bought FROM campaign_members m JOIN campaigns c USING (campaign) WHERE c.control > 0) "
                + "SELECT coalesce(" + (seg == null ? "NULL" : "s.segment") + ", 'all customers'), coalesce(p.category, m.product_id), m.arm, "
                + "count(*), sum(CASE WHEN bought THEN 1 ELSE 0 END), sum(" + (scores ? "coalesce(sc.p_alive, 1)" : "1") + ") FROM m "
                + (seg == null ? "" : "LEFT JOIN (" + seg + ") s USING (customer_id) ")
                + "LEFT JOIN products p ON p.product_id = m.product_id "
                + (scores ? "LEFT JOIN customer_scores sc ON sc.customer_id = m.customer_id " : "")
                + "GROUP BY ALL", rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                    rs.getDouble(6)});
        if (rows.isEmpty()) {
            return null;
        }
        return of(rows);
    }

    /** The model from rows (segment, category, arm, members, buyers, sum of P(alive)). */
    static UpliftModel of(List<Object[]> rows) {
        Map<String, Counts[]> cell = new HashMap<>();
        Map<String, Counts[]> category = new HashMap<>();
        Counts[] all = {new Counts(), new Counts()};
        long members = 0;
        for (Object[] r : rows) {
            int arm = "control".equals(r[2]) ? 0 : 1;
            double n = (Long) r[3];
            double x = (Long) r[4];
            double alive = (Double) r[5];
            members += (Long) r[3];
            cell.computeIfAbsent(r[0] + "|" + r[1], k -> new Counts[] {new Counts(), new Counts()})[arm].add(n, x, alive);
            category.computeIfAbsent((String) r[1], k -> new Counts[] {new Counts(), new Counts()})[arm].add(n, x, alive);
            all[arm].add(n, x, alive);
        }
        double[] global = {all[0].x / Math.max(1, all[0].n), all[1].x / Math.max(1, all[1].n)};
        double globalPerAlive = (global[1] - global[0]) / meanAlive(all);
        Map<String, Double> catRate = new HashMap<>();
        Map<String, Double> catPerAlive = new HashMap<>();
        for (Map.Entry<String, Counts[]> e : category.entrySet()) {
            Counts[] c = e.getValue();
            double r0 = c[0].rate(global[0]);
            double r1 = c[1].rate(global[1]);
            catRate.put(e.getKey() + "|0", r0);
            catRate.put(e.getKey() + "|1", r1);
            catPerAlive.put(e.getKey(), (r1 - r0) / meanAlive(c));
        }
        Map<String, Double> perAlive = new HashMap<>();
        for (Map.Entry<String, Counts[]> e : cell.entrySet()) {
            String cat = e.getKey().substring(e.getKey().indexOf('|') + 1);
            Counts[] c = e.getValue();
            double r0 = c[0].rate(catRate.get(cat + "|0"));
            double r1 = c[1].rate(catRate.get(cat + "|1"));
            perAlive.put(e.getKey(), (r1 - r0) / meanAlive(c));
        }
        return new UpliftModel(perAlive, catPerAlive, globalPerAlive, members);
    }

    private static double meanAlive(Counts[] arms) {
        double n = arms[0].n + arms[1].n;
        return n == 0 ? 1 : Math.max(1e-3, (arms[0].alive + arms[1].alive) / n);
    }

    /**
     * @param segment the customer's segment
     * @param category the product's category (its id when it has none)
     * @param pAlive the customer's P(alive)
     * @return the predicted uplift: the change in the chance of taking the product that the offer causes
     */
    public double uplift(String segment, String category, double pAlive) {
        Double u = perAlive.get(segment + "|" + category);
        if (u == null) {
            u = categoryPerAlive.getOrDefault(category, globalPerAlive);
        }
        return pAlive * u;
    }

    /** @return the campaign members the model was fitted on */
    public long members() {
        return members;
    }

    /**
     * The area under the uplift curve of a ranking, measured with the true uplifts (only a simulated world
     * has them), normalised so that a random order scores 0 and the order by true uplift 1: the cumulative
     * true uplift of the top k, summed over k, against the random order's k/N of the total.
     *
     * @param score the ranking's scores (higher first)
     * @param truth the true uplift of each item
     * @return (AUUC &minus; random) / (oracle &minus; random)
     */
    public static double normalisedAuuc(double[] score, double[] truth) {
        return (auuc(score, truth) - randomAuuc(truth)) / (auuc(truth, truth) - randomAuuc(truth));
    }

    private static double auuc(double[] score, double[] truth) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        double cum = 0;
        double area = 0;
        for (Integer i : order) {
            cum += truth[i];
            area += cum;
        }
        return area;
    }

    private static double randomAuuc(double[] truth) {
        double total = java.util.Arrays.stream(truth).sum();
        int n = truth.length;
        return total * (n + 1) / 2.0;
    }
}
