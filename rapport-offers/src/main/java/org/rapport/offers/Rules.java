package org.rapport.offers;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules mined from the ordered individual histories of {@link OfferData} (docs/offers.md,
 * "Candidate sources"). Every confidence is a conditional purchase rate among customers who were
 * eligible (did not own the consequent yet) and kept buying, so the sources' confidences are
 * comparable propensities:
 * <ul>
 * <li>upgrade / sequence A → B: customers who bought B in an order after their first order with A,
 * over customers with an order after their first A who did not own B by then;</li>
 * <li>co-purchase A ⇒ B: orders holding A and B over orders holding A (propensity: times the rate
 * at which owners of A buy A again);</li>
 * <li>life event t → B: events after which the customer first bought B within the window, over
 * events followed by an order within the window when B was not owned yet;</li>
 * <li>trusted circle (relation, A) → B: household members who first bought B after their head's
 * first A, over members with an order after it who did not own B;</li>
 * <li>segment favourite s → B: repeat customers of the segment who bought B after their first
 * order, over repeat customers whose first order did not hold B.</li>
 * </ul>
 * Lift = confidence / base rate, the base rate of B being the last definition over all customers.
 */
final class Rules {
    final RuleTable sequence;
    final RuleTable basket;
    final float[] rebuy;
    final RuleTable life;
    final RuleTable trusted;
    final RuleTable favourites;
    final float[] baseRate;
    /** brandNext[b1 * nb + b2] = P(next order's brand b2 | last order's brand b1) / P(b2). */
    final float[] brandFactor;
    final int brands;
    /**
     * segmentBrandLift[s * nb + b] = P(an order of segment s is of brand b) / P(an order is of brand b);
     * 1 for the all-customers row. A segment favourite's confidence already holds the segment's brand
     * taste, so the engine divides the brand factor by it (as it divides by the antecedent's brand for
     * upgrade and co-purchase rules) instead of counting that taste twice.
     */
    final float[] segmentBrandLift;
    /** The products' category numbers (-1 without a category) and the number of categories. */
    final int[] productCat;
    final int categories;
    /** segmentCatShare[s * categories + k] = share of the segment's order lines in category k (row 0: everybody). */
    final float[] segmentCatShare;
    final boolean[][] lifeTargets;
    final int[] lifeWindow;
    final boolean[] favouriteOwn;
    final int minCount;

