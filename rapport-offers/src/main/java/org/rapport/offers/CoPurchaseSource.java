package org.rapport.offers;

/** Co-purchase A ⇒ B: confidence × the rate at which owners of A buy A again. */
final class CoPurchaseSource implements CandidateSource {
    private final OfferData d;
    private final RuleTable t;
    private final float[] rebuy;

    CoPurchaseSource(OfferData d, Rules rules) {
        this.d = d;
        this.t = rules.basket;
        this.rebuy = rules.rebuy;
    }

    @Override
    public void propose(int c, Candidates s, boolean[] excluded) {
        for (int i = d.ownedStart[c]; i < d.ownedStart[c + 1]; i++) {
            int a = d.ownedProduct[i];
            for (int r = t.start[a]; r < t.start[a + 1]; r++) {
                s.offer(t.cons[r], t.conf[r] * rebuy[a], t.conf[r], CO_PURCHASE, a, excluded);
            }
        }
    }

    @Override
    public void reason(int c, int p, Candidates s, StringBuilder r) {
        int a = s.arg[p];
        r.append("bought ").append(d.productIds[a]).append(" on ").append(CandidateSource.ownedDate(d, c, a)).append("; ")
                .append(Rules.pct(s.conf[p])).append(" of orders with ").append(d.productIds[a]).append(" also hold ").append(d.productIds[p]);
    }
}
