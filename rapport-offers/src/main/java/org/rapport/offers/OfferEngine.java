package org.rapport.offers;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.rapport.store.RapportStore;

/**
 * The next-best-offer engine: mined rules and per-customer indexes in memory, answering one
 * customer's top offers in microseconds (docs/offers.md).
 *
 * <p>For a customer the {@link Arbitration} first blocks what the customer is not eligible for; the
 * five {@link CandidateSource}s (upgrade/sequence, co-purchase, life event, trusted circle, segment
 * favourite) propose products; evidence of different sources adds up (noisy-or); the brand factor
 * multiplies the propensity (how likely the next order is of the product's brand given the brand of
 * the last order, relative to all orders); and the arbitration calibrates the propensities, computes
 * the expected value and keeps the best within the contact policy. Every list — the stored one, a
 * lookup, a campaign, the back-test — comes from {@link #offersFor(int, int, Ranking)} or
 * {@link #topProducts}, which share that path.
 *
 * <p>Thread-safe: each thread uses its own candidate space.
 */
public final class OfferEngine {
    /** How offers are ranked. */
    public enum Ranking {
        /** By expected value = P(alive) × calibrated propensity × value × lever (the arbitration; every stored list). */
        SCORE,
        /** By calibrated propensity alone (a diagnostic of the back-test: does the engine know what customers take?). */
        PROPENSITY
    }

    /** Source names by code (index 0 unused). */
    static final String[] SOURCES = CandidateSource.NAMES;

    private final OfferData d;
    private final Rules rules;
    private final Arbitration arbitration;
    private final CandidateSource[] sources;
    private final ThreadLocal<Candidates> scratch;

    private final ResponseLearning learning;

    private OfferEngine(OfferData d, OfferConfig config, ContactPolicy policy, Calibration calibration, ResponseLearning learning,
                        double[] pAlive) {
        this.learning = learning;
        this.d = d;
        this.rules = Rules.mine(d, config);
        Prerequisites pre = Prerequisites.learn(d, config);
        this.arbitration = new Arbitration(d, config, policy, pre, calibration, learning, pAlive);
        this.sources = new CandidateSource[] {null, new UpgradeSource(d, rules, pre), new CoPurchaseSource(d, rules),
            new LifeEventSource(d, rules), new TrustedCircleSource(d, rules), new FavouriteSource(d, rules, config)};
        int np = d.products();
        scratch = ThreadLocal.withInitial(() -> new Candidates(np, rules.categories));
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
     * Loads the engine: data, rules, prerequisites, the calibration maps (fitted on the last
     * {@code calibration-window-days} of the data) and, with a contact policy, P(alive) from
     * {@code customer_scores}.
     *
     * @param store the store
     * @param asOf last day of data used (null = the day of the latest purchase); life-event windows are measured from it
     * @param config the settings
     * @param today the day the contact policy is applied on, or null for no contact policy and no P(alive) (back-tests)
     * @return the engine
     * @throws OfferException if there are no purchases on or before {@code asOf}
     */
    public static OfferEngine load(RapportStore store, LocalDate asOf, OfferConfig config, LocalDate today) {
        OfferData data = OfferData.load(store, asOf, config);
        ContactPolicy policy = today == null ? ContactPolicy.NONE : ContactPolicy.load(store, config, today);
        double[] alive = today == null ? null : Arbitration.pAlive(store, data);
        ResponseLearning learned = today == null ? ResponseLearning.NONE : ResponseLearning.load(store, data);
        return new OfferEngine(data, config, policy, Calibration.fit(store, data, config), learned, alive);
    }

    /**
     * An engine without calibration and without P(alive) (benchmarks).
     *
     * @param data loaded data
     * @param config the settings
     * @param policy the contact policy ({@link ContactPolicy#NONE} for none)
     * @return an engine over the data
     */
    public static OfferEngine of(OfferData data, OfferConfig config, ContactPolicy policy) {
        return new OfferEngine(data, config, policy, Calibration.NONE, ResponseLearning.NONE, null);
    }

    static OfferEngine of(OfferData data, OfferConfig config, ContactPolicy policy, Calibration calibration) {
        return new OfferEngine(data, config, policy, calibration, ResponseLearning.NONE, null);
    }

    /** @return what the responses to earlier offers taught the engine */
    ResponseLearning learning() {
        return learning;
    }

    /** @return the data the engine was built on */
    public OfferData data() {
        return d;
    }

    /** @return every mined rule */
    public List<Rule> rules() {
        return rules.list(d);
    }

    /** @return every (product, required product) pair, as ids */
    public List<String[]> prerequisites() {
        return arbitration.prerequisites().list(d);
    }

    Calibration calibration() {
        return arbitration.calibration();
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
     * The customer's top offers by expected value, within the contact policy.
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
        Candidates s = scratch.get();
        int n = top(c, arbitration.allowance(c, k), ranking, s);
        List<Offer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int p = s.best[i];
            out.add(new Offer(d.productIds[p], d.productIds[p], s.score[p], s.cal[p], d.productValue[p], SOURCES[s.src[p]], reason(c, p, s)));
        }
        s.clear();
        return out;
    }

