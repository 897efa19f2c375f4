package org.rapport.offers;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.rapport.store.RapportStore;

/**
 * The one arbitration of every offer list (docs/offers.md, "Arbitration"): the stored list
 * ({@code customer_offers}: {@code offers for}, the API, the 360, the desk, campaigns) and the back-test
 * all rank with it. Eligibility first (owned and not repeatable, missing prerequisite, not for the
 * segment, rejected within the cool-down, no consent; value ≤ 0 and a lever of 0 give no score), then
 *
 * <pre>expected value = P(alive) × calibrated propensity × margin × lever</pre>
 *
 * where the calibrated propensity also carries what the responses to earlier offers taught
 * ({@link ResponseLearning}),
 * with lever = {@code lever.offer.<id>} × {@code lever.segment.<segment>}, and the contact policy caps
 * how many offers are returned. P(alive) scales all of a customer's offers alike, so it orders customers
 * (campaigns, dashboards), never one customer's offers.
 */
final class Arbitration {
    private final OfferData d;
    private final ContactPolicy policy;
    private final Prerequisites pre;
    private final Calibration calibration;
    private final ResponseLearning learning;
    private final double[] pAlive;
    private final boolean[] repeatable;
    private final double[] offerLever;
    private final double[] segmentLever;
    private final Map<Integer, boolean[]> notForSegment = new HashMap<>();
    private final int[] withPrerequisites;
    private final Rules rules;
    private final int triggerRank;

    Arbitration(OfferData d, OfferConfig config, ContactPolicy policy, Prerequisites pre, Calibration calibration,
                ResponseLearning learning, double[] pAlive, Rules rules) {
        this.d = d;
        this.rules = rules;
        this.triggerRank = config.triggerRank();
        this.learning = learning;
        this.policy = policy;
        this.pre = pre;
        this.calibration = calibration;
        this.pAlive = pAlive;
        int np = d.products();
        repeatable = new boolean[np];
        offerLever = new double[np];
        java.util.List<Integer> req = new java.util.ArrayList<>();
        for (int p = 0; p < np; p++) {
            repeatable[p] = matches(config.repeatable(), p);
            offerLever[p] = config.offerLevers().getOrDefault(d.productIds[p], 1.0);
            if (pre.of(p).length > 0) {
                req.add(p);
            }
        }
        withPrerequisites = req.stream().mapToInt(Integer::intValue).toArray();
        segmentLever = new double[d.segmentNames.length];
        for (int s = 0; s < segmentLever.length; s++) {
            segmentLever[s] = config.segmentLevers().getOrDefault(d.segmentNames[s], 1.0);
            Set<String> excluded = config.notForSegment().get(d.segmentNames[s]);
            if (excluded != null) {
                boolean[] ex = new boolean[np];
                for (int p = 0; p < np; p++) {
                    ex[p] = matches(excluded, p);
                }
                notForSegment.put(s, ex);
            }
        }
    }

    private boolean matches(Set<String> ids, int p) {
        return ids.contains(d.productIds[p]) || (d.productCategory[p] != null && ids.contains(d.productCategory[p]));
    }

    /**
     * @param store the store
     * @param d the data
     * @return every customer's P(alive) from {@code customer_scores}, or null (1 for everybody) without scores
     */
    static double[] pAlive(RapportStore store, OfferData d) {
        if (!OfferData.tableExists(store, "customer_scores") || store.queryLong("SELECT count(*) FROM customer_scores") == 0) {
            return null;
        }
        double[] out = new double[d.customers()];
        java.util.Arrays.fill(out, 1.0);
        store.stream("SELECT customer_id, p_alive FROM customer_scores", rs -> new Object[] {rs.getString(1), rs.getDouble(2)}, r -> {
            Integer c = d.customerIndex.get((String) r[0]);
            if (c != null) {
                out[c] = (Double) r[1];
            }
        });
        return out;
    }

    /** @return the calibration in use */
    Calibration calibration() {
        return calibration;
    }

    /** @return the prerequisites in use */
    Prerequisites prerequisites() {
        return pre;
    }

    /**
     * @param c a customer
     * @param k offers asked for
     * @return how many the contact policy and consent allow
     */
    int allowance(int c, int k) {
        return d.optedOut[c] ? 0 : Math.min(k, policy.remaining(d.customerIds[c]));
    }

