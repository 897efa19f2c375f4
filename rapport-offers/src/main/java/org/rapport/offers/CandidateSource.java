package org.rapport.offers;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * One source of candidate offers (docs/offers.md, "Candidate sources"): it proposes products with a
 * propensity for a customer from its mined rules, and explains its proposal with a reason citing the
 * customer's own data. Mining lives with the source where it is a separate pass (life events, trusted
 * circle); upgrade, co-purchase and favourite counts share one pass over the histories in {@link Rules}.
 */
interface CandidateSource {
    byte UPGRADE = 1;
    byte CO_PURCHASE = 2;
    byte LIFE_EVENT = 3;
    byte TRUSTED_CIRCLE = 4;
    byte SEGMENT_FAVOURITE = 5;
    /** Source names by code (index 0 unused). */
    String[] NAMES = {null, "upgrade", "co_purchase", "life_event", "trusted_circle", "segment_favourite"};

    /**
     * Proposes the source's products for customer {@code c}.
     *
     * @param c the customer index
     * @param s the candidate space
     * @param excluded products not for the customer's segment, or null
     */
    void propose(int c, Candidates s, boolean[] excluded);

    /**
     * Appends why product {@code p} is offered, when this source gave it its reason.
     *
     * @param c the customer index
     * @param p the product
     * @param s the candidate space (the source's argument and confidence for p)
     * @param r receives the text
     */
    void reason(int c, int p, Candidates s, StringBuilder r);

    /**
     * @param d the data
     * @param c a customer index
     * @param p a product the customer owns
     * @return the day of the customer's first purchase of it, or null
     */
    static LocalDate ownedDate(OfferData d, int c, int p) {
        int i = Arrays.binarySearch(d.ownedProduct, d.ownedStart[c], d.ownedStart[c + 1], p);
        return i >= 0 ? LocalDate.ofEpochDay(d.ownedDay[i]) : null;
    }

    /**
     * @param d the data
     * @param c a customer index
     * @param p a product
     * @return whether the customer owns it
     */
    static boolean owns(OfferData d, int c, int p) {
        return Arrays.binarySearch(d.ownedProduct, d.ownedStart[c], d.ownedStart[c + 1], p) >= 0;
    }
}
