package org.rapport.model.btyd;

import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;
import org.rapport.model.fit.RowBlocks;

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
        double[] out = new double[5];
        terms(tx, bigT, out, g != null);
        if (g != null) {
            for (int j = 0; j < 4; j++) {
                g[j] += w * out[j + 1];
            }
        }
        return w * out[0];
    }

    /**
     * Adds one row's log-likelihood times {@code w} to component 0 of {@code acc} and, when asked, w
     * times its gradient to components 1..4.
     *
     * @param out scratch, length 5
     */
    void row(double tx, double bigT, double w, RowBlocks.Accumulator acc, boolean gradient, double[] out) {
        terms(tx, bigT, out, gradient);
        acc.value(w * out[0]);
        if (gradient) {
            for (int j = 0; j < 4; j++) {
                acc.gradient(j, w * out[j + 1]);
            }
        }
    }

    /**
     * out[0] = ln L of one customer, out[1..4] = its gradient in (r, alpha, a, b) if asked. The larger
     * of the two terms is factored out, so one exponential and one log1p give ln(e^l1 + e^l2).
     */
    private void terms(double tx, double bigT, double[] out, boolean gradient) {
        double logAT = Math.log(alpha + bigT);
        double l1 = c1 - (r + x) * logAT;
        if (c2 == Double.NEGATIVE_INFINITY) {
            // BG/NBD with x = 0: the customer cannot have dropped out, only the first term remains.
            out[0] = lg + l1;
            if (gradient) {
                out[1] = dLgDr - logAT;
                out[2] = r / alpha - (r + x) / (alpha + bigT);
                out[3] = dC1Da;
                out[4] = dC1Db;
            }
            return;
        }
        double logATx = Math.log(alpha + tx);
        double l2 = c2 - (r + x) * logATx;
        boolean firstLarger = l1 >= l2;
        double e = Math.exp(firstLarger ? l2 - l1 : l1 - l2);
        out[0] = lg + (firstLarger ? l1 : l2) + Math.log1p(e);
        if (gradient) {
            double w1 = firstLarger ? 1 / (1 + e) : e / (1 + e);
            double w2 = 1 - w1;
            out[1] = dLgDr - w1 * logAT - w2 * logATx;
            out[2] = r / alpha - (r + x) * (w1 / (alpha + bigT) + w2 / (alpha + tx));
            out[3] = w1 * dC1Da + w2 * dC2Da;
            out[4] = w1 * dC1Db + w2 * dC2Db;
        }
    }
}
