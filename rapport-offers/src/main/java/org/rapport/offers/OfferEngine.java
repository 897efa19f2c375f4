package org.rapport.offers;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rapport.store.RapportStore;

/**
 * The next-best-offer engine: mined rules and per-customer indexes in memory, answering one
 * customer's top offers in microseconds (docs/offers.md).
 *
 * <p>For a customer it gathers candidates from five sources (upgrade/sequence rules of the products
 * owned, co-purchase rules, life events still in their window, the trusted circle of household heads,
 * segment favourites), keeps for each product the source with the highest propensity, multiplies the
 * propensity by the customer's brand factor (how likely the next order is of the product's brand given
 * the brand of the last order, relative to all orders), removes ineligible products (owned unless
 * repeatable, value ≤ 0, not for the segment, rejected within the cool-down, no consent) and ranks by
 * score = propensity × value × lever. The contact policy caps the number of offers.
 *
 * <p>Thread-safe: each thread uses its own scratch space.
 */
public final class OfferEngine {
    /** How offers are ranked. */
    public enum Ranking {
        /** By score = propensity × value × lever (arbitration; the default). */
        SCORE,
        /** By propensity alone (what the back-test of take-up measures). */
        PROPENSITY
    }

    static final byte UPGRADE = 1;
    static final byte CO_PURCHASE = 2;
    static final byte LIFE_EVENT = 3;
    static final byte TRUSTED_CIRCLE = 4;
    static final byte SEGMENT_FAVOURITE = 5;
    static final String[] SOURCES = {null, "upgrade", "co_purchase", "life_event", "trusted_circle", "segment_favourite"};

    private final OfferData d;
    private final Rules rules;
    private final OfferConfig config;
    private final ContactPolicy policy;
    private final boolean[] repeatable;
    private final double[] offerLever;
    private final double[] segmentLever;
    private final Map<Integer, boolean[]> notForSegment = new HashMap<>();
    private final ThreadLocal<Scratch> scratch;

    private OfferEngine(OfferData d, OfferConfig config, ContactPolicy policy) {
        this.d = d;
        this.config = config;
        this.policy = policy;
        this.rules = Rules.mine(d, config);
        int np = d.products();
        repeatable = new boolean[np];
        offerLever = new double[np];
        for (int p = 0; p < np; p++) {
            repeatable[p] = config.repeatable().contains(d.productIds[p])
                    || (d.productCategory[p] != null && config.repeatable().contains(d.productCategory[p]));
            offerLever[p] = config.offerLevers().getOrDefault(d.productIds[p], 1.0);
        }
        segmentLever = new double[d.segmentNames.length];
        for (int s = 0; s < segmentLever.length; s++) {
            segmentLever[s] = config.segmentLevers().getOrDefault(d.segmentNames[s], 1.0);
            java.util.Set<String> excluded = config.notForSegment().get(d.segmentNames[s]);
            if (excluded != null) {
                boolean[] ex = new boolean[np];
                for (int p = 0; p < np; p++) {
                    ex[p] = excluded.contains(d.productIds[p]) || (d.productCategory[p] != null && excluded.contains(d.productCategory[p]));
                }
                notForSegment.put(s, ex);
            }
        }
        scratch = ThreadLocal.withInitial(() -> new Scratch(np, rules.categories));
    }

    /**
     * Loads the engine on all the store's data with the default settings and the contact policy as of
     * today (the contract the server and CLI use).
     *
     * @param store the store
     * @return the engine
     * @throws OfferException if the store has no purchases
     */
    public static OfferEngine load(RapportStore store) {
        return load(store, null, OfferConfig.defaults(), LocalDate.now());
    }

    /**
     * Loads the engine.
     *
     * @param store the store
     * @param asOf last day of data used (null = the day of the latest purchase); life-event windows are measured from it
     * @param config the settings
     * @param today the day the contact policy is applied on, or null for no contact policy (back-tests)
     * @return the engine
     * @throws OfferException if there are no purchases on or before {@code asOf}
     */
    public static OfferEngine load(RapportStore store, LocalDate asOf, OfferConfig config, LocalDate today) {
        OfferData data = OfferData.load(store, asOf, config);
        ContactPolicy policy = today == null ? ContactPolicy.NONE : ContactPolicy.load(store, config, today);
        return new OfferEngine(data, config, policy);
    }

