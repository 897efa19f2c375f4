package org.rapport.offers;

import org.rapport.store.RapportStore;

/**
 * What the responses to offers sent teach the arbitration (docs/offers.md, "Learning from
 * responses"): per candidate source &times; product, a Beta-binomial posterior of the take-up. The
 * prior is Beta(K p&#772;, K (1 &minus; p&#772;)) with p&#772; the mean calibrated propensity of the offers
 * of that cell when they were sent and K = {@value #PRIOR_OFFERS} pseudo-offers; after a accepted of n
 * responses the posterior mean is (K p&#772; + a) / (K + n). The next arbitration multiplies the
 * calibrated propensity of the cell's offers by posterior mean / p&#772;: towards the realised take-up,
 * more so the more responses there are.
 */
final class ResponseLearning {
    /** Nothing learned (back-tests: the engine must not see later responses). */
    static final ResponseLearning NONE = new ResponseLearning(null, null, null, 0);
    /** Strength of the prior, in offers: as much as 20 responses. */
    static final double PRIOR_OFFERS = 20;

    private final double[] factor;
    private final double[] prior;
    private final long[] responses;
    private final int products;

    private ResponseLearning(double[] factor, double[] prior, long[] responses, int products) {
        this.factor = factor;
        this.prior = prior;
        this.responses = responses;
        this.products = products;
    }

    /**
     * Reads the responses recorded in {@code offer_history} for the offers of known source and propensity.
     *
     * @param store the store
     * @param d the engine's data (product numbering)
     * @return what was learned, {@link #NONE} without responses
     */
    static ResponseLearning load(RapportStore store, OfferData d) {
        if (!OfferData.tableExists(store, "offer_history")) {
            return NONE;
        }
        int np = d.products();
        int ns = CandidateSource.NAMES.length;
        double[] factor = new double[ns * np];
        double[] prior = new double[ns * np];
        long[] responses = new long[ns * np];
        java.util.Arrays.fill(factor, 1.0);
        long[] any = {0};
        store.stream("SELECT source, product_id, count(*), sum(CASE WHEN response = 'accepted' THEN 1 ELSE 0 END), avg(propensity) "
                + "FROM offer_history WHERE response IS NOT NULL AND source IS NOT NULL AND propensity > 0 GROUP BY 1, 2",
                rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getDouble(5)}, r -> {
                    int src = java.util.Arrays.asList(CandidateSource.NAMES).indexOf((String) r[0]);
                    Integer p = d.productIndex.get((String) r[1]);
                    if (src <= 0 || p == null) {
                        return;
                    }
                    int i = src * np + p;
                    double pbar = (Double) r[4];
                    long n = (Long) r[2];
                    double posterior = (PRIOR_OFFERS * pbar + (Long) r[3]) / (PRIOR_OFFERS + n);
                    factor[i] = posterior / pbar;
                    prior[i] = pbar;
                    responses[i] = n;
                    any[0] += n;
                });
        return any[0] == 0 ? NONE : new ResponseLearning(factor, prior, responses, np);
    }

    /**
     * @param source a source code
     * @param product a product
     * @param calibrated the calibrated propensity
     * @return the propensity after the responses, at most 0.99
     */
    double apply(byte source, int product, double calibrated) {
        return factor == null ? calibrated : Math.min(0.99, calibrated * factor[source * products + product]);
    }

    /** @return the posterior mean take-up of a cell, or NaN without responses */
    double posterior(int source, int product) {
        if (factor == null || responses[source * products + product] == 0) {
            return Double.NaN;
        }
        int i = source * products + product;
        return prior[i] * factor[i];
    }

    /** @return the responses of a cell */
    long responses(int source, int product) {
        return factor == null ? 0 : responses[source * products + product];
    }
}