    /**
     * Blocks the products customer {@code c} is not eligible for before any source proposes.
     *
     * @param c a customer
     * @param s the candidates
     * @return products not for the customer's segment, or null
     */
    boolean[] eligibility(int c, Candidates s) {
        for (int i = d.ownedStart[c]; i < d.ownedStart[c + 1]; i++) {
            if (!repeatable[d.ownedProduct[i]]) {
                s.block(d.ownedProduct[i]);
            }
        }
        for (int p : withPrerequisites) {
            if (!pre.met(d, c, p)) {
                s.block(p);
            }
        }
        if (policy.restricts()) {
            for (String pid : policy.coolingDown(d.customerIds[c]).keySet()) {
                Integer p = d.productIndex.get(pid);
                if (p != null) {
                    s.block(p);
                }
            }
        }
        return notForSegment.get(d.segment[c]);
    }

    /**
     * Calibrates the candidates' propensities, computes their expected value and keeps the k best.
     *
     * @param c a customer
     * @param k at most this many
     * @param ranking by expected value (the arbitration) or by calibrated propensity (a diagnostic)
     * @param s the candidates (raw propensities set); receives cal, score and best
     * @return how many were kept
     */
    int rank(int c, int k, OfferEngine.Ranking ranking, Candidates s) {
        k = Math.min(k, s.best.length);
        double alive = pAlive == null ? 1 : pAlive[c];
        double segLever = segmentLever[d.segment[c]];
        for (int i = 0; i < s.nt; i++) {
            int p = s.touched[i];
            s.cal[p] = s.prop[p] <= 0 ? 0 : learning.apply(s.src[p], p, calibration.apply(s.src[p], s.prop[p]));
            // ranked without P(alive), which scales all of the customer's offers alike (and may be 0)
            s.score[p] = s.cal[p] * d.productValue[p] * offerLever[p] * segLever;
        }
        double[] key = ranking == OfferEngine.Ranking.SCORE ? s.score : s.cal;
        int n = 0;
        for (int i = 0; i < s.nt; i++) {
            int p = s.touched[i];
            if (s.prop[p] <= 0 || d.productValue[p] * offerLever[p] * segLever <= 0) {
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
        if (ranking == OfferEngine.Ranking.SCORE && triggerRank > 0 && k >= triggerRank) {
            n = triggerSlot(n, k, segLever, s);
        }
        for (int i = 0; i < n; i++) {
            s.score[s.best[i]] *= alive;
        }
        return n;
    }

    /**
     * The trigger slot (docs/offers.md): the eligible triggered candidate (proposed by a life-event or
     * trusted-circle rule) whose trigger raises its take-up most over the product's base rate (highest
     * lift) takes rank {@code trigger-rank}, the offers from there on moving down one (the last drops
     * out), unless expected value already ranks it there or higher. Only lists of at least that many
     * places get it, so a shorter list is always the start of a longer one.
     *
     * @return the number of offers kept
     */
    private int triggerSlot(int n, int k, double segLever, Candidates s) {
        int ns = CandidateSource.NAMES.length;
        int pick = -1;
        double bestLift = 0;
        for (int i = 0; i < s.nt; i++) {
            int p = s.touched[i];
            if (s.prop[p] <= 0 || d.productValue[p] * offerLever[p] * segLever <= 0) {
                continue;
            }
            double t = Math.max(s.srcMax[p * ns + CandidateSource.LIFE_EVENT], s.srcMax[p * ns + CandidateSource.TRUSTED_CIRCLE]);
            double lift = t > 0 ? rules.lift(t, p) : 0;
            if (lift > bestLift || (lift == bestLift && lift > 0 && p < pick)) {
                bestLift = lift;
                pick = p;
            }
        }
        if (pick < 0) {
            return n;
        }
        int at = Math.min(triggerRank, n + 1) - 1;
        for (int i = 0; i < n; i++) {
            if (s.best[i] == pick) {
                if (i <= at) {
                    return n;
                }
                System.arraycopy(s.best, i + 1, s.best, i, n - i - 1);
                n--;
                break;
            }
        }
        int keep = Math.min(n + 1, k);
        System.arraycopy(s.best, at, s.best, at + 1, keep - at - 1);
        s.best[at] = pick;
        return keep;
    }

    private static boolean better(double[] key, int p, int q) {
        return key[p] > key[q] || (key[p] == key[q] && p < q);
    }
}
