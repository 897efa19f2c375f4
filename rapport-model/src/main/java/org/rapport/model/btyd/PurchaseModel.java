package org.rapport.model.btyd;

/**
 * A fitted buy-till-you-die model of the number of purchases: what a customer is likely to do next,
 * given their history summarised as {@code (x, t_x, T)}.
 *
 * <p>Time is in the unit the model was fitted in (weeks for the papers' CDNOW numbers). For the
 * discrete-time BG/BB model, {@code t_x}, {@code T} and {@code t} count transaction opportunities.
 * Implementations are immutable and thread-safe.
 */
public interface PurchaseModel {
    /** @return the family name, e.g. {@code bgnbd} */
    String name();

    /** @return the parameters, in the family's order */
    double[] parameters();

    /**
     * @param t a length of time from the first purchase
     * @return E[X(t)], the expected number of repeat purchases of a new customer in (0, t]
     */
    double expectedPurchases(double t);

    /**
     * @param t the length of the future period
     * @param x repeat purchases in the calibration period
     * @param tx recency
     * @param bigT length of observation
     * @return E[Y(t) | x, t_x, T], expected purchases in (T, T + t]
     */
    double conditionalExpectedPurchases(double t, double x, double tx, double bigT);

    /**
     * @param x repeat purchases
     * @param tx recency
     * @param bigT length of observation
     * @return the probability that the customer is still alive at T
     */
    double probabilityAlive(double x, double tx, double bigT);

    /**
     * @param n a number of purchases
     * @param t a length of time
     * @return P(X(t) = n) for a new customer
     */
    double probabilityOfPurchases(int n, double t);

    /**
     * @param x repeat purchases
     * @param tx recency
     * @param bigT length of observation
     * @return the log-likelihood of one customer's history
     */
    double logLikelihood(double x, double tx, double bigT);
}
