package org.rapport.simulator;

/**
 * Receives the rows of one chunk as primitives: indices into the {@link PlantedWorld}'s lists and
 * epoch days. One implementation formats CSV bytes, the other builds {@link World} records; both see
 * the same calls, so the in-memory world equals the files.
 */
interface RowSink {
    /** No dropout date. */
    int NO_DAY = Integer.MIN_VALUE;
    /** No survey wallet. */
    long NO_WALLET = -1;

    void transaction(long customerId, int day, long cents, long orderId, int product, int quantity, int channel);

    void customer(long customerId, int birthDay, int region, long householdId, int acquisitionChannel,
                  int acquisitionDay, long surveyWalletCents, int[] needs);

    void lifeEvent(long customerId, int day, int type);

    void interaction(long customerId, int day, int touchpoint, int rating);

    void feedback(long customerId, int day, int topic, int text, int rating);

    /** @param relation 0 partner, 1 family */
    void householdLink(long customerId, long relatedCustomerId, int relation);

    void truth(CustomerTruthRow t);

    /**
     * @param probability acquisition probability in ten-thousandths
     * @param costCents acquisition cost in cents
     */
    void prospect(long prospectId, int channel, int region, int segment, long probability, long costCents);

    /** The hidden truth of one customer, reused by the generator for every customer of a chunk. */
    final class CustomerTruthRow {
        long customerId;
        int segment;
        double lambda;
        double dropoutProbability;
        double nu;
        double expectedOrderValue;
        double trueWallet;
        double trueShare;
        boolean aliveAtCalibrationEnd;
        boolean aliveAtEnd;
        int dropoutDay;
        int ordersCalibration;
        int ordersHoldout;
    }
}
