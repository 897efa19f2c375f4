package org.rapport.model.btyd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.GammaRatio;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;
import org.rapport.model.ModelException;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.LogLikelihood;
import org.rapport.model.fit.ModelFamily;
import org.rapport.model.special.Hyp2F1;

/**
 * The BG/BB (beta-geometric/beta-Bernoulli) model of Fader, Hardie &amp; Shang (2010), "Customer-base
 * analysis in a discrete-time noncontractual setting", Marketing Science 29(6), 1086-1108.
 *
 * <p>Time is discrete: after the first transaction (time 0, not counted) a customer has transaction
 * opportunities 1, 2, .... While alive, they transact at each opportunity with probability
 * p ~ Beta(&alpha;, &beta;); at the start of each opportunity an alive customer dies with probability
 * &theta; ~ Beta(&gamma;, &delta;), for good. A customer's history over n opportunities is summarised by
 * x (transactions), t<sub>x</sub> (the opportunity of the last one; 0 if x = 0) and n. In the
 * {@link PurchaseModel} methods {@code tx} is t<sub>x</sub>, {@code bigT} is n and {@code t} is a number
 * of future opportunities n*; all must be whole numbers, with x &le; t<sub>x</sub> &le; n.
 *
 * <ul>
 * <li>Likelihood, the paper's equation (5):
 *     L = B(&alpha;+x, &beta;+n-x)/B(&alpha;, &beta;) &middot; B(&gamma;, &delta;+n)/B(&gamma;, &delta;)
 *     + &Sigma;<sub>i=0</sub><sup>n-t<sub>x</sub>-1</sup> B(&alpha;+x, &beta;+t<sub>x</sub>-x+i)/B(&alpha;, &beta;)
 *     &middot; B(&gamma;+1, &delta;+t<sub>x</sub>+i)/B(&gamma;, &delta;).</li>
 * <li>P(X(n) = x), equation (7); E[X(n)], equation (8); P(alive at n+1 | x, t<sub>x</sub>, n), equation (11);
 *     E[X(n, n+n*) | x, t<sub>x</sub>, n], equation (13); DERT, the discounted expected residual
 *     transactions (the paper's DERT expression, with 2F1).</li>
 * </ul>
 *
 * <p>The expectations are sums of the survival probabilities B(&gamma;, &delta;+i)/B(&gamma;, &delta;), which telescope
 * to the paper's closed forms with a factor &delta;/(&gamma;-1); within 1e-3 of &gamma; = 1 the sum is taken
 * term by term instead, so there is no 0/0.
 *
 * <p>On the donations data (11,104 donors, 6 annual opportunities) the paper reports &alpha; = 1.204,
 * &beta; = 0.750, &gamma; = 0.657, &delta; = 2.783, LL = -33,225.6.
 */
public final class BgBb implements PurchaseModel {
    /** The family, for {@link org.rapport.model.fit.MaximumLikelihood#fit}; data rows are (x, t_x, n). */
    public static final ModelFamily<RfmTable, BgBb> FAMILY = new Family();

    /** Template: more transactions than opportunities up to the last one. */
    static final String X_AFTER_TX = "x = %s transactions cannot fit in t_x = %s opportunities";
    /** Template: a last transaction after the last opportunity. */
    static final String TX_AFTER_N = "t_x = %s is greater than n = %s";
    private static final double GAMMA_NEAR_ONE = 1e-3;

    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double delta;
    private final double logBetaAB;
    private final double logBetaGD;

    private BgBb(double alpha, double beta, double gamma, double delta) {
        this.alpha = alpha;
        this.beta = beta;
        this.gamma = gamma;
        this.delta = delta;
        this.logBetaAB = LogBeta.value(alpha, beta);
        this.logBetaGD = LogBeta.value(gamma, delta);
    }

    /**
     * @param alpha first shape of the transaction-probability beta
     * @param beta second shape of the transaction-probability beta
     * @param gamma first shape of the dropout-probability beta
     * @param delta second shape of the dropout-probability beta
     * @return the model
     * @throws ModelException if a parameter is not finite and positive
     */
    public static BgBb of(double alpha, double beta, double gamma, double delta) {
        return new BgBb(ModelException.checkPositive("alpha", alpha), ModelException.checkPositive("beta", beta),
                ModelException.checkPositive("gamma", gamma), ModelException.checkPositive("delta", delta));
    }

