package org.rapport.model.btyd;

import org.rapport.model.ModelException;

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
     * E[Y(t) | x, T, alive at T]: the expected purchases in (T, T + t] of a customer known to be alive at T.
     *
     * <p><b>Why t<sub>x</sub> drops out.</b> In every buy-till-you-die model a customer alive at T has been
     * alive over all of (0, T], so the joint likelihood of the history and of "alive at T" given the latent
     * rates is that of the purchase process alone over (0, T]: for BG/NBD (1-p)<sup>x</sup> &lambda;<sup>x</sup>
     * e<sup>-&lambda;T</sup>, for MBG/NBD (1-p)<sup>x+1</sup> &lambda;<sup>x</sup> e<sup>-&lambda;T</sup>, for
     * Pareto/NBD &lambda;<sup>x</sup> e<sup>-(&lambda;+&mu;)T</sup>, for BG/BB p<sup>x</sup>(1-p)<sup>n-x</sup>(1-&theta;)<sup>n</sup>.
     * t<sub>x</sub> enters the likelihood only through the terms for a customer who dropped out after the last
     * purchase. So the posterior of the latent rates given the history and "alive" depends on (x, T) only,
     * and so does the future of a live customer, the processes being memoryless. A dead customer buys
     * nothing, hence
     * <pre>
     *   E[Y(t) | x, t<sub>x</sub>, T] = P(alive | x, t<sub>x</sub>, T) &middot; g(t; x, T),
     *   g(t; x, T) = E[Y(t) | x, t*, T] / P(alive | x, t*, T)   for any valid t*.
     * </pre>
     * The default takes t* = T for x &gt; 0 (then P(alive) is far from 0: 1/(1 + a/(b+x-1)) for BG/NBD) and
     * t* = 0 for x = 0, the only valid recency. Batch scoring ({@link org.rapport.model.value.Clv},
     * {@link org.rapport.model.value.CustomerScorer}) uses this to compute the costly horizon sums once per
     * distinct (x, T) instead of once per distinct (x, t<sub>x</sub>, T). A model may override this with a
     * direct formula.
     *
     * @param t the length of the future period
     * @param x repeat purchases
     * @param bigT length of observation
     * @return g(t; x, T) = E[Y(t) | x, T, alive at T]
     * @throws ModelException if the statistics are invalid, or P(alive | x, t*, T) is 0 in floating point
     */
    default double expectedPurchasesIfAlive(double t, double x, double bigT) {
        double tx = x == 0 ? 0 : bigT;
        double ey = conditionalExpectedPurchases(t, x, tx, bigT);
        double alive = probabilityAlive(x, tx, bigT);
        if (!(alive > 0)) {
            throw new ModelException("the %s model gives P(alive) = %s for x = %s, t_x = %s, T = %s: cannot"
                    + " condition on being alive", name(), alive, x, tx, bigT);
        }
        return ey / alive;
    }

    /**
     * @param n a number of purchases
     * @param t a length of time
     * @return P(X(t) = n) for a new customer
     */
    double probabilityOfPurchases(int n, double t);

    /**
     * ln P(Y(t) = k | x, t<sub>x</sub>, T): the log-probability that the customer makes exactly k purchases
     * in (T, T + t], the conditional count distribution whose mean is
     * {@link #conditionalExpectedPurchases}. The pipeline scores a holdout period with it.
     *
     * @param k a number of purchases, &ge; 0
     * @param t the length of the future period, &ge; 0
     * @param x repeat purchases
     * @param tx recency
     * @param bigT length of observation
     * @return ln P(Y(t) = k | x, t<sub>x</sub>, T), &minus;Infinity for an impossible count
     * @throws UnsupportedOperationException if the model has none (BG/BB)
     */
    default double logConditionalProbabilityOfPurchases(int k, double t, double x, double tx, double bigT) {
        throw new UnsupportedOperationException("the " + name() + " model has no conditional count distribution");
    }

    /**
     * @param x repeat purchases
     * @param tx recency
     * @param bigT length of observation
     * @return the log-likelihood of one customer's history
     */
    double logLikelihood(double x, double tx, double bigT);
}
