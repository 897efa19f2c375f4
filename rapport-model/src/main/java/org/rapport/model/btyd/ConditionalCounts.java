package org.rapport.model.btyd;

import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.RegularizedBeta;
import org.rapport.model.ModelException;
import org.rapport.model.special.Hyp2F1;

/**
 * The distribution of a customer's purchases in a future period (T, T + t], given their history
 * (x, t<sub>x</sub>, T): P(Y(t) = k | x, t<sub>x</sub>, T), on the log scale, for BG/NBD, MBG/NBD and
 * Pareto/NBD.
 *
 * <p><b>Form.</b> A customer who is gone at T buys nothing. A customer alive at T has, in all three
 * models, the posterior of their latent rates given the history and "alive at T" (see
 * {@link PurchaseModel#expectedPurchasesIfAlive}): &lambda; ~ Gamma(r+x, &alpha;+T), and
 * p ~ Beta(a, b+x) for BG/NBD (x dropout tosses survived), p ~ Beta(a, b+x+1) for MBG/NBD (one more, at
 * time zero), &mu; ~ Gamma(s, &beta;+T) for Pareto/NBD. The processes being memoryless, their future is
 * that of a newly alive customer with these updated parameters (BG/NBD's dropout toss comes after each
 * purchase, so MBG/NBD's future is also BG/NBD-like: no toss at T). Hence
 * <pre>
 *   P(Y(t) = k | x, t<sub>x</sub>, T) = [k = 0] (1 &minus; P(alive)) + P(alive) &middot; P<sub>alive</sub>(k; t, updated parameters),
 * </pre>
 * which is the conditional PMF of Fader, Hardie &amp; Lee (2005), "Counting your customers the easy way",
 * and of Fader &amp; Hardie's notes "Deriving the conditional PMF of the BG/NBD model" and of the
 * Pareto/NBD model, written as one mixture. Its mean is the models' E[Y(t) | x, t<sub>x</sub>, T]
 * (equation (10) of the BG/NBD paper, (41) of the Pareto/NBD note), which the tests check.
 *
 * <p><b>The alive-at-start PMFs.</b> With N(t) ~ NBD(r, &alpha;, t) the purchases of a customer who never
 * leaves,
 * <ul>
 * <li>beta-geometric dropout (BG/NBD, MBG/NBD): P(k) = B(a, b+k)/B(a, b) P(N(t) = k)
 *     + [k &gt; 0] B(a+1, b+k&minus;1)/B(a, b) P(N(t) &ge; k): they survive k tosses and the process makes
 *     exactly k purchases, or they leave at the k-th toss and the process would have made at least k.
 *     P(N(t) &ge; k) = I<sub>t/(&alpha;+t)</sub>(k, r), the regularized incomplete beta function, with no
 *     1 &minus; &Sigma; cancellation.</li>
 * <li>exponential lifetime (Pareto/NBD): P(k) = P(N(t) = k) (&beta;/(&beta;+t))<sup>s</sup> + D(k), where D(k) =
 *     &Gamma;(r+k)/(&Gamma;(r) k!) &alpha;<sup>r</sup> s&beta;<sup>s</sup> &int;<sub>0</sub><sup>t</sup> u<sup>k</sup> (&alpha;+u)<sup>&minus;(r+k)</sup> (&beta;+u)<sup>&minus;(s+1)</sup> du
 *     is the probability of k purchases and death before t. Expanding the factor of the smaller scale
 *     about the larger, m = max(&alpha;, &beta;), z = |&alpha;&minus;&beta;|/m, gives a series of positive terms,
 *     <pre>
 *     D(k) = &Gamma;(r+k)/(&Gamma;(r) k!) s (&alpha;/m)<sup>r</sup> (&beta;/m)<sup>s</sup> &Sigma;<sub>j&ge;0</sub> (c)<sub>j</sub>/j! z<sup>j</sup> B(k+1, r+s+j) I<sub>w</sub>(k+1, r+s+j),
 *     </pre>
 *     c = s+1 if &alpha; &ge; &beta;, else r+k, and w = t/(m+t). (Each term is &int; u<sup>k</sup> (m+u)<sup>&minus;(r+s+k+1+j)</sup>
 *     after the substitution v = u/(m+u).) The incomplete betas follow from one another by the upward
 *     recurrence I<sub>w</sub>(a, b+1) = I<sub>w</sub>(a, b) + w<sup>a</sup>(1&minus;w)<sup>b</sup>/(b B(a, b)), which only adds positive
 *     terms. This replaces the B<sub>1</sub> &minus; &Sigma; B<sub>2</sub> difference of Fader &amp; Hardie's
 *     unconditional P(X(t) = x) note, which cancels when death before t is unlikely (the usual case
 *     for a short holdout).</li>
 * </ul>
 * Everything is summed in log space, so a probability of 1e-300 is still accurate to many digits.
 */