    /**
     * @param data loaded data
     * @param config the settings
     * @param policy the contact policy ({@link ContactPolicy#NONE} for none)
     * @return an engine over the data
     */
    public static OfferEngine of(OfferData data, OfferConfig config, ContactPolicy policy) {
        return new OfferEngine(data, config, policy);
    }

    /** @return the data the engine was built on */
    public OfferData data() {
        return d;
    }

    /** @return every mined rule */
    public List<Rule> rules() {
        return rules.list(d);
    }

    /**
     * @param customerId a customer id
     * @return whether the engine knows the customer
     */
    public boolean knows(String customerId) {
        return d.customerIndex.containsKey(customerId);
    }

    /** @return the number of customers */
    public int customers() {
        return d.customers();
    }

    /**
     * @param index a customer index, 0 .. customers() - 1, in the order of the ids
     * @return its customer id
     */
    public String customerId(int index) {
        return d.customerIds[index];
    }

    /**
     * The customer's top offers by score, within the contact policy.
     *
     * @param customerId the customer
     * @param k at most this many offers
     * @return the offers, best first (fewer than k when candidates or the contact policy run out)
     * @throws OfferException if the customer is unknown
     */
    public List<Offer> offersFor(String customerId, int k) {
        Integer c = d.customerIndex.get(customerId);
        if (c == null) {
            throw new OfferException(OfferException.UNKNOWN_CUSTOMER, customerId);
        }
        return offersFor(c, k, Ranking.SCORE);
    }