    /**
     * The products of the customer's top offers, without reasons (for back-tests): the same path as
     * {@link #offersFor(int, int, Ranking)}, consent included, without the contact policy's cap.
     *
     * @param c a customer index
     * @param k at most this many
     * @param ranking how to rank
     * @param out receives product indexes, best first
     * @param sources receives their source codes (index into SOURCES), or null
     * @param cal receives their calibrated propensities, or null
     * @param raw receives their raw propensities, or null
     * @return how many were written
     */
    int topProducts(int c, int k, Ranking ranking, int[] out, byte[] sources, double[] cal, double[] raw) {
        Candidates s = scratch.get();
        int n = top(c, d.optedOut[c] ? 0 : k, ranking, s);
        for (int i = 0; i < n; i++) {
            int p = s.best[i];
            out[i] = p;
            if (sources != null) {
                sources[i] = s.src[p];
            }
            if (cal != null) {
                cal[i] = s.cal[p];
            }
            if (raw != null) {
                raw[i] = s.prop[p];
            }
        }
        s.clear();
        return n;
    }

    private int top(int c, int k, Ranking ranking, Candidates s) {
        if (k <= 0) {
            return 0;
        }
        gather(c, s);
        return arbitration.rank(c, k, ranking, s);
    }

    /**
     * The customer's eligible candidates with raw propensities (calibration fits on them); the caller clears them.
     *
     * @param c a customer index
     * @return this thread's candidate space
     */
    Candidates candidates(int c) {
        Candidates s = scratch.get();
        if (!d.optedOut[c]) {
            gather(c, s);
        }
        return s;
    }

    private void gather(int c, Candidates s) {
        boolean[] ex = arbitration.eligibility(c, s);
        int o1 = d.orderStart[c + 1];
        s.lastBrand = o1 > d.orderStart[c] ? d.orderBrand[o1 - 1] : OfferData.NONE;
        for (int src = 1; src < sources.length; src++) {
            sources[src].propose(c, s, ex);
        }
        s.noisyOr();
        if (s.lastBrand >= 0) {
            brandFactor(s);
        }
    }

    private void brandFactor(Candidates s) {
        int nb = rules.brands;
        for (int i = 0; i < s.nt; i++) {
            int p = s.touched[i];
            int b = d.productBrand[p];
            if (b < 0) {
                continue;
            }
            double f = rules.brandFactor[s.lastBrand * nb + b];
            if (s.src[p] == CandidateSource.UPGRADE || s.src[p] == CandidateSource.CO_PURCHASE) {
                // the rule already conditions on owning a product of its antecedent's brand
                int ba = d.productBrand[s.arg[p]];
                if (ba >= 0) {
                    f /= rules.brandFactor[ba * nb + b];
                }
            } else if (s.src[p] == CandidateSource.SEGMENT_FAVOURITE) {
                // the favourite's rate already holds its segment's taste for the brand
                f /= rules.segmentBrandLift[s.arg[p] * nb + b];
            }
            s.prop[p] = Math.min(0.99, s.prop[p] * f);
        }
    }

    private String reason(int c, int p, Candidates s) {
        StringBuilder r = new StringBuilder(224);
        sources[s.src[p]].reason(c, p, s, r);
        int brand = d.productBrand[p];
        if (s.lastBrand >= 0 && brand == s.lastBrand && s.src[p] != CandidateSource.UPGRADE) {
            r.append("; last order (").append(LocalDate.ofEpochDay(d.orderDay[d.orderStart[c + 1] - 1])).append(") was ")
                    .append(d.brandNames[brand]);
        }
        return r.toString();
    }
}