final class ConditionalCounts {
    /** The relative size of the remaining tail at which the Pareto/NBD series stops. */
    private static final double STOP = 1e-17;
    /** The most terms the Pareto/NBD series may take (z &gt; 0.9999, far beyond fitted models). */
    private static final int MAX_TERMS = 2_000_000;

    private ConditionalCounts() {
    }

    /**
     * @param logAlive ln P(alive | history)
     * @param logDead ln(1 &minus; P(alive | history)), computed without cancellation by the caller
     * @param k the future count
     * @param logAliveCount ln P<sub>alive</sub>(k) for a customer alive at T
     * @return ln P(Y = k | history)
     */
    static double mix(double logAlive, double logDead, int k, double logAliveCount) {
        double alive = logAlive + logAliveCount;
        return k == 0 ? logAdd(alive, logDead) : alive;
    }

    /**
     * ln P(k purchases in (0, t]) for a customer alive at 0 with beta-geometric dropout after each purchase.
     *
     * @param k count, &ge; 0
     * @param t period length, &gt; 0
     * @param r purchase-rate gamma shape
     * @param alpha purchase-rate gamma rate
     * @param a dropout beta shape
     * @param b dropout beta shape
     * @return ln P(k)
     */
    static double logBetaGeometric(int k, double t, double r, double alpha, double a, double b) {
        double logBetaAB = LogBeta.value(a, b);
        double logStay = LogBeta.value(a, b + k) - logBetaAB + logNbd(k, t, r, alpha);
        if (k == 0) {
            return logStay;
        }
        double logLeave = LogBeta.value(a + 1, b + k - 1) - logBetaAB + logRegularizedBeta(t / (alpha + t), k, r);
        return logAdd(logStay, logLeave);
    }

    /**
     * ln P(k purchases in (0, t]) for a customer alive at 0 with an exponential lifetime (Pareto/NBD).
     *
     * @param k count, &ge; 0
     * @param t period length, &gt; 0
     * @param r purchase-rate gamma shape
     * @param alpha purchase-rate gamma rate
     * @param s dropout-rate gamma shape
     * @param beta dropout-rate gamma rate
     * @return ln P(k)
     */
    static double logExponentialLifetime(int k, double t, double r, double alpha, double s, double beta) {
        double logSurvive = logNbd(k, t, r, alpha) - s * Math.log1p(t / beta);
        return logAdd(logSurvive, logDeadBefore(k, t, r, alpha, s, beta));
    }

