package org.rapport.model.retention;

import java.util.List;
import org.apache.commons.numbers.gamma.LogBeta;
import org.rapport.model.ModelException;
import org.rapport.model.data.RetentionSeries;
import org.rapport.model.fit.LogLikelihood;
import org.rapport.model.fit.ModelFamily;
import org.rapport.model.special.Hyp2F1;

/**
 * The shifted-beta-geometric (sBG) model of contract duration, Fader &amp; Hardie (2007), "How to project
 * customer retention", Journal of Interactive Marketing 21(1), 76-90.
 *
 * <p>At the end of each period an active customer churns with probability &theta;, constant over time
 * for that customer (shifted geometric duration); &theta; ~ Beta(&alpha;, &beta;) across customers. The
 * aggregate retention rate therefore rises over time as the churn-prone leave (the sorting effect).
 * T is the period at the end of which a customer churns; S(t) = P(T &gt; t) is the share of the cohort
 * that has renewed t times.
 *
 * <ul>
 * <li>P(T = t) = B(&alpha;+1, &beta;+t-1)/B(&alpha;, &beta;), t = 1, 2, ... (equations (6)/(7) of the paper).</li>
 * <li>S(t) = B(&alpha;, &beta;+t)/B(&alpha;, &beta;).</li>
 * <li>Retention rate r(t) = S(t)/S(t-1) = (&beta;+t-1)/(&alpha;+&beta;+t-1) (equation (8)).</li>
 * <li>Log-likelihood of a cohort with n<sub>t</sub> churners in period t = 1..k and active(k) survivors
 *     (appendix B, equation (B3)): &Sigma;<sub>t</sub> n<sub>t</sub> ln P(T = t) + active(k) ln S(k).</li>
 * <li>DERL, the discounted expected residual lifetime of a customer who has renewed n times (Fader &amp;
 *     Hardie 2010, "Customer-base valuation in a contractual setting: the perils of ignoring
 *     heterogeneity", Marketing Science 29(1), 85-93): (&beta;+n)/(&alpha;+&beta;+n) &middot;
 *     2F1(1, &beta;+n+1; &alpha;+&beta;+n+1; 1/(1+d)).</li>
 * </ul>
 *
 * <p>On the paper's data (1,000 customers, years 0..7) the estimates are &alpha; = 0.704, &beta; = 1.182 for
 * the "regular" segment and &alpha; = 0.668, &beta; = 3.806 for the "high end" segment.
 */
public final class ShiftedBetaGeometric {
    /** The family, for {@link org.rapport.model.fit.MaximumLikelihood#fit}. */
    public static final ModelFamily<RetentionSeries, ShiftedBetaGeometric> FAMILY = new Family();

    private final double alpha;
    private final double beta;
    private final double logBetaAB;

    private ShiftedBetaGeometric(double alpha, double beta) {
        this.alpha = alpha;
        this.beta = beta;
        this.logBetaAB = LogBeta.value(alpha, beta);
    }

    /**
     * @param alpha first shape of the churn-probability beta
     * @param beta second shape of the churn-probability beta
     * @return the model
     * @throws ModelException if a parameter is not finite and positive
     */
    public static ShiftedBetaGeometric of(double alpha, double beta) {
        return new ShiftedBetaGeometric(ModelException.checkPositive("alpha", alpha),
                ModelException.checkPositive("beta", beta));
    }

    /** @return {@code sbg} */
    public String name() {
        return "sbg";
    }

    /** @return {alpha, beta} */
    public double[] parameters() {
        return new double[] {alpha, beta};
    }

    /**
     * @param t a period, &ge; 1
     * @return P(T = t) = B(&alpha;+1, &beta;+t-1)/B(&alpha;, &beta;), the probability that a new customer churns at the end of period t
     */
    public double churnProbability(int t) {
        checkPeriod(t, 1);
        return Math.exp(LogBeta.value(alpha + 1, beta + t - 1) - logBetaAB);
    }

    /**
     * @param t a number of renewals, &ge; 0
     * @return S(t) = B(&alpha;, &beta;+t)/B(&alpha;, &beta;), the probability that a new customer renews at least t times
     */
    public double survival(int t) {
        checkPeriod(t, 0);
        return Math.exp(LogBeta.value(alpha, beta + t) - logBetaAB);
    }

    /**
     * Equation (8).
     *
     * @param t a period, &ge; 1
     * @return r(t) = (&beta;+t-1)/(&alpha;+&beta;+t-1), the share of the customers active in period t who renew at its end
     */
    public double retentionRate(int t) {
        checkPeriod(t, 1);
        return (beta + t - 1) / (alpha + beta + t - 1);
    }

    /**
     * @param cohortSize the number of customers at period 0
     * @param lastPeriod the last period to project, &ge; 0
     * @return the expected active customers cohortSize &middot; S(t) for t = 0..lastPeriod
     */
    public double[] projectedActive(double cohortSize, int lastPeriod) {
        ModelException.checkNonNegative("cohortSize", cohortSize);
        checkPeriod(lastPeriod, 0);
        double[] out = new double[lastPeriod + 1];
        double s = 1;
        out[0] = cohortSize;
        for (int t = 1; t <= lastPeriod; t++) {
            s *= retentionRate(t);
            out[t] = cohortSize * s;
        }
        return out;
    }

