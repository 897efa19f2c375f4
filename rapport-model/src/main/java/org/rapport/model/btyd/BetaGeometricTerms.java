package org.rapport.model.btyd;

import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;

/**
 * The per-customer log-likelihood of the gamma-Poisson purchase process with a beta-geometric dropout
 * process, shared by BG/NBD and MBG/NBD, with its gradient.
 *
 * <p>Both models write one customer's likelihood as the sum of an "alive at T" and a "dropped out at
 * t<sub>x</sub>" term:
 * <pre>
 *   L = B(a, b+k)/B(a, b) &middot; &Gamma;(r+x) &alpha;^r / (&Gamma;(r) (&alpha;+T)^(r+x))
 *     + [k &gt; 0] B(a+1, b+k-1)/B(a, b) &middot; &Gamma;(r+x) &alpha;^r / (&Gamma;(r) (&alpha;+t_x)^(r+x))
 * </pre>
 * where k is the number of dropout opportunities the customer survived: k = x for BG/NBD (a coin is
 * tossed after each repeat purchase; Fader, Hardie &amp; Lee 2005, equation (6)) and k = x + 1 for
 * MBG/NBD (one more toss right after the first purchase, at time zero; Batislam, Denizel &amp;
 * Filiztekin 2007). So MBG/NBD's likelihood is BG/NBD's with b + x replaced by b + x + 1, and its
 * second term is present for x = 0 as well.
 *
 * <p>The terms that depend on x alone are computed once per distinct x: the compressed
 * {@link org.rapport.model.data.RfmTable} is sorted by x.
 */
final class BetaGeometricTerms {
    final double r;
    final double alpha;
    final double x;
    private final double lg;
    private final double c1;
    private final double c2;
    private final double dLgDr;
    private final double dC1Da;
    private final double dC1Db;
    private final double dC2Da;
    private final double dC2Db;

    /**
     * @param r gamma shape
     * @param alpha gamma scale
     * @param a beta shape of the dropout probability
     * @param b beta shape of the dropout probability
     * @param logBetaAB log B(a, b)
     * @param x repeat purchases
     * @param extraToss 0 for BG/NBD, 1 for MBG/NBD (the dropout toss at time zero)
     * @param gradient whether to compute the derivatives too
     */
    BetaGeometricTerms(double r, double alpha, double a, double b, double logBetaAB, double x, int extraToss,
                       boolean gradient) {
        this.r = r;
        this.alpha = alpha;
        this.x = x;
        double k = x + extraToss;
        lg = LogGamma.value(r + x) - LogGamma.value(r) + r * Math.log(alpha);
        c1 = LogBeta.value(a, b + k) - logBetaAB;
        c2 = k > 0 ? LogBeta.value(a + 1, b + k - 1) - logBetaAB : Double.NEGATIVE_INFINITY;
        if (gradient) {
            double psiAB = Digamma.value(a + b);
            double psiABK = Digamma.value(a + b + k);
            double psiB = Digamma.value(b);
            dLgDr = Digamma.value(r + x) - Digamma.value(r) + Math.log(alpha);
            dC1Da = psiAB - psiABK;
            dC1Db = Digamma.value(b + k) - psiABK - psiB + psiAB;
            dC2Da = k > 0 ? 1 / a + psiAB - psiABK : 0;
            dC2Db = k > 0 ? Digamma.value(b + k - 1) - psiABK - psiB + psiAB : 0;
        } else {
            dLgDr = dC1Da = dC1Db = dC2Da = dC2Db = 0;
        }
    }

    /**
     * One row's log-likelihood times {@code w}; adds w times its gradient with respect to
     * (r, alpha, a, b) to {@code g} if not null.
     */
    double row(double tx, double bigT, double[] g, double w) {
        double logAT = Math.log(alpha + bigT);
        double l1 = c1 - (r + x) * logAT;
        if (c2 == Double.NEGATIVE_INFINITY) {
            // BG/NBD with x = 0: the customer cannot have dropped out, only the first term remains.
            if (g != null) {
                g[0] += w * (dLgDr - logAT);
                g[1] += w * (r / alpha - (r + x) / (alpha + bigT));
                g[2] += w * dC1Da;
                g[3] += w * dC1Db;
            }
            return w * (lg + l1);
        }
        double logATx = Math.log(alpha + tx);
        double l2 = c2 - (r + x) * logATx;
        double m = Math.max(l1, l2);
        double e1 = Math.exp(l1 - m);
        double e2 = Math.exp(l2 - m);
        double s = e1 + e2;
        if (g != null) {
            double w1 = e1 / s;
            double w2 = e2 / s;
            g[0] += w * (dLgDr - w1 * logAT - w2 * logATx);
            g[1] += w * (r / alpha - (r + x) * (w1 / (alpha + bigT) + w2 / (alpha + tx)));
            g[2] += w * (w1 * dC1Da + w2 * dC2Da);
            g[3] += w * (w1 * dC1Db + w2 * dC2Db);
        }
        return w * (lg + m + Math.log(s));
    }
}
