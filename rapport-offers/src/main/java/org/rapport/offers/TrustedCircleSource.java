package org.rapport.offers;

/**
 * The trusted circle (relation, head's A) → B: for each household head of the customer, the rules of
 * the head's products for the relation. Mined as members who first bought B after their head's first
 * A, over members with an order after it who did not own B by then.
 */
final class TrustedCircleSource implements CandidateSource {
    private final OfferData d;
    private final RuleTable t;

    TrustedCircleSource(OfferData d, Rules rules) {
        this.d = d;
        this.t = rules.trusted;
    }

    @Override
    public void propose(int c, Candidates s, boolean[] excluded) {
        int np = d.products();
        for (int k = d.linkStart[c]; k < d.linkStart[c + 1]; k++) {
            int h = d.linkHead[k];
            int base = d.linkRelation[k] * np;
            for (int i = d.ownedStart[h]; i < d.ownedStart[h + 1]; i++) {
                int ante = base + d.ownedProduct[i];
                for (int r = t.start[ante]; r < t.start[ante + 1]; r++) {
                    s.offer(t.cons[r], t.conf[r], t.conf[r], TRUSTED_CIRCLE, k, excluded);
                    if (s.src[t.cons[r]] == TRUSTED_CIRCLE && s.arg[t.cons[r]] == k) {
                        s.arg2[t.cons[r]] = d.ownedProduct[i];
                    }
                }
            }
        }
    }

    @Override
    public void reason(int c, int p, Candidates s, StringBuilder r) {
        int k = s.arg[p];
        int h = d.linkHead[k];
        int a = s.arg2[p];
        String rel = d.relationNames[d.linkRelation[k]];
        r.append(rel).append(" of customer ").append(d.customerIds[h]).append(", who bought ").append(d.productIds[a]).append(" on ")
                .append(CandidateSource.ownedDate(d, h, a)).append("; ").append(Rules.pct(s.conf[p])).append(" of such ").append(rel)
                .append("s take ").append(d.productIds[p]);
    }

    /**
     * Households are few, so a household rule may be kept below {@code min-count} supporting members
     * when its evidence is strong anyway: at least this many members, and the Wilson 95% lower bound of
     * its confidence at least {@code min-lift} times the product's base rate (the lift is then significant,
     * not an accident of a small count). Fewer than three members is an anecdote, not a rule to quote.
     */
    static final int MIN_SPARSE_COUNT = 3;

    /** The Wilson score 95% lower bound of a proportion h / n (Wilson 1927). */
    static double wilsonLow(int h, int n) {
        double z = 1.959963984540054;
        double p = (double) h / n;
        double z2n = z * z / n;
        return (p + z2n / 2 - z * Math.sqrt(p * (1 - p) / n + z2n / (4 * n))) / (1 + z2n);
    }

    /**
     * Mines the trusted-circle rules.
     *
     * @param d the data
     * @param cfg thresholds
     * @param rules the other rules (minimum count, base rates)
     * @return the rules by relation × np + head's product
     */
    static RuleTable mine(OfferData d, OfferConfig cfg, Rules rules) {
        int np = d.products();
        int nr = Math.max(d.relationNames.length, 1);
        int[] eligible = new int[nr * np];
        PairCounts hit = new PairCounts(nr * np, np);
        PairCounts blocked = new PairCounts(nr * np, np);
        for (int m = 0; m < d.customers(); m++) {
            int mo0 = d.orderStart[m];
            int mo1 = d.orderStart[m + 1];
            if (mo1 == mo0) {
                continue;
            }
            int lastDay = d.orderDay[mo1 - 1];
            for (int k = d.linkStart[m]; k < d.linkStart[m + 1]; k++) {
                int h = d.linkHead[k];
                int r = d.linkRelation[k];
                for (int i = d.ownedStart[h]; i < d.ownedStart[h + 1]; i++) {
                    int da = d.ownedDay[i];
                    if (lastDay <= da) {
                        continue;
                    }
                    int ante = r * np + d.ownedProduct[i];
                    eligible[ante]++;
                    for (int j = d.ownedStart[m]; j < d.ownedStart[m + 1]; j++) {
                        (d.ownedDay[j] <= da ? blocked : hit).add(ante, d.ownedProduct[j]);
                    }
                }
            }
        }
        RuleTable.Builder tb = new RuleTable.Builder(nr * np);
        hit.forEachPair(key -> {
            int ante = (int) (key / np);
            int b = (int) (key % np);
            int h = hit.get(ante, b);
            int denom = eligible[ante] - blocked.get(ante, b);
            if (denom <= 0 || !(h >= rules.minCount || (h >= MIN_SPARSE_COUNT && wilsonLow(h, denom) >= cfg.minLift() * rules.baseRate[b]))) {
                return;
            }
            double conf = (double) h / denom;
            double lift = rules.lift(conf, b);
            if (conf >= cfg.minConfidence() && lift >= cfg.minLift()) {
                tb.add(ante, b, h, conf, (double) h / d.customers(), lift);
            }
        });
        return tb.build(cfg.maxRulesPerAntecedent());
    }
}
