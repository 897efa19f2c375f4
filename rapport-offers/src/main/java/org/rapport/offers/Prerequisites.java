package org.rapport.offers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Products that are offered only to owners of another product (docs/offers.md, "Prerequisites").
 * Learned: B requires X when at least {@code prerequisite-share} of B's buyers (and at least
 * {@code prerequisite-min-buyers} of them) owned X at or before their first order with B, and owning X is
 * at least {@code min-lift} times more common among B's buyers than among all buyers (so a product most
 * customers own is no prerequisite). Declared: {@code products.upgrade_of} (with
 * {@code prerequisite-declared}).
 */
final class Prerequisites {
    private final int[][] required;

    private Prerequisites(int[][] required) {
        this.required = required;
    }

    /**
     * @param d the data
     * @param cfg the settings
     * @return the prerequisites of every product
     */
    static Prerequisites learn(OfferData d, OfferConfig cfg) {
        int np = d.products();
        int[] owners = new int[np];
        PairCounts before = new PairCounts(np, np);
        int buyers = 0;
        for (int c = 0; c < d.customers(); c++) {
            int w0 = d.ownedStart[c];
            int w1 = d.ownedStart[c + 1];
            buyers += w1 > w0 ? 1 : 0;
            for (int i = w0; i < w1; i++) {
                int b = d.ownedProduct[i];
                owners[b]++;
                for (int j = w0; j < w1; j++) {
                    if (j != i && d.ownedOrder[j] <= d.ownedOrder[i]) {
                        before.add(b, d.ownedProduct[j]);
                    }
                }
            }
        }
        List<List<Integer>> req = new ArrayList<>();
        for (int p = 0; p < np; p++) {
            req.add(new ArrayList<>());
            if (cfg.prerequisiteDeclared() && d.upgradeOf[p] >= 0) {
                req.get(p).add(d.upgradeOf[p]);
            }
        }
        int nb = buyers;
        before.forEachPair(key -> {
            int b = (int) (key / np);
            int x = (int) (key % np);
            double share = (double) before.get(b, x) / owners[b];
            double lift = share / ((double) owners[x] / nb);
            if (owners[b] >= cfg.prerequisiteMinBuyers() && share >= cfg.prerequisiteShare() && lift >= Math.max(cfg.minLift(), 1.0)
                    && !req.get(b).contains(x)) {
                req.get(b).add(x);
            }
        });
        int[][] out = new int[np][];
        for (int p = 0; p < np; p++) {
            out[p] = req.get(p).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return new Prerequisites(out);
    }

    /**
     * @param p a product
     * @return the products a customer must own to be offered p (empty for most products)
     */
    int[] of(int p) {
        return required[p];
    }

    /**
     * @param p a product
     * @param x another product
     * @return whether x is a prerequisite of p
     */
    boolean requires(int p, int x) {
        return Arrays.binarySearch(required[p], x) >= 0;
    }

    /**
     * @param d the data
     * @param c a customer index
     * @param p a product
     * @return whether the customer owns every prerequisite of p
     */
    boolean met(OfferData d, int c, int p) {
        for (int x : required[p]) {
            if (!CandidateSource.owns(d, c, x)) {
                return false;
            }
        }
        return true;
    }

    /** @return every (product, prerequisite) pair as ids, for reports and tests */
    List<String[]> list(OfferData d) {
        List<String[]> out = new ArrayList<>();
        for (int p = 0; p < required.length; p++) {
            for (int x : required[p]) {
                out.add(new String[] {d.productIds[p], d.productIds[x]});
            }
        }
        return out;
    }
}
