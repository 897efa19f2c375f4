package org.rapport.model.btyd;

import java.util.List;
import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;
import org.rapport.model.ModelException;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.LogLikelihood;
import org.rapport.model.fit.ModelFamily;
import org.rapport.model.fit.RowBlocks;
import org.rapport.model.special.Hyp2F1;

/**
 * The Pareto/NBD model of Schmittlein, Morrison &amp; Colombo (1987), "Counting your customers: who are
 * they and what will they do next?", Management Science 33(1), 1&ndash;24.
 *
 * <p>While alive, a customer buys as a Poisson process with rate &lambda; ~ Gamma(r, &alpha;); their
 * lifetime is exponential with rate &mu; ~ Gamma(s, &beta;), independent of &lambda;. The symbols are the
 * papers': {@code r, alpha, s, beta} and a customer's {@code x, tx, T}. Equation numbers refer to Fader &amp;
 * Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions" (FH05), unless
 * stated otherwise.
 *
 * <ul>
 * <li>Likelihood, FH05 (18)&ndash;(20): L = &Gamma;(r+x) &alpha;<sup>r</sup> &beta;<sup>s</sup>/&Gamma;(r)
 *     [(&alpha;+T)<sup>&minus;(r+x)</sup> (&beta;+T)<sup>&minus;s</sup> + s/(r+s+x) A<sub>0</sub>], both the &alpha; &ge; &beta; and
 *     &alpha; &lt; &beta; forms of A<sub>0</sub>, evaluated in log space without cancellation ({@link ParetoNbdTail}).</li>
 * <li>E[X(t)], FH05 (27): r&beta;/(&alpha;(s&minus;1)) [1 &minus; (&beta;/(&beta;+t))<sup>s&minus;1</sup>] (its limit r&beta;/&alpha; ln(1+t/&beta;) at s = 1).</li>
 * <li>P(alive | x, t<sub>x</sub>, T), FH05 (36): the first term of the likelihood bracket over the whole bracket.</li>
 * <li>E[Y(t) | x, t<sub>x</sub>, T], FH05 (41): (r+x)(&beta;+T)/((&alpha;+T)(s&minus;1)) [1 &minus; ((&beta;+T)/(&beta;+T+t))<sup>s&minus;1</sup>] P(alive).</li>
 * <li>P(X(t) = n), Fader &amp; Hardie (2006, rev. 2020), "Deriving an expression for P(X(t) = x) under the
 *     Pareto/NBD model", final expression (B<sub>1</sub> and B<sub>2</sub> in 2F1).</li>
 * </ul>
 *
 * <p>On CDNOW's 2,357-customer sample (weeks) the maximum-likelihood estimates are r = 0.553,
 * &alpha; = 10.578, s = 0.606, &beta; = 11.669, LL = &minus;9595.0 (Fader, Hardie &amp; Lee 2005, "RFM and CLV",
 * Journal of Marketing Research 42(4)).
 */
public final class ParetoNbd implements PurchaseModel {
    /** The family, for {@link org.rapport.model.fit.MaximumLikelihood#fit}. */
    public static final ModelFamily<RfmTable, ParetoNbd> FAMILY = new Family();

    private final double r;
    private final double alpha;
    private final double s;
    private final double beta;

    private ParetoNbd(double r, double alpha, double s, double beta) {
        this.r = r;
        this.alpha = alpha;
        this.s = s;
        this.beta = beta;
    }

    /**
     * @param r shape of the purchase-rate gamma
     * @param alpha scale of the purchase-rate gamma (in time units)
     * @param s shape of the dropout-rate gamma
     * @param beta scale of the dropout-rate gamma (in time units)
     * @return the model
     * @throws ModelException if a parameter is not finite and positive
     */
    public static ParetoNbd of(double r, double alpha, double s, double beta) {
        return new ParetoNbd(ModelException.checkPositive("r", r), ModelException.checkPositive("alpha", alpha),
                ModelException.checkPositive("s", s), ModelException.checkPositive("beta", beta));
    }

    @Override
    public String name() {
        return "pnbd";
    }

    @Override
    public double[] parameters() {
        return new double[] {r, alpha, s, beta};
    }

    /** FH05 (27), with 1 &minus; q<sup>s&minus;1</sup> over s &minus; 1 written through {@code expm1} so s = 1 is its limit. */
    @Override
    public double expectedPurchases(double t) {
        ModelException.checkNonNegative("t", t);
        return r / alpha * beta * powerDifference(s - 1, Math.log1p(t / beta));
    }