    private Rules(OfferData d, OfferConfig cfg) {
        int np = d.products();
        int nc = d.customers();
        this.minCount = (int) Math.max(cfg.minCount(), Math.ceil(cfg.minSupport() * nc));
        PairCounts seqHit = new PairCounts(np, np);
        PairCounts seqBlocked = new PairCounts(np, np);
        int[] nLater = new int[np];
        int[] nRebuy = new int[np];
        PairCounts basPair = new PairCounts(np, np);
        int[] basOrders = new int[np];
        int nSeg = d.segmentNames.length;
        int[][] segLater = new int[nSeg][np];
        int[][] segFirst = new int[nSeg][np];
        int[] segMulti = new int[nSeg];
        int nb = d.brandNames.length;
        long[] trans = new long[nb * nb];
        java.util.Map<String, Integer> catIndex = new java.util.HashMap<>();
        productCat = new int[np];
        for (int p = 0; p < np; p++) {
            String cat = d.productCategory[p];
            productCat[p] = cat == null ? -1 : catIndex.computeIfAbsent(cat, x -> catIndex.size());
        }
        categories = catIndex.size();
        long[] segCat = new long[nSeg * categories];
        long[] segLines = new long[nSeg];
        long[] segBrand = new long[nSeg * nb];
        long[] segOrders = new long[nSeg];
        int[] orderCount = new int[np];
        int totalOrders = 0;
        for (int c = 0; c < nc; c++) {
            int o0 = d.orderStart[c];
            int n = d.orderStart[c + 1] - o0;
            int w0 = d.ownedStart[c];
            int w1 = d.ownedStart[c + 1];
            // sequence pairs
            for (int i = w0; i < w1; i++) {
                int a = d.ownedProduct[i];
                int fa = d.ownedOrder[i];
                if (fa >= n - 1) {
                    continue;
                }
                nLater[a]++;
                for (int j = w0; j < w1; j++) {
                    if (j == i) {
                        continue;
                    }
                    if (d.ownedOrder[j] > fa) {
                        seqHit.add(a, d.ownedProduct[j]);
                    } else {
                        seqBlocked.add(a, d.ownedProduct[j]);
                    }
                }
            }
            // baskets, rebuy, brand transitions
            for (int o = o0; o < o0 + n; o++) {
                totalOrders++;
                for (int l = d.lineStart[o]; l < d.lineStart[o + 1]; l++) {
                    int a = d.lineProduct[l];
                    if (productCat[a] >= 0) {
                        segCat[productCat[a]]++;
                        segLines[0]++;
                        if (d.segment[c] > 0) {
                            segCat[d.segment[c] * categories + productCat[a]]++;
                            segLines[d.segment[c]]++;
                        }
                    }
                    basOrders[a]++;
                    orderCount[a]++;
                    for (int m = d.lineStart[o]; m < d.lineStart[o + 1]; m++) {
                        if (m != l) {
                            basPair.add(a, d.lineProduct[m]);
                        }
                    }
                }
                if (d.orderBrand[o] >= 0) {
                    segBrand[d.segment[c] * nb + d.orderBrand[o]]++;
                    segOrders[d.segment[c]]++;
                }
                if (o > o0 && d.orderBrand[o - 1] >= 0 && d.orderBrand[o] >= 0) {
                    trans[d.orderBrand[o - 1] * nb + d.orderBrand[o]]++;
                }
            }
            for (int i = w0; i < w1; i++) {
                int a = d.ownedProduct[i];
                if (d.ownedOrder[i] < n - 1 && orderCount[a] >= 2) {
                    nRebuy[a]++;
                }
                orderCount[a] = 0;
            }
            // favourites (row 0 = all customers)
            if (n >= 2) {
                int s = d.segment[c];
                segMulti[0]++;
                if (s > 0) {
                    segMulti[s]++;
                }
                for (int i = w0; i < w1; i++) {
                    int b = d.ownedProduct[i];
                    int[] row0 = d.ownedOrder[i] == 0 ? segFirst[0] : segLater[0];
                    row0[b]++;
                    if (s > 0) {
                        (d.ownedOrder[i] == 0 ? segFirst[s] : segLater[s])[b]++;
                    }
                }
            }
        }
        baseRate = new float[np];
        for (int b = 0; b < np; b++) {
            int denom = segMulti[0] - segFirst[0][b];
            baseRate[b] = denom > 0 ? (float) segLater[0][b] / denom : 0f;
        }
        // sequence rules
        RuleTable.Builder sb = new RuleTable.Builder(np);
        seqHit.forEachPair(key -> {
            int a = (int) (key / np);
            int b = (int) (key % np);
            int hit = seqHit.get(a, b);
            int denom = nLater[a] - seqBlocked.get(a, b);
            boolean declared = d.upgradeOf[b] == a;
            if (denom <= 0 || (!declared && hit < minCount) || (declared && denom < minCount)) {
                return;
            }
            double conf = (double) hit / denom;
            double lift = lift(conf, b);
            if (conf >= cfg.minConfidence() && (declared || lift >= cfg.minLift())) {
                sb.add(a, b, hit, conf, (double) hit / nc, lift);
            }
        });
        sequence = sb.build(cfg.maxRulesPerAntecedent());
        // basket rules
        RuleTable.Builder bb = new RuleTable.Builder(np);
        int orders = totalOrders;
        int basketMin = (int) Math.max(cfg.minCount(), Math.ceil(cfg.minSupport() * orders));
        basPair.forEachPair(key -> {
            int a = (int) (key / np);
            int b = (int) (key % np);
            int pair = basPair.get(a, b);
            if (pair < basketMin) {
                return;
            }
            double conf = (double) pair / basOrders[a];
            double lift = conf / ((double) basOrders[b] / orders);
            if (conf >= cfg.minConfidence() && lift >= cfg.minLift()) {
                bb.add(a, b, pair, conf, (double) pair / orders, lift);
            }
        });
        basket = bb.build(cfg.maxRulesPerAntecedent());
        rebuy = new float[np];
        for (int a = 0; a < np; a++) {
            rebuy[a] = nLater[a] > 0 ? (float) nRebuy[a] / nLater[a] : 0f;
        }
        // favourites
        RuleTable.Builder fb = new RuleTable.Builder(nSeg);
        favouriteOwn = new boolean[nSeg];
        for (int s = 0; s < nSeg; s++) {
            favouriteOwn[s] = s == 0 || segMulti[s] >= cfg.minSegmentCustomers();
            if (!favouriteOwn[s]) {
                continue;
            }
            for (int b = 0; b < np; b++) {
                int denom = segMulti[s] - segFirst[s][b];
                if (denom > 0 && segLater[s][b] > 0) {
                    double conf = (double) segLater[s][b] / denom;
                    fb.add(s, b, segLater[s][b], conf, (double) segLater[s][b] / nc, lift(conf, b));
                }
            }
        }
        favourites = fb.build(cfg.maxRulesPerAntecedent());
        // brand factor
        brands = nb;
        brandFactor = new float[nb * nb];
        long total = 0;
        long[] col = new long[nb];
        long[] row = new long[nb];
        for (int i = 0; i < nb; i++) {
            for (int j = 0; j < nb; j++) {
                total += trans[i * nb + j];
                col[j] += trans[i * nb + j];
                row[i] += trans[i * nb + j];
            }
        }
        for (int i = 0; i < nb; i++) {
            for (int j = 0; j < nb; j++) {
                double marg = total > 0 ? (double) col[j] / total : 0;
                double cond = row[i] > 0 ? (double) trans[i * nb + j] / row[i] : marg;
                brandFactor[i * nb + j] = marg > 0 ? (float) (cond / marg) : 1f;
            }
        }
        segmentCatShare = new float[nSeg * categories];
        for (int x = 0; x < nSeg; x++) {
            for (int k = 0; k < categories; k++) {
                segmentCatShare[x * categories + k] = segLines[x] > 0 ? (float) ((double) segCat[x * categories + k] / segLines[x]) : 0f;
            }
        }
        segmentBrandLift = new float[nSeg * nb];
        long allOrders = 0;
        long[] brandOrders = new long[nb];
        for (int x = 0; x < nSeg; x++) {
            allOrders += segOrders[x];
            for (int b = 0; b < nb; b++) {
                brandOrders[b] += segBrand[x * nb + b];
            }
        }
        for (int x = 0; x < nSeg; x++) {
            for (int b = 0; b < nb; b++) {
                double share = segOrders[x] > 0 ? (double) segBrand[x * nb + b] / segOrders[x] : 0;
                double overall = allOrders > 0 ? (double) brandOrders[b] / allOrders : 0;
                // row 0 is everybody: no segment taste to discount; an unseen brand keeps the full factor
                segmentBrandLift[x * nb + b] = x == 0 || share <= 0 || overall <= 0 ? 1f : (float) (share / overall);
            }
        }
        // life events
        List<OfferConfig.LifeEventTrigger> triggers = cfg.lifeEvents();
        int nt = triggers.size();
        lifeTargets = new boolean[nt][np];
        lifeWindow = new int[nt];
        for (int t = 0; t < nt; t++) {
            lifeWindow[t] = triggers.get(t).windowDays();
            for (int p = 0; p < np; p++) {
                lifeTargets[t][p] = triggers.get(t).targets().contains(d.productIds[p])
                        || (d.productCategory[p] != null && triggers.get(t).targets().contains(d.productCategory[p]));
            }
        }
        life = LifeEventSource.mine(d, cfg, this);
        trusted = TrustedCircleSource.mine(d, cfg, this);
    }

