package org.rapport.offers;

import java.time.LocalDate;

/**
 * Segment favourites s → B, times the customer's category affinity: a(k) = ((n_k + m·s_k) / (n + m)) / s_k,
 * n_k of the customer's n order lines in the product's category k, s_k the segment's share of lines in
 * k, m = {@code favourite-prior-lines}.
 */
final class FavouriteSource implements CandidateSource {
    private final OfferData d;
    private final Rules rules;
    private final double prior;

    FavouriteSource(OfferData d, Rules rules, OfferConfig cfg) {
        this.d = d;
        this.rules = rules;
        this.prior = cfg.favouritePriorLines();
    }

    @Override
    public void propose(int c, Candidates s, boolean[] excluded) {
        int seg = rules.favouriteOwn[d.segment[c]] ? d.segment[c] : 0;
        RuleTable t = rules.favourites;
        int nk = rules.categories;
        // the customer's order lines by category, kept in the candidates for the reasons
        int lines = 0;
        for (int l = d.lineStart[d.orderStart[c]]; l < d.lineStart[d.orderStart[c + 1]]; l++) {
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
            s.offer(b, t.conf[r] * affinity, t.conf[r], SEGMENT_FAVOURITE, seg, excluded);
        }
    }

    @Override
    public void reason(int c, int p, Candidates s, StringBuilder r) {
        int seg = s.arg[p];
        r.append(Rules.pct(s.conf[p])).append(" of repeat customers");
        if (seg > 0) {
            r.append(" of ").append(d.segmentSource.replace('_', ' ')).append(" '").append(d.segmentNames[seg]).append("'");
        }
        r.append(" buy ").append(d.productIds[p]);
        int n = d.orderStart[c + 1] - d.orderStart[c];
        r.append(n == 0 ? "; no purchase yet" : n == 1 ? "; one purchase so far, on " + LocalDate.ofEpochDay(d.orderDay[d.orderStart[c]]) : "");
        // the personal part of the propensity: the customer's own taste for the category
        int k = rules.productCat[p];
        if (k >= 0 && s.catCount[k] > 0) {
            r.append("; ").append(s.catCount[k]).append(" of their ").append(s.lines).append(" order lines were ").append(d.productCategory[p]);
        }
    }
}