    /** FH05 (41). */
    @Override
    public double conditionalExpectedPurchases(double t, double x, double tx, double bigT) {
        RfmTable.check(x, tx, bigT);
        ModelException.checkNonNegative("t", t);
        if (t == 0) {
            return 0;
        }
        double perAlive = (r + x) / (alpha + bigT) * (beta + bigT) * powerDifference(s - 1, Math.log1p(t / (beta + bigT)));
        return perAlive * probabilityAlive(x, tx, bigT);
    }

    /** FH05 (36): P(alive) = [1 + s/(r+s+x) (&alpha;+T)<sup>r+x</sup> (&beta;+T)<sup>s</sup> A<sub>0</sub>]<sup>&minus;1</sup>. */
    @Override
    public double probabilityAlive(double x, double tx, double bigT) {
        RfmTable.check(x, tx, bigT);
        double[] lb = logBracket(x, tx, bigT);
        return Math.exp(lb[0] - lb[1]);
    }

    /**
     * Fader &amp; Hardie (2006), "Deriving an expression for P(X(t) = x) under the Pareto/NBD model":
     * P(X(t)=n) = &Gamma;(r+n)/(&Gamma;(r) n!) (&alpha;/(&alpha;+t))<sup>r</sup> (t/(&alpha;+t))<sup>n</sup> (&beta;/(&beta;+t))<sup>s</sup>
     * + &alpha;<sup>r</sup>&beta;<sup>s</sup> B(r+n, s+1)/B(r, s) [B<sub>1</sub> &minus; &Sigma;<sub>i=0</sub><sup>n</sup> (r+s)<sub>i</sub> t<sup>i</sup>/i! B<sub>2,i</sub>], with
     * B<sub>1</sub> = 2F1(r+s, b; r+s+n+1; |&alpha;&minus;&beta;|/m) / m<sup>r+s</sup> and
     * B<sub>2,i</sub> = 2F1(r+s+i, b; r+s+n+1; |&alpha;&minus;&beta;|/(m+t)) / (m+t)<sup>r+s+i</sup>,
     * m = max(&alpha;, &beta;), b = s+1 if &alpha; &ge; &beta;, else r+n. The bracket is the probability of n
     * purchases and death before t given (&lambda;, &mu;), averaged; it is computed with the powers of m
     * folded into each term, so every term is at most 1 and the difference is accurate to ~n ulps absolute.
     */
    @Override
    public double probabilityOfPurchases(int n, double t) {
        ModelException.checkNonNegative("n", n);
        ModelException.checkNonNegative("t", t);
        if (t == 0) {
            return n == 0 ? 1 : 0;
        }
        double logAT = Math.log1p(t / alpha);
        double logBT = Math.log1p(t / beta);
        double nbd = Math.exp(LogGamma.value(r + n) - LogGamma.value(r) - LogGamma.value(n + 1.0)
                - r * logAT + n * Math.log(t / (alpha + t)) - s * logBT);
        double m = Math.max(alpha, beta);
        double diff = Math.abs(alpha - beta);
        double b = alpha >= beta ? s + 1 : r + n;
        double c = r + s + n + 1;
        double logPre = r * Math.log(alpha / m) + s * Math.log(beta / m) + LogBeta.value(r + n, s + 1) - LogBeta.value(r, s);
        double b1 = Hyp2F1.value(r + s, b, c, diff / m);
        double logMT = Math.log(m / (m + t));
        double logTT = Math.log(t / (m + t));
        double b2 = 0;
        double logPoch = 0; // ln((r+s)_i / i!)
        for (int i = 0; i <= n; i++) {
            if (i > 0) {
                logPoch += Math.log((r + s + i - 1) / i);
            }
            double w = Math.exp(logPoch + (r + s) * logMT + (i == 0 ? 0 : i * logTT));
            b2 += w * Hyp2F1.value(r + s + i, b, c, diff / (m + t));
        }
        return nbd + Math.exp(logPre) * Math.max(0, b1 - b2);
    }

    /**
     * ln P(Y(t) = k | x, t<sub>x</sub>, T): [k = 0](1 &minus; P(alive)) + P(alive) P(X(t) = k) of a Pareto/NBD
     * customer with r + x, &alpha; + T, s, &beta; + T, summed as positive series ({@link ConditionalCounts}).
     */
    @Override
    public double logConditionalProbabilityOfPurchases(int k, double t, double x, double tx, double bigT) {
        RfmTable.check(x, tx, bigT);
        if (ConditionalCounts.emptyPeriod(k, t)) {
            return k == 0 ? 0 : Double.NEGATIVE_INFINITY;
        }
        double[] lb = logBracket(x, tx, bigT);
        double logAlive = Math.min(0, lb[0] - lb[1]);
        double logDead = logAlive == 0 ? Double.NEGATIVE_INFINITY : Math.log(-Math.expm1(logAlive));
        return ConditionalCounts.mix(logAlive, logDead, k,
                ConditionalCounts.logExponentialLifetime(k, t, r + x, alpha + bigT, s, beta + bigT));
    }