    /**
     * Checks one discrete-time history.
     *
     * @param x transactions, a whole number
     * @param tx the opportunity of the last transaction, a whole number, x &le; t<sub>x</sub>, 0 if x = 0
     * @param n the number of opportunities, a whole number &ge; t<sub>x</sub>
     * @throws ModelException naming the field that is wrong
     */
    public static void check(double x, double tx, double n) {
        ModelException.checkNonNegative("x", x);
        ModelException.checkNonNegative("t_x", tx);
        ModelException.checkNonNegative("n", n);
        if (tx > n) {
            throw new ModelException(TX_AFTER_N, fmt(tx), fmt(n));
        }
        RfmTable.check(x, tx, n);
        checkWhole("t_x", tx);
        checkWhole("n", n);
        if (x > tx) {
            throw new ModelException(X_AFTER_TX, fmt(x), fmt(tx));
        }
    }

    @Override
    public String name() {
        return "bgbb";
    }

    @Override
    public double[] parameters() {
        return new double[] {alpha, beta, gamma, delta};
    }

    /**
     * Equation (8): E[X(n)] = &alpha;/(&alpha;+&beta;) &middot; &delta;/(&gamma;-1) [1 - &Gamma;(&gamma;+&delta;)/&Gamma;(1+&delta;) &middot; &Gamma;(1+&delta;+n)/&Gamma;(&gamma;+&delta;+n)],
     * the expected number of transactions of a new customer in the first n opportunities.
     *
     * @param t the number of opportunities n, a whole number
     */
    @Override
    public double expectedPurchases(double t) {
        checkWhole("n", ModelException.checkNonNegative("n", t));
        return alpha / (alpha + beta) * aliveSum(0, (long) t);
    }

    /**
     * Equation (13): E[X(n, n+n*) | x, t<sub>x</sub>, n] = 1/L &middot; B(&alpha;+x+1, &beta;+n-x)/B(&alpha;, &beta;)
     * &middot; &delta;/(&gamma;-1) &middot; &Gamma;(&gamma;+&delta;)/&Gamma;(1+&delta;) [&Gamma;(1+&delta;+n)/&Gamma;(&gamma;+&delta;+n) - &Gamma;(1+&delta;+n+n*)/&Gamma;(&gamma;+&delta;+n+n*)],
     * the expected transactions in the next n* opportunities.
     *
     * @param t the number of future opportunities n*, a whole number
     */
    @Override
    public double conditionalExpectedPurchases(double t, double x, double tx, double bigT) {
        check(x, tx, bigT);
        checkWhole("n*", ModelException.checkNonNegative("n*", t));
        long n = (long) bigT;
        double logFirst = LogBeta.value(alpha + x + 1, beta + bigT - x) - logBetaAB - logL(x, tx, bigT);
        return Math.exp(logFirst) * aliveSum(n, n + (long) t);
    }

    /**
     * P(alive at opportunity n | x, t<sub>x</sub>, n): the customer survived the dropout toss at the start of
     * the last observed opportunity. For the paper's equation (11), alive at n + 1, use
     * {@link #probabilityAliveAt(int, double, double, double)} with m = 1.
     */
    @Override
    public double probabilityAlive(double x, double tx, double bigT) {
        return probabilityAliveAt(0, x, tx, bigT);
    }

    /**
     * Equation (11) generalised: P(alive at n+m | x, t<sub>x</sub>, n) =
     * B(&alpha;+x, &beta;+n-x)/B(&alpha;, &beta;) &middot; B(&gamma;, &delta;+n+m)/B(&gamma;, &delta;) / L.
     *
     * @param m opportunities ahead, &ge; 0; m = 1 is the paper's equation (11)
     * @param x transactions
     * @param tx the opportunity of the last transaction
     * @param n the number of opportunities observed
     * @return the probability that the customer is alive at opportunity n + m
     */
    public double probabilityAliveAt(int m, double x, double tx, double n) {
        check(x, tx, n);
        ModelException.checkNonNegative("m", m);
        return Math.exp(LogBeta.value(alpha + x, beta + n - x) - logBetaAB
                + LogBeta.value(gamma, delta + n + m) - logBetaGD - logL(x, tx, n));
    }