    /** ln D(k), the series of the class comment. */
    static double logDeadBefore(int k, double t, double r, double alpha, double s, double beta) {
        double m = Math.max(alpha, beta);
        double z = Math.abs(alpha - beta) / m;
        double c = alpha >= beta ? s + 1 : r + k;
        double w = t / (m + t);
        double logW = Math.log(w);
        double log1mW = -Math.log1p(t / m);
        double aa = k + 1.0;
        double b = r + s;
        double logPre = LogGamma.value(r + k) - LogGamma.value(r) - LogGamma.value(k + 1.0) + Math.log(s)
                + r * Math.log(alpha / m) + s * Math.log(beta / m);
        double logI = logRegularizedBeta(w, aa, b);
        // ln of w^a (1-w)^b / (b B(a, b)), the step from I_w(a, b) to I_w(a, b+1).
        double logStep = aa * logW + b * log1mW - Math.log(b) - LogBeta.value(aa, b);
        double logB = LogBeta.value(aa, b);
        double logCoef = 0;
        double logZ = Math.log(z);
        double top = Double.NEGATIVE_INFINITY;
        double scaled = 0;
        for (int j = 0; j < MAX_TERMS; j++) {
            double bj = b + j;
            double term = logCoef + logB + logI;
            if (term > top) {
                scaled = scaled * Math.exp(top - term) + 1;
                top = term;
            } else {
                scaled += Math.exp(term - top);
            }
            if (z == 0) {
                return logPre + top + Math.log(scaled);
            }
            // Later ratios of terms are below q (the unregularized incomplete beta falls with b).
            double q = z * Math.max(1, (c + j + 1) / (j + 2));
            if (q < 1 && term + Math.log(q / (1 - q)) < top + Math.log(scaled * STOP)) {
                return logPre + top + Math.log(scaled);
            }
            logCoef += Math.log((c + j) / (j + 1)) + logZ;
            logB += Math.log(bj / (aa + bj));
            logI = logAdd(logI, logStep);
            logStep += Math.log((aa + bj) / (bj + 1)) + log1mW;
        }
        throw new ModelException("the Pareto/NBD count series did not converge in %d terms (alpha = %s, beta = %s)",
                MAX_TERMS, alpha, beta);
    }

    /** ln P(N(t) = k), N(t) ~ NBD(r, &alpha;, t). */
    static double logNbd(int k, double t, double r, double alpha) {
        double lg = LogGamma.value(r + k) - LogGamma.value(r) - LogGamma.value(k + 1.0);
        return lg - r * Math.log1p(t / alpha) + (k == 0 ? 0 : k * Math.log(t / (alpha + t)));
    }

    /**
     * ln I<sub>w</sub>(a, b), relatively accurate below the range of a double too: there from
     * I<sub>w</sub>(a, b) = w<sup>a</sup>(1&minus;w)<sup>b</sup>/(a B(a, b)) 2F1(a+b, 1; a+1; w) (Abramowitz &amp; Stegun 26.5.23).
     */
    static double logRegularizedBeta(double w, double a, double b) {
        double v = RegularizedBeta.value(w, a, b);
        if (v > 1e-280) {
            return Math.log(v);
        }
        return a * Math.log(w) + b * Math.log1p(-w) - Math.log(a) - LogBeta.value(a, b)
                + Hyp2F1.logValue(a + b, 1, a + 1, w);
    }

    /**
     * @param logOdds ln of the odds that the customer is gone (&minus;Infinity if alive for sure)
     * @return {ln P(alive), ln(1 &minus; P(alive))}, both without cancellation
     */
    static double[] aliveAndDead(double logOdds) {
        double log1pExp = logOdds > 0 ? logOdds + Math.log1p(Math.exp(-logOdds)) : Math.log1p(Math.exp(logOdds));
        return new double[] {-log1pExp, logOdds - log1pExp};
    }

    /**
     * @param k a count, &ge; 0
     * @param t a period length, &ge; 0
     * @return true if t = 0, when the count is 0 for sure
     * @throws ModelException if k or t is negative
     */
    static boolean emptyPeriod(int k, double t) {
        ModelException.checkNonNegative("k", k);
        ModelException.checkNonNegative("t", t);
        return t == 0;
    }

    /** ln(e<sup>p</sup> + e<sup>q</sup>). */
    static double logAdd(double p, double q) {
        double top = Math.max(p, q);
        if (top == Double.NEGATIVE_INFINITY) {
            return top;
        }
        return top + Math.log1p(Math.exp(Math.min(p, q) - top));
    }
}