    @Override
    public double logLikelihood(double x, double tx, double bigT) {
        RfmTable.check(x, tx, bigT);
        double lg = LogGamma.value(r + x) - LogGamma.value(r) + r * Math.log(alpha) + s * Math.log(beta);
        return lg + logBracket(x, tx, bigT)[1];
    }

    /** @return {ln of the bracket's first term, ln of the whole bracket} of FH05 (18) */
    private double[] logBracket(double x, double tx, double bigT) {
        double logAT = Math.log(alpha + bigT);
        double logBT = Math.log(beta + bigT);
        double l1 = -(r + x) * logAT - s * logBT;
        if (tx == bigT) {
            return new double[] {l1, l1};
        }
        ParetoNbdTail tail = new ParetoNbdTail(r, alpha, s, beta, x);
        double[] scratch = new double[4];
        double l2 = tail.logSF(tx, Math.log(alpha + tx), Math.log(beta + tx), null, scratch);
        double l3 = tail.logSF(bigT, logAT, logBT, null, scratch);
        double top = Math.max(l1, l2);
        return new double[] {l1, top + Math.log(Math.exp(l1 - top) + Math.exp(l2 - top) - Math.exp(l3 - top))};
    }

    /**
     * (1 &minus; e<sup>&minus;k L</sup>) / k, for k = s&minus;1 of either sign, and L at k = 0: the factor
     * (1 &minus; (&beta;/(&beta;+t))<sup>s&minus;1</sup>)/(s&minus;1) of FH05 (27) and (41) with L = ln(1 + t/&beta;).
     */
    private static double powerDifference(double k, double logRatio) {
        double y = -k * logRatio;
        return y == 0 ? logRatio : Math.expm1(y) / y * logRatio;
    }

    @Override
    public String toString() {
        return "ParetoNbd[r=" + r + ", alpha=" + alpha + ", s=" + s + ", beta=" + beta + "]";
    }

    private static final class Family implements ModelFamily<RfmTable, ParetoNbd> {
        @Override
        public String name() {
            return "pnbd";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("r", "alpha", "s", "beta");
        }

        @Override
        public ParetoNbd create(double[] p) {
            return of(p[0], p[1], p[2], p[3]);
        }

        @Override
        public LogLikelihood logLikelihood(RfmTable data) {
            BtydChecks.checkFittable(name(), data);
            ParetoNbdPoints pts = new ParetoNbdPoints(data);
            return (p, g) -> value(data, pts, p, g);
        }