    /**
     * Equation (7): P(X(n) = x) = C(n, x) B(&alpha;+x, &beta;+n-x)/B(&alpha;, &beta;) &middot; B(&gamma;, &delta;+n)/B(&gamma;, &delta;)
     * + &Sigma;<sub>i=x</sub><sup>n-1</sup> C(i, x) B(&alpha;+x, &beta;+i-x)/B(&alpha;, &beta;) &middot; B(&gamma;+1, &delta;+i)/B(&gamma;, &delta;).
     *
     * @param k the number of transactions x
     * @param t the number of opportunities n, a whole number
     */
    @Override
    public double probabilityOfPurchases(int k, double t) {
        ModelException.checkNonNegative("x", k);
        checkWhole("n", ModelException.checkNonNegative("n", t));
        int n = (int) t;
        if (k > n) {
            return 0;
        }
        double p = Math.exp(logChoose(n, k) + LogBeta.value(alpha + k, beta + n - k) - logBetaAB
                + LogBeta.value(gamma, delta + n) - logBetaGD);
        for (int i = k; i < n; i++) {
            p += Math.exp(logChoose(i, k) + LogBeta.value(alpha + k, beta + i - k) - logBetaAB
                    + LogBeta.value(gamma + 1, delta + i) - logBetaGD);
        }
        return p;
    }

    /**
     * Discounted expected residual transactions (Fader, Hardie &amp; Shang 2010, DERT):
     * DERT(d | x, t<sub>x</sub>, n) = &Sigma;<sub>t&gt;n</sub> E[transaction at t | x, t<sub>x</sub>, n] / (1+d)<sup>t-n</sup>
     * = B(&alpha;+x+1, &beta;+n-x)/B(&alpha;, &beta;) &middot; B(&gamma;, &delta;+n+1)/((1+d) B(&gamma;, &delta;))
     * &middot; 2F1(1, &delta;+n+1; &gamma;+&delta;+n+1; 1/(1+d)) / L. Opportunity n+1 is discounted by one period.
     *
     * @param d the discount rate per opportunity, &gt; 0
     * @param x transactions
     * @param tx the opportunity of the last transaction
     * @param n the number of opportunities observed
     * @return the discounted expected number of future transactions
     */
    public double discountedExpectedResidualTransactions(double d, double x, double tx, double n) {
        check(x, tx, n);
        ModelException.checkPositive("d", d);
        double log = LogBeta.value(alpha + x + 1, beta + n - x) - logBetaAB
                + LogBeta.value(gamma, delta + n + 1) - logBetaGD - Math.log1p(d) - logL(x, tx, n);
        return Math.exp(log) * Hyp2F1.value(1, delta + n + 1, gamma + delta + n + 1, 1 / (1 + d));
    }

    /** The log of equation (5) for one history. */
    @Override
    public double logLikelihood(double x, double tx, double bigT) {
        check(x, tx, bigT);
        return logL(x, tx, bigT);
    }

    @Override
    public String toString() {
        return "BgBb[alpha=" + alpha + ", beta=" + beta + ", gamma=" + gamma + ", delta=" + delta + "]";
    }

    private double logL(double x, double tx, double n) {
        double ab = LogBeta.value(alpha + x, beta + n - x) - logBetaAB;
        double logA = ab + LogBeta.value(gamma, delta + n) - logBetaGD;
        int terms = (int) (n - tx);
        double[] logB = new double[terms + 1];
        logB[0] = logA;
        double m = logA;
        for (int i = 0; i < terms; i++) {
            logB[i + 1] = LogBeta.value(alpha + x, beta + tx - x + i) - logBetaAB
                    + LogBeta.value(gamma + 1, delta + tx + i) - logBetaGD;
            m = Math.max(m, logB[i + 1]);
        }
        double s = 0;
        for (double v : logB) {
            s += Math.exp(v - m);
        }
        return m + Math.log(s);
    }