    double lift(double conf, int b) {
        return baseRate[b] > 0 ? conf / baseRate[b] : Double.MAX_VALUE;
    }

    /**
     * Mines every rule table.
     *
     * @param data the data
     * @param config thresholds
     * @return the rules
     */
    static Rules mine(OfferData data, OfferConfig config) {
        return new Rules(data, config);
    }

    /** @return every rule as records, for reports and tests */
    List<Rule> list(OfferData d) {
        List<Rule> out = new ArrayList<>();
        int np = d.products();
        add(out, sequence, "upgrade", a -> d.productIds[a], d);
        add(out, basket, "co_purchase", a -> d.productIds[a], d);
        add(out, life, "life_event", t -> d.eventTypeNames[t], d);
        add(out, trusted, "trusted_circle", k -> (d.relationNames.length == 0 ? "member" : d.relationNames[k / np]) + ":" + d.productIds[k % np], d);
        add(out, favourites, "segment_favourite", s -> d.segmentNames[s], d);
        return out;
    }

    private static void add(List<Rule> out, RuleTable t, String source, java.util.function.IntFunction<String> name, OfferData d) {
        for (int a = 0; a + 1 < t.start.length; a++) {
            for (int i = t.start[a]; i < t.start[a + 1]; i++) {
                out.add(new Rule(source, name.apply(a), d.productIds[t.cons[i]], t.count[i], t.supp[i], t.conf[i], t.lift[i]));
            }
        }
    }

    /** A probability as a percentage: whole percents from 9.5% up, else one decimal (no Formatter: this runs millions of times). */
    static String pct(double p) {
        double v = 100 * p;
        if (v >= 9.5) {
            return Math.round(v) + "%";
        }
        long tenths = Math.round(v * 10);
        return tenths / 10 + "." + tenths % 10 + "%";
    }
}
