package org.rapport.model.btyd;

import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;
import org.rapport.model.ModelException;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.ModelFamily;
import org.rapport.model.special.Hyp2F1;

/**
 * The BG/NBD model of Fader, Hardie &amp; Lee (2005), "Counting your customers the easy way".
 *
 * <p>While alive, a customer buys as a Poisson process with rate &lambda; ~ Gamma(r, &alpha;); after each
 * purchase they drop out with probability p ~ Beta(a, b). The symbols are the paper's:
 * {@code r, alpha, a, b} and a customer's {@code x, tx, T}.
 *
 * <ul>
 * <li>Likelihood, equation (6): L = B(a, b+x)/B(a, b) &middot; &Gamma;(r+x) &alpha;<sup>r</sup> / (&Gamma;(r) (&alpha;+T)<sup>r+x</sup>)
 *     + &delta;<sub>x&gt;0</sub> B(a+1, b+x-1)/B(a, b) &middot; &Gamma;(r+x) &alpha;<sup>r</sup> / (&Gamma;(r) (&alpha;+t<sub>x</sub>)<sup>r+x</sup>).</li>
 * <li>E[X(t)], equation (7); P(X(t) = x), equation (8); E[Y(t) | x, t<sub>x</sub>, T], equation (10);
 *     P(alive | x, t<sub>x</sub>, T), equation (A.2)/(13) of the paper's technical note.</li>
 * </ul>
 *
 * <p>On CDNOW's 2,357-customer sample (weeks) the maximum-likelihood estimates are r = 0.243,
 * &alpha; = 4.414, a = 0.793, b = 2.426, LL = -9582.4 (the paper's section 4).
 */
public final class BgNbd extends BetaGeometricModel {
    /** The family, for {@link org.rapport.model.fit.MaximumLikelihood#fit}. */
    public static final ModelFamily<RfmTable, BgNbd> FAMILY =
            new BetaGeometricFamily<>("bgnbd", 0, p -> of(p[0], p[1], p[2], p[3]));

    private BgNbd(double r, double alpha, double a, double b) {
        super("bgnbd", r, alpha, a, b, 0);
    }

    /**
     * @param r shape of the purchase-rate gamma; alpha its scale (time units); a, b the dropout beta's shapes
     * @return the model
     * @throws ModelException if a parameter is not finite and positive
     */
    public static BgNbd of(double r, double alpha, double a, double b) {
        return new BgNbd(r, alpha, a, b);
    }

    /** Equation (7): E[X(t)] = (a+b-1)/(a-1) [1 - (&alpha;/(&alpha;+t))<sup>r</sup> 2F1(r, b; a+b-1; t/(&alpha;+t))]. */
    @Override
    public double expectedPurchases(double t) {
        ModelException.checkNonNegative("t", t);
        if (t == 0) {
            return 0;
        }
        double f = Hyp2F1.value(r, b, a + b - 1, t / (alpha + t));
        return (a + b - 1) / (a - 1) * (1 - Math.pow(alpha / (alpha + t), r) * f);
    }

    /**
     * Equation (10): E[Y(t) | x, t<sub>x</sub>, T] =
     * (a+b+x-1)/(a-1) [1 - ((&alpha;+T)/(&alpha;+T+t))<sup>r+x</sup> 2F1(r+x, b+x; a+b+x-1; t/(&alpha;+T+t))]
     * / (1 + &delta;<sub>x&gt;0</sub> a/(b+x-1) ((&alpha;+T)/(&alpha;+t<sub>x</sub>))<sup>r+x</sup>).
     */
    @Override
    public double conditionalExpectedPurchases(double t, double x, double tx, double bigT) {
        RfmTable.check(x, tx, bigT);
        ModelException.checkNonNegative("t", t);
        if (t == 0) {
            return 0;
        }
        double f = Hyp2F1.value(r + x, b + x, a + b + x - 1, t / (alpha + bigT + t));
        double num = (a + b + x - 1) / (a - 1) * (1 - Math.pow((alpha + bigT) / (alpha + bigT + t), r + x) * f);
        return num * probabilityAlive(x, tx, bigT);
    }

    /** P(alive) = 1 / (1 + &delta;<sub>x&gt;0</sub> a/(b+x-1) ((&alpha;+T)/(&alpha;+t<sub>x</sub>))<sup>r+x</sup>). */
    @Override
    public double probabilityAlive(double x, double tx, double bigT) {
        if (x == 0) {
            return 1;
        }
        return 1 / (1 + Math.exp(logOddsDead(x, tx, bigT)));
    }

    /** Equation (8). */
    @Override
    public double probabilityOfPurchases(int n, double t) {
        ModelException.checkNonNegative("n", n);
        ModelException.checkNonNegative("t", t);
        double logP = r * Math.log(alpha / (alpha + t));
        double logQ = t == 0 ? Double.NEGATIVE_INFINITY : Math.log(t / (alpha + t));
        double first = Math.exp(LogBeta.value(a, b + n) - logBetaAB + LogGamma.value(r + n) - LogGamma.value(r)
                - LogGamma.value(n + 1.0) + logP + (n == 0 ? 0 : n * logQ));
        if (n == 0) {
            return first;
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += Math.exp(LogGamma.value(r + j) - LogGamma.value(r) - LogGamma.value(j + 1.0)
                    + (j == 0 ? 0 : j * logQ));
        }
        double second = Math.exp(LogBeta.value(a + 1, b + n - 1) - logBetaAB) * (1 - Math.exp(logP) * sum);
        return first + second;
    }
}
