package org.rapport.offers;

/**
 * Upgrade and sequence paths A → B: for every owned product A, its rules' consequents at the rules'
 * confidence. An offer of a product with prerequisites names the prerequisite it upgrades.
 */
final class UpgradeSource implements CandidateSource {
    private final OfferData d;
    private final RuleTable t;
    private final Prerequisites pre;

    UpgradeSource(OfferData d, Rules rules, Prerequisites pre) {
        this.d = d;
        this.t = rules.sequence;
        this.pre = pre;
    }

    @Override
    public void propose(int c, Candidates s, boolean[] excluded) {
        for (int i = d.ownedStart[c]; i < d.ownedStart[c + 1]; i++) {
            int a = d.ownedProduct[i];
            for (int r = t.start[a]; r < t.start[a + 1]; r++) {
                s.offer(t.cons[r], t.conf[r], t.conf[r], UPGRADE, a, excluded);
            }
        }
    }

    @Override
    public void reason(int c, int p, Candidates s, StringBuilder r) {
        int a = s.arg[p];
        String b = d.productIds[p];
        r.append("bought ").append(d.productIds[a]).append(" on ").append(CandidateSource.ownedDate(d, c, a));
        int a2 = s.arg2[p];
        if (a2 >= 0 && a2 != a) {
            r.append(" and ").append(d.productIds[a2]).append(" on ").append(CandidateSource.ownedDate(d, c, a2));
        }
        r.append("; ").append(Rules.pct(s.conf[p])).append(" of customers who bought ").append(d.productIds[a]).append(" later took ").append(b);
        if (d.upgradeOf[p] == a || pre.requires(p, a)) {
            r.append(" (its upgrade)");
            return;
        }
        int[] req = pre.of(p);
        if (req.length > 0) {
            // the customer owns it (prerequisites are checked before any source proposes)
            int x = req[0];
            r.append("; upgrades their ").append(d.productIds[x]).append(" of ").append(CandidateSource.ownedDate(d, c, x));
        }
    }
}