    /**
     * @param c a customer index
     * @param k at most this many offers
     * @param ranking how to rank
     * @return the offers, best first
     */
    public List<Offer> offersFor(int c, int k, Ranking ranking) {
        Scratch s = scratch.get();
        int kk = Math.min(k, policy.remaining(d.customerIds[c]));
        int n = top(c, kk, ranking, s);
        List<Offer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int p = s.best[i];
            out.add(new Offer(d.productIds[p], d.productIds[p], s.score[p], s.prop[p], d.productValue[p], SOURCES[s.src[p]], reason(c, p, s)));
        }
        s.clear();
        return out;
    }

    /**
     * The products of the customer's top offers, without reasons (for back-tests); ignores the contact policy.
     *
     * @param c a customer index
     * @param k at most this many
     * @param ranking how to rank
     * @param out receives product indexes, best first
     * @param sources receives their source codes (index into SOURCES), or null
     * @return how many were written
     */
    int topProducts(int c, int k, Ranking ranking, int[] out, byte[] sources) {
        Scratch s = scratch.get();
        int n = top(c, k, ranking, s);
        System.arraycopy(s.best, 0, out, 0, n);
        if (sources != null) {
            for (int i = 0; i < n; i++) {
                sources[i] = s.src[s.best[i]];
            }
        }
        s.clear();
        return n;
    }

    private int top(int c, int k, Ranking ranking, Scratch s) {
        if (k <= 0 || d.optedOut[c]) {
            return 0;
        }
        k = Math.min(k, s.best.length);
        candidates(c, s);
        int seg = d.segment[c];
        double segLever = segmentLever[seg];
        for (int i = 0; i < s.nt; i++) {
            int p = s.touched[i];
            s.score[p] = s.prop[p] * d.productValue[p] * offerLever[p] * segLever;
        }
        double[] key = ranking == Ranking.SCORE ? s.score : s.prop;
        int n = 0;
        for (int i = 0; i < s.nt; i++) {
            int p = s.touched[i];
            if (s.prop[p] <= 0 || s.score[p] <= 0) {
                continue;
            }
            int pos;
            if (n < k) {
                pos = n++;
            } else if (better(key, p, s.best[k - 1])) {
                pos = k - 1;
            } else {
                continue;
            }
            while (pos > 0 && better(key, p, s.best[pos - 1])) {
                s.best[pos] = s.best[pos - 1];
                pos--;
            }
            s.best[pos] = p;
        }
        return n;
    }

    private static boolean better(double[] key, int p, int q) {
        return key[p] > key[q] || (key[p] == key[q] && p < q);
    }

    private void candidates(int c, Scratch s) {
        int np = d.products();
        int w0 = d.ownedStart[c];
        int w1 = d.ownedStart[c + 1];
        for (int i = w0; i < w1; i++) {
            if (!repeatable[d.ownedProduct[i]]) {
                s.block(d.ownedProduct[i]);
            }
        }
        boolean[] ex = notForSegment.get(d.segment[c]);
        java.util.Map<String, LocalDate> cooling = policy.restricts() ? policy.coolingDown(d.customerIds[c]) : Map.of();
        if (!cooling.isEmpty()) {
            for (String pid : cooling.keySet()) {
                Integer p = d.productIndex.get(pid);
                if (p != null) {
                    s.block(p);
                }
            }
        }
        int o1 = d.orderStart[c + 1];
        int lastBrand = o1 > d.orderStart[c] ? d.orderBrand[o1 - 1] : OfferData.NONE;
        s.lastBrand = lastBrand;
        // upgrade / sequence
        RuleTable t = rules.sequence;
        for (int i = w0; i < w1; i++) {
            int a = d.ownedProduct[i];
            for (int r = t.start[a]; r < t.start[a + 1]; r++) {
                s.offer(t.cons[r], t.conf[r], t.conf[r], UPGRADE, a, ex);
            }
        }
        // co-purchase
        t = rules.basket;
        for (int i = w0; i < w1; i++) {
            int a = d.ownedProduct[i];
            for (int r = t.start[a]; r < t.start[a + 1]; r++) {
                s.offer(t.cons[r], t.conf[r] * rules.rebuy[a], t.conf[r], CO_PURCHASE, a, ex);
            }
        }
        // life events still in their window
        t = rules.life;
        for (int e = d.eventStart[c]; e < d.eventStart[c + 1]; e++) {
            int type = d.eventType[e];
            int w = rules.lifeWindow[type];
            int left = d.eventDay[e] + w - d.asOfDay;
            if (left <= 0 || d.eventDay[e] > d.asOfDay) {
                continue;
            }
            double recency = (double) left / w;
            for (int r = t.start[type]; r < t.start[type + 1]; r++) {
                s.offer(t.cons[r], t.conf[r] * recency, t.conf[r], LIFE_EVENT, e, ex);
            }
        }
        // trusted circle
        t = rules.trusted;
        for (int k = d.linkStart[c]; k < d.linkStart[c + 1]; k++) {
            int h = d.linkHead[k];
            int base = d.linkRelation[k] * np;
            for (int i = d.ownedStart[h]; i < d.ownedStart[h + 1]; i++) {
                int ante = base + d.ownedProduct[i];
                for (int r = t.start[ante]; r < t.start[ante + 1]; r++) {
                    s.offer(t.cons[r], t.conf[r], t.conf[r], TRUSTED_CIRCLE, k, ex);
                    if (s.src[t.cons[r]] == TRUSTED_CIRCLE && s.arg[t.cons[r]] == k) {
                        s.arg2[t.cons[r]] = d.ownedProduct[i];
                    }
                }
            }
        }
        // segment favourites
        int seg = rules.favouriteOwn[d.segment[c]] ? d.segment[c] : 0;
        t = rules.favourites;
        int nk = rules.categories;
        double prior = config.favouritePriorLines();
        // the customer's order lines by category, kept in the scratch for the reasons
        int lines = 0;
        for (int l = d.lineStart[d.orderStart[c]]; l < d.lineStart[o1]; l++) {
            int k = rules.productCat[d.lineProduct[l]];
            if (k >= 0) {
                s.catCount[k]++;
                lines++;
            }
        }
        s.lines = lines;
        for (int r = t.start[seg]; r < t.start[seg + 1]; r++) {
            int b = t.cons[r];
            int k = rules.productCat[b];
            double affinity = 1;
            if (k >= 0 && lines > 0) {
                double share = rules.segmentCatShare[seg * nk + k];
                if (share > 0) {
                    affinity = ((s.catCount[k] + prior * share) / (lines + prior)) / share;
                }
            }
            s.offer(b, t.conf[r] * affinity, t.conf[r], SEGMENT_FAVOURITE, seg, ex);
        }
        // evidence from different sources for the same product adds up (noisy-or across sources)
        for (int i = 0; i < s.nt; i++) {
            int p = s.touched[i];
            double miss = 1;
            for (int src = 1; src < SOURCES.length; src++) {
                miss *= 1 - s.srcMax[p * SOURCES.length + src];
            }
            s.prop[p] = 1 - miss;
        }
        // brand factor
        if (lastBrand >= 0) {
            int nb = rules.brands;
            for (int i = 0; i < s.nt; i++) {
                int p = s.touched[i];
                int b = d.productBrand[p];
                if (b >= 0) {
                    double f = rules.brandFactor[lastBrand * nb + b];
                    if (s.src[p] == UPGRADE || s.src[p] == CO_PURCHASE) {
                        // the rule already conditions on owning a product of its antecedent's brand
                        int ba = d.productBrand[s.arg[p]];
                        if (ba >= 0) {
                            f /= rules.brandFactor[ba * nb + b];
                        }
                    } else if (s.src[p] == SEGMENT_FAVOURITE) {
                        // the favourite's rate already holds its segment's taste for the brand
                        f /= rules.segmentBrandLift[s.arg[p] * nb + b];
                    }
                    s.prop[p] = Math.min(0.99, s.prop[p] * f);
                }
            }
        }
    }

    private String reason(int c, int p, Scratch s) {
        String b = d.productIds[p];
        String pct = Rules.pct(s.conf[p]);
        StringBuilder r = new StringBuilder(224);
        switch (s.src[p]) {
            case UPGRADE -> {
                int a = s.arg[p];
                r.append("bought ").append(d.productIds[a]).append(" on ").append(ownedDate(c, a));
                int a2 = s.arg2[p];
                if (a2 >= 0 && a2 != a) {
                    r.append(" and ").append(d.productIds[a2]).append(" on ").append(ownedDate(c, a2));
                }
                r.append("; ").append(pct).append(" of customers who bought ").append(d.productIds[a]).append(" later took ").append(b);
                if (d.upgradeOf[p] == a) {
                    r.append(" (its upgrade)");
                }
            }
            case CO_PURCHASE -> {
                int a = s.arg[p];
                r.append("bought ").append(d.productIds[a]).append(" on ").append(ownedDate(c, a)).append("; ").append(pct)
                        .append(" of orders with ").append(d.productIds[a]).append(" also hold ").append(b);
            }
            case LIFE_EVENT -> {
                int e = s.arg[p];
                String type = d.eventTypeNames[d.eventType[e]];
                r.append(type).append(" on ").append(LocalDate.ofEpochDay(d.eventDay[e])).append(" (").append(d.asOfDay - d.eventDay[e])
                        .append(" days ago); ").append(pct).append(" of customers take ").append(b).append(" within ")
                        .append(rules.lifeWindow[d.eventType[e]]).append(" days of a ").append(type).append(" event");
            }
            case TRUSTED_CIRCLE -> {
                int k = s.arg[p];
                int h = d.linkHead[k];
                int a = s.arg2[p];
                String rel = d.relationNames[d.linkRelation[k]];
                r.append(rel).append(" of customer ").append(d.customerIds[h]).append(", who bought ").append(d.productIds[a]).append(" on ")
                        .append(ownedDate(h, a)).append("; ").append(pct).append(" of such ").append(rel).append("s take ").append(b);
            }
            default -> {
                int seg = s.arg[p];
                r.append(pct).append(" of repeat customers");
                if (seg > 0) {
                    r.append(" of ").append(d.segmentSource.replace('_', ' ')).append(" '").append(d.segmentNames[seg]).append("'");
                }
                r.append(" buy ").append(b);
                int n = d.orderStart[c + 1] - d.orderStart[c];
                r.append(n == 0 ? "; no purchase yet" : n == 1 ? "; one purchase so far, on " + LocalDate.ofEpochDay(d.orderDay[d.orderStart[c]]) : "");
                // the personal part of the propensity: the customer's own taste for the category
                int k = rules.productCat[p];
                if (k >= 0 && s.catCount[k] > 0) {
                    r.append("; ").append(s.catCount[k]).append(" of their ").append(s.lines).append(" order lines were ")
                            .append(d.productCategory[p]);
                }
            }
        }
        int brand = d.productBrand[p];
        if (s.lastBrand >= 0 && brand == s.lastBrand && s.src[p] != UPGRADE) {
            r.append("; last order (").append(LocalDate.ofEpochDay(d.orderDay[d.orderStart[c + 1] - 1])).append(") was ")
                    .append(d.brandNames[brand]);
        }
        return r.toString();
    }

    private LocalDate ownedDate(int c, int p) {
        int i = Arrays.binarySearch(d.ownedProduct, d.ownedStart[c], d.ownedStart[c + 1], p);
        return i >= 0 ? LocalDate.ofEpochDay(d.ownedDay[i]) : null;
    }

    /** Per-thread candidate space over products. */
    static final class Scratch {
        final double[] prop;
        final double[] conf;
        final double[] score;
        final byte[] src;
        final int[] arg;
        final int[] arg2;
        final boolean[] blocked;
        final boolean[] seen;
        final int[] touched;
        final int[] best = new int[256];
        /** The customer's order lines by category, and in all (set by the favourites, reset by {@link #clear}). */
        final int[] catCount;
        int lines;
        final double[] srcMax;
        final int[] blockedList;
        int nBlocked;
        int nt;
        int lastBrand;

        Scratch(int np, int categories) {
            catCount = new int[categories];
            prop = new double[np];
            conf = new double[np];
            score = new double[np];
            src = new byte[np];
            arg = new int[np];
            arg2 = new int[np];
            blocked = new boolean[np];
            seen = new boolean[np];
            touched = new int[np];
            blockedList = new int[np];
            srcMax = new double[np * SOURCES.length];
        }

        void offer(int p, double propensity, double confidence, byte source, int a, boolean[] excluded) {
            if (blocked[p] || (excluded != null && excluded[p])) {
                return;
            }
            if (!seen[p]) {
                seen[p] = true;
                touched[nt++] = p;
                arg2[p] = -1;
            }
            int si = p * SOURCES.length + source;
            srcMax[si] = Math.max(srcMax[si], propensity);
            if (propensity > prop[p]) {
                if (src[p] == source && source == UPGRADE) {
                    arg2[p] = arg[p];
                } else if (source != TRUSTED_CIRCLE) {
                    arg2[p] = -1;
                }
                prop[p] = propensity;
                conf[p] = confidence;
                src[p] = source;
                arg[p] = a;
            } else if (source == UPGRADE && src[p] == UPGRADE && arg2[p] < 0 && propensity > 0) {
                arg2[p] = a;
            }
        }

        void clear() {
            for (int i = 0; i < nt; i++) {
                int p = touched[i];
                prop[p] = 0;
                conf[p] = 0;
                score[p] = 0;
                src[p] = 0;
                seen[p] = false;
                java.util.Arrays.fill(srcMax, p * SOURCES.length, (p + 1) * SOURCES.length, 0);
            }
            nt = 0;
            for (int i = 0; i < nBlocked; i++) {
                blocked[blockedList[i]] = false;
            }
            nBlocked = 0;
            java.util.Arrays.fill(catCount, 0);
            lines = 0;
        }

        void block(int p) {
            if (!blocked[p]) {
                blocked[p] = true;
                blockedList[nBlocked++] = p;
            }
        }
    }
}