    /**
     * &Sigma;<sub>i=n0+1</sub><sup>n1</sup> B(&gamma;, &delta;+i)/B(&gamma;, &delta;), the expected number of opportunities in
     * (n0, n1] at which a new customer is alive. Telescopes to
     * &delta;/(&gamma;-1) &Gamma;(&gamma;+&delta;)/&Gamma;(1+&delta;) [h(n0) - h(n1)] with h(i) = &Gamma;(1+&delta;+i)/&Gamma;(&gamma;+&delta;+i).
     */
    private double aliveSum(long n0, long n1) {
        if (n1 <= n0) {
            return 0;
        }
        if (Math.abs(gamma - 1) < GAMMA_NEAR_ONE) {
            double s = 0;
            for (long i = n0 + 1; i <= n1; i++) {
                s += Math.exp(LogBeta.value(gamma, delta + i) - logBetaGD);
            }
            return s;
        }
        double h0 = GammaRatio.delta(1 + delta + n0, gamma - 1);
        double h1 = GammaRatio.delta(1 + delta + n1, gamma - 1);
        // Gamma(gamma+delta)/Gamma(delta) = 1 / GammaRatio.delta(delta, gamma)
        return (h0 - h1) / ((gamma - 1) * GammaRatio.delta(delta, gamma));
    }

    private static double logChoose(int n, int k) {
        return LogGamma.value(n + 1.0) - LogGamma.value(k + 1.0) - LogGamma.value(n - k + 1.0);
    }