        /**
         * Per evaluation: ln(&alpha;+u), ln(&beta;+u) and ln(s F(u)) with its gradient at every point, then the
         * rows; both loops run in fixed blocks in parallel ({@link RowBlocks}), so the result does not
         * depend on the number of threads. The x-dependent terms (log-gammas, the series' coefficients)
         * are computed once per distinct x and shared.
         */
        private static double value(RfmTable data, ParetoNbdPoints pts, double[] p, double[] g) {
            double r = p[0];
            double alpha = p[1];
            double s = p[2];
            double beta = p[3];
            boolean gradient = g != null;
            Terms t = Terms.of(pts, p, gradient);
            double[] logAU = t.logAU();
            double[] logBU = t.logBU();
            double[] logSF = t.logSF();
            double[] gradSF = t.gradSF();
            double[] lg = t.lg();
            double[] dLgDr = t.dLgDr();
            double logBeta = Math.log(beta);
            // Compensated sums (RowBlocks): the optimum of the Pareto/NBD likelihood lies on a flat ridge,
            // where BFGS's last steps gain ~1e-12 relative; plain summation would add more noise than that.
            return RowBlocks.sum(data.size(), g, 4, (from, to, acc) -> {
                for (int i = from; i < to; i++) {
                    double w = data.count(i);
                    double x = data.x(i);
                    int k = pts.rowGroup[i];
                    int qT = pts.rowT[i];
                    int qTx = pts.rowTx[i];
                    double bigT = data.bigT(i);
                    double l1 = -(r + x) * logAU[qT] - s * logBU[qT];
                    if (data.tx(i) == bigT) {
                        // No room to die between the last purchase and T: A0 = 0.
                        acc.value(w * (lg[k] + l1));
                        if (gradient) {
                            acc.gradient(0, w * (dLgDr[k] - logAU[qT]));
                            acc.gradient(1, w * (r / alpha - (r + x) / (alpha + bigT)));
                            acc.gradient(2, w * (logBeta - logBU[qT]));
                            acc.gradient(3, w * (s / beta - s / (beta + bigT)));
                        }
                        continue;
                    }
                    double l2 = logSF[qTx];
                    double l3 = logSF[qT];
                    double top = Math.max(l1, l2);
                    double e1 = Math.exp(l1 - top);
                    double e2 = Math.exp(l2 - top);
                    double e3 = Math.exp(l3 - top);
                    double sum = e1 + e2 - e3;
                    acc.value(w * (lg[k] + top + Math.log(sum)));
                    if (gradient) {
                        double w1 = e1 / sum;
                        double w2 = e2 / sum;
                        double w3 = e3 / sum;
                        acc.gradient(0, w * (dLgDr[k] - w1 * logAU[qT] + w2 * gradSF[4 * qTx] - w3 * gradSF[4 * qT]));
                        acc.gradient(1, w * (r / alpha - w1 * (r + x) / (alpha + bigT) + w2 * gradSF[4 * qTx + 1]
                                - w3 * gradSF[4 * qT + 1]));
                        acc.gradient(2, w * (logBeta - w1 * logBU[qT] + w2 * gradSF[4 * qTx + 2] - w3 * gradSF[4 * qT + 2]));
                        acc.gradient(3, w * (s / beta - w1 * s / (beta + bigT) + w2 * gradSF[4 * qTx + 3]
                                - w3 * gradSF[4 * qT + 3]));
                    }
                }
            });
        }

        /**
         * Per evaluation: the x-dependent terms (log-gammas, the series' coefficients) once per distinct x,
         * then ln(&alpha;+u), ln(&beta;+u) and ln(s F(u)) with its gradient once per point.
         */
        private record Terms(double[] logAU, double[] logBU, double[] logSF, double[] gradSF, double[] lg,
                             double[] dLgDr) {
            static Terms of(ParetoNbdPoints pts, double[] p, boolean gradient) {
                double r = p[0];
                double alpha = p[1];
                double s = p[2];
                double beta = p[3];
                int np = pts.u.length;
                int groups = pts.groupStart.length - 1;
                double[] logAU = new double[np];
                double[] logBU = new double[np];
                double[] logSF = new double[np];
                double[] gradSF = gradient ? new double[4 * np] : null;
                double[] lg = new double[groups];
                double[] dLgDr = new double[groups];
                ParetoNbdTail[] tails = new ParetoNbdTail[groups];
                double psiR = gradient ? Digamma.value(r) : 0;
                double lgR = LogGamma.value(r);
                double base = r * Math.log(alpha) + s * Math.log(beta);
                for (int k = 0; k < groups; k++) {
                    double x = pts.x[pts.groupStart[k]];
                    lg[k] = LogGamma.value(r + x) - lgR + base;
                    if (gradient) {
                        dLgDr[k] = Digamma.value(r + x) - psiR + Math.log(alpha);
                    }
                    tails[k] = new ParetoNbdTail(r, alpha, s, beta, x, true);
                }
                RowBlocks.forEach(np, (from, to) -> {
                    double[] one = new double[4];
                    double[] scratch = new double[4];
                    for (int q = from; q < to; q++) {
                        double u = pts.u[q];
                        logAU[q] = Math.log(alpha + u);
                        logBU[q] = Math.log(beta + u);
                        logSF[q] = tails[pts.pointGroup[q]].logSF(u, logAU[q], logBU[q], gradient ? one : null, scratch);
                        if (gradient) {
                            System.arraycopy(one, 0, gradSF, 4 * q, 4);
                        }
                    }
                });
                return new Terms(logAU, logBU, logSF, gradSF, lg, dLgDr);
            }
        }

        @Override
        public List<double[]> startingValues(RfmTable data) {
            return BtydChecks.paretoStartingValues(data);
        }

        @Override
        public double observations(RfmTable data) {
            return data.customers();
        }

        @Override
        public RfmTable subsample(RfmTable data, int stride) {
            return data.every(stride);
        }

        @Override
        public int distinctRows(RfmTable data) {
            return data.size();
        }
    }
}