    /**
     * The discounted expected residual lifetime of a customer who has renewed n times, in periods, valued
     * just before their next renewal decision: &Sigma;<sub>t&gt;n</sub> S(t)/S(n) / (1+d)<sup>t-n-1</sup>, so the
     * (n+1)-th renewal counts undiscounted. Closed form (Fader &amp; Hardie 2010, with their n - 1 renewals
     * written here as n): (&beta;+n)/(&alpha;+&beta;+n) &middot; 2F1(1, &beta;+n+1; &alpha;+&beta;+n+1; 1/(1+d)).
     * Multiply by the payment per period to get the residual value of the customer.
     *
     * @param d the discount rate per period, &gt; 0
     * @param n renewals made so far, &ge; 0
     * @return DERL(d | &alpha;, &beta;, n renewals)
     */
    public double discountedExpectedResidualLifetime(double d, int n) {
        ModelException.checkPositive("d", d);
        checkPeriod(n, 0);
        return (beta + n) / (alpha + beta + n) * Hyp2F1.value(1, beta + n + 1, alpha + beta + n + 1, 1 / (1 + d));
    }

    /**
     * Equation (B3).
     *
     * @param data a cohort's retention series
     * @return its log-likelihood under this model
     */
    public double logLikelihood(RetentionSeries data) {
        return logLikelihood(alpha, beta, data, null);
    }

    @Override
    public String toString() {
        return "ShiftedBetaGeometric[alpha=" + alpha + ", beta=" + beta + "]";
    }

    private static void checkPeriod(int t, int min) {
        if (t < min) {
            throw new ModelException(min == 0 ? ModelException.NEGATIVE : ModelException.NOT_STRICTLY_POSITIVE,
                    "t", t);
        }
    }

    /**
     * Equation (B3) with its gradient: d ln P(T=t)/d&alpha; = 1/&alpha; + &psi;(&alpha;+&beta;) - &psi;(&alpha;+&beta;+t),
     * d ln P(T=t)/d&beta; = &psi;(&beta;+t-1) - &psi;(&alpha;+&beta;+t) - &psi;(&beta;) + &psi;(&alpha;+&beta;),
     * d ln S(t)/d&alpha; = &psi;(&alpha;+&beta;) - &psi;(&alpha;+&beta;+t), d ln S(t)/d&beta; = &psi;(&beta;+t) - &psi;(&alpha;+&beta;+t) - &psi;(&beta;) + &psi;(&alpha;+&beta;).
     */
    static double logLikelihood(double alpha, double beta, RetentionSeries data, double[] g) {
        // The cohort as rows: those lost at decision t made t - 1 renewals; the survivors of the last period run.
        int k = data.periods();
        int[] renewals = new int[k + 1];
        boolean[] lapsed = new boolean[k + 1];
        double[] count = new double[k + 1];
        for (int t = 1; t <= k; t++) {
            renewals[t - 1] = t - 1;
            lapsed[t - 1] = true;
            count[t - 1] = data.churned(t);
        }
        renewals[k] = k;
        count[k] = data.active(k);
        return RenewalHistory.logLikelihood(alpha, beta, renewals, lapsed, count, g);
    }

    private static final class Family implements ModelFamily<RetentionSeries, ShiftedBetaGeometric> {
        @Override
        public String name() {
            return "sbg";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("alpha", "beta");
        }

        @Override
        public ShiftedBetaGeometric create(double[] p) {
            return of(p[0], p[1]);
        }

        /**
         * Rejects series that cannot identify &alpha; and &beta;: fewer than two renewal periods (one period only
         * identifies the mean churn probability &alpha;/(&alpha;+&beta;)), no churn at all (the maximum is at &theta; = 0),
         * or churn in a single period only (the maximum is at the boundary &alpha;, &beta; &rarr; 0).
         */
        @Override
        public LogLikelihood logLikelihood(RetentionSeries data) {
            int k = data.periods();
            if (k < 2) {
                throw new ModelException(ModelException.DEGENERATE, name(), "need at least 3 values (2 renewal "
                        + "periods) to separate alpha and beta, got " + (k + 1));
            }
            int churnPeriods = 0;
            int last = 0;
            for (int t = 1; t <= k; t++) {
                if (data.churned(t) > 0) {
                    churnPeriods++;
                    last = t;
                }
            }
            if (churnPeriods == 0) {
                throw new ModelException(ModelException.DEGENERATE, name(), "no customer churned in " + k
                        + " periods, so the churn probability is 0 and its heterogeneity cannot be estimated");
            }
            if (churnPeriods == 1) {
                throw new ModelException(ModelException.DEGENERATE, name(), "customers churned in period " + last
                        + " only, so the heterogeneity of the churn probability cannot be estimated");
            }
            return (p, g) -> ShiftedBetaGeometric.logLikelihood(p[0], p[1], data, g);
        }

        /** The first start matches the first period's churn share (&alpha;/(&alpha;+&beta;) = n<sub>1</sub>/n) with &alpha; = 1. */
        @Override
        public List<double[]> startingValues(RetentionSeries data) {
            double m = Math.min(Math.max(data.churned(1) / data.cohortSize(), 0.01), 0.99);
            return List.of(new double[] {1, (1 - m) / m}, new double[] {1, 1}, new double[] {0.5, 3},
                    new double[] {10, 10});
        }

        @Override
        public double observations(RetentionSeries data) {
            return data.cohortSize();
        }

        @Override
        public int distinctRows(RetentionSeries data) {
            return data.periods() + 1;
        }
    }
}