    private static void checkWhole(String name, double v) {
        if (v != Math.rint(v)) {
            throw new ModelException(ModelException.NOT_INTEGER, name, v);
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Log-gamma and digamma values at &alpha;+k, &beta;+k, &alpha;+&beta;+k, &delta;+k and &gamma;+&delta;+k for k = 0..n<sub>max</sub>+1,
     * computed once per likelihood evaluation: every beta function in equation (5) is made of them.
     */
    private static final class Tables {
        final double[] lgA;
        final double[] lgB;
        final double[] lgAB;
        final double[] lgD;
        final double[] lgGD;
        final double lgG;
        final double lgG1;
        final double[] psiA;
        final double[] psiB;
        final double[] psiAB;
        final double[] psiD;
        final double[] psiGD;
        final double invGamma;

        Tables(double alpha, double beta, double gamma, double delta, int nMax, boolean gradient) {
            int size = nMax + 2;
            lgA = new double[size];
            lgB = new double[size];
            lgAB = new double[size];
            lgD = new double[size];
            lgGD = new double[size];
            psiA = gradient ? new double[size] : null;
            psiB = gradient ? new double[size] : null;
            psiAB = gradient ? new double[size] : null;
            psiD = gradient ? new double[size] : null;
            psiGD = gradient ? new double[size] : null;
            for (int k = 0; k < size; k++) {
                lgA[k] = LogGamma.value(alpha + k);
                lgB[k] = LogGamma.value(beta + k);
                lgAB[k] = LogGamma.value(alpha + beta + k);
                lgD[k] = LogGamma.value(delta + k);
                lgGD[k] = LogGamma.value(gamma + delta + k);
                if (gradient) {
                    psiA[k] = Digamma.value(alpha + k);
                    psiB[k] = Digamma.value(beta + k);
                    psiAB[k] = Digamma.value(alpha + beta + k);
                    psiD[k] = Digamma.value(delta + k);
                    psiGD[k] = Digamma.value(gamma + delta + k);
                }
            }
            lgG = LogGamma.value(gamma);
            lgG1 = LogGamma.value(gamma + 1);
            invGamma = 1 / gamma;
        }

        /**
         * One pattern's log-likelihood (equation (5)) times {@code w}; adds w times its gradient with respect
         * to (&alpha;, &beta;, &gamma;, &delta;) to {@code g} if not null. {@code scratch} holds at least n + 1 doubles.
         */
        double row(int x, int tx, int n, double w, double[] g, double[] scratch) {
            double lbAB = lgA[0] + lgB[0] - lgAB[0];
            double lbGD = lgG + lgD[0] - lgGD[0];
            // Term "alive at n": B(a+x, b+n-x) B(g, d+n); terms "died at the start of opportunity j+1", j = tx..n-1.
            int terms = n - tx + 1;
            double m = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < terms; i++) {
                double v;
                if (i == 0) {
                    v = lgA[x] + lgB[n - x] - lgAB[n] + lgG + lgD[n] - lgGD[n];
                } else {
                    int j = tx + i - 1;
                    v = lgA[x] + lgB[j - x] - lgAB[j] + lgG1 + lgD[j] - lgGD[j + 1];
                }
                scratch[i] = v;
                m = Math.max(m, v);
            }
            double s = 0;
            for (int i = 0; i < terms; i++) {
                scratch[i] = Math.exp(scratch[i] - m);
                s += scratch[i];
            }
            if (g != null) {
                double dA = 0;
                double dB = 0;
                double dG = 0;
                double dD = 0;
                for (int i = 0; i < terms; i++) {
                    double wi = scratch[i] / s;
                    if (i == 0) {
                        dA += wi * (psiA[x] - psiAB[n]);
                        dB += wi * (psiB[n - x] - psiAB[n]);
                        dG += wi * (psiGD[0] - psiGD[n]);
                        dD += wi * (psiD[n] - psiGD[n]);
                    } else {
                        int j = tx + i - 1;
                        dA += wi * (psiA[x] - psiAB[j]);
                        dB += wi * (psiB[j - x] - psiAB[j]);
                        dG += wi * (invGamma + psiGD[0] - psiGD[j + 1]);
                        dD += wi * (psiD[j] - psiGD[j + 1]);
                    }
                }
                g[0] += w * (dA - psiA[0] + psiAB[0]);
                g[1] += w * (dB - psiB[0] + psiAB[0]);
                g[2] += w * dG;
                g[3] += w * (dD - psiD[0] + psiGD[0]);
            }
            return w * (m + Math.log(s) - lbAB - lbGD);
        }
    }

    private static final class Family implements ModelFamily<RfmTable, BgBb> {
        @Override
        public String name() {
            return "bgbb";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("alpha", "beta", "gamma", "delta");
        }

        @Override
        public BgBb create(double[] p) {
            return of(p[0], p[1], p[2], p[3]);
        }

        @Override
        public LogLikelihood logLikelihood(RfmTable data) {
            int nMax = 0;
            for (int i = 0; i < data.size(); i++) {
                check(data.x(i), data.tx(i), data.bigT(i));
                nMax = Math.max(nMax, (int) data.bigT(i));
            }
            BtydChecks.checkFittable(name(), data);
            int size = nMax;
            int[] x = new int[data.size()];
            int[] tx = new int[data.size()];
            int[] n = new int[data.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (int) data.x(i);
                tx[i] = (int) data.tx(i);
                n[i] = (int) data.bigT(i);
            }
            return (p, g) -> {
                if (g != null) {
                    Arrays.fill(g, 0);
                }
                Tables tables = new Tables(p[0], p[1], p[2], p[3], size, g != null);
                double[] scratch = new double[size + 1];
                double ll = 0;
                for (int i = 0; i < x.length; i++) {
                    ll += tables.row(x[i], tx[i], n[i], data.count(i), g, scratch);
                }
                return ll;
            };
        }

        /**
         * (1, 1, 1, 1) is BTYD's default start; the first start matches the mean transaction rate
         * among opportunities up to t_x (&alpha;/(&alpha;+&beta;) = mean x / mean t_x) with a moderate dropout.
         */
        @Override
        public List<double[]> startingValues(RfmTable data) {
            double sx = 0;
            double stx = 0;
            for (int i = 0; i < data.size(); i++) {
                sx += data.x(i) * data.count(i);
                stx += data.tx(i) * data.count(i);
            }
            double rate = Math.min(Math.max(sx / Math.max(stx, 1e-12), 0.05), 0.95);
            List<double[]> starts = new ArrayList<>();
            starts.add(new double[] {rate * 2, (1 - rate) * 2, 1, 3});
            starts.add(new double[] {1, 1, 1, 1});
            starts.add(new double[] {0.5, 0.5, 0.5, 5});
            starts.add(new double[] {5, 5, 2, 2});
            return starts;
        }

        @Override
        public double observations(RfmTable data) {
            return data.customers();
        }

        @Override
        public int distinctRows(RfmTable data) {
            return data.size();
        }
    }
}
