package org.rapport.model.btyd;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.RegularizedBeta;
import org.rapport.model.ModelException;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.ModelFamily;
import org.rapport.model.special.Hyp2F1;

/**
 * The MBG/NBD model of Batislam, Denizel &amp; Filiztekin (2007), "Empirical validation and comparison
 * of models for customer base analysis", International Journal of Research in Marketing 24(3), with the
 * conditional expectation as corrected by Wagner &amp; Hoppe (2008), "Erratum on the MBG/NBD model",
 * IJRM 25(3).
 *
 * <p>As in BG/NBD ({@link BgNbd}), a customer buys as a Poisson process with rate &lambda; ~ Gamma(r, &alpha;)
 * while alive and drops out with probability p ~ Beta(a, b) after each repeat purchase. MBG/NBD adds one
 * more dropout toss at time zero, right after the first purchase, so a customer with no repeat purchase
 * may already be gone (in BG/NBD such a customer is alive for sure). A customer who survived k = x + 1
 * tosses has probability (1-p)<sup>x+1</sup>; every formula below is BG/NBD's with b + x replaced by b + x + 1.
 * Symbols are the paper's: {@code r, alpha, a, b} and a customer's {@code x, tx, T}.
 *
 * <ul>
 * <li>Likelihood: L = B(a, b+x+1)/B(a, b) &middot; &Gamma;(r+x) &alpha;<sup>r</sup> / (&Gamma;(r) (&alpha;+T)<sup>r+x</sup>)
 *     + B(a+1, b+x)/B(a, b) &middot; &Gamma;(r+x) &alpha;<sup>r</sup> / (&Gamma;(r) (&alpha;+t<sub>x</sub>)<sup>r+x</sup>)
 *     (Batislam et al. 2007, appendix A).</li>
 * <li>P(alive | x, t<sub>x</sub>, T) = 1 / (1 + a/(b+x) ((&alpha;+T)/(&alpha;+t<sub>x</sub>))<sup>r+x</sup>)
 *     (Batislam et al. 2007, appendix A, equation (5)).</li>
 * <li>E[X(t)] = b/(a-1) [1 - (&alpha;/(&alpha;+t))<sup>r</sup> 2F1(r, b+1; a+b; t/(&alpha;+t))].</li>
 * <li>E[Y(t) | x, t<sub>x</sub>, T] = (a+b+x)/(a-1) [1 - ((&alpha;+T)/(&alpha;+T+t))<sup>r+x</sup>
 *     2F1(r+x, b+x+1; a+b+x; t/(&alpha;+T+t))] &middot; P(alive | x, t<sub>x</sub>, T) (Wagner &amp; Hoppe 2008).</li>
 * <li>P(X(t) = n) = B(a, b+n+1)/B(a, b) NB(n; r, &alpha;, t) + B(a+1, b+n)/B(a, b) P(N(t) &ge; n), with
 *     N(t) ~ NBD(r, &alpha;, t) the purchases of a customer who never drops out.</li>
 * </ul>
 *
 * <p>E[X(t)] and E[Y(t)] have a removable singularity at a = 1 (the mean of 1/p is infinite there but
 * the expectations are finite): within 1e-4 of a = 1 they are interpolated linearly between a = 1 &plusmn; 1e-4,
 * which is accurate to about 1e-8 relative.
 *
 * <p>On CDNOW's 2,357-customer sample (weeks), lifetimes 0.11.3's {@code ModifiedBetaGeoFitter} gives
 * r = 0.52484, &alpha; = 6.18299, a = 0.89136, b = 1.61400, LL = -9582.133.
 */
public final class MbgNbd extends BetaGeometricModel {
    /** The family, for {@link org.rapport.model.fit.MaximumLikelihood#fit}. */
    public static final ModelFamily<RfmTable, MbgNbd> FAMILY =
            new BetaGeometricFamily<>("mbgnbd", 1, p -> of(p[0], p[1], p[2], p[3]));

    /** Half-width of the interval around a = 1 where E[X(t)] and E[Y(t)] are interpolated. */
    private static final double A_NEAR_ONE = 1e-4;

    private MbgNbd(double r, double alpha, double a, double b) {
        super("mbgnbd", r, alpha, a, b, 1);
    }

    /**
     * @param r shape of the purchase-rate gamma; alpha its scale (time units); a, b the dropout beta's shapes
     * @return the model
     * @throws ModelException if a parameter is not finite and positive
     */
    public static MbgNbd of(double r, double alpha, double a, double b) {
        return new MbgNbd(r, alpha, a, b);
    }

    /** E[X(t)] = b/(a-1) [1 - (&alpha;/(&alpha;+t))<sup>r</sup> 2F1(r, b+1; a+b; t/(&alpha;+t))]. */
    @Override
    public double expectedPurchases(double t) {
        ModelException.checkNonNegative("t", t);
        if (t == 0) {
            return 0;
        }
        double z = t / (alpha + t);
        double pow = Math.pow(alpha / (alpha + t), r);
        return nearOne(aa -> b / (aa - 1) * (1 - pow * Hyp2F1.value(r, b + 1, aa + b, z)));
    }

    /**
     * E[Y(t) | x, t<sub>x</sub>, T] = (a+b+x)/(a-1) [1 - ((&alpha;+T)/(&alpha;+T+t))<sup>r+x</sup>
     * 2F1(r+x, b+x+1; a+b+x; t/(&alpha;+T+t))] &middot; P(alive | x, t<sub>x</sub>, T), Wagner &amp; Hoppe (2008).
     */
    @Override
    public double conditionalExpectedPurchases(double t, double x, double tx, double bigT) {
        RfmTable.check(x, tx, bigT);
        ModelException.checkNonNegative("t", t);
        if (t == 0) {
            return 0;
        }
        double z = t / (alpha + bigT + t);
        double pow = Math.pow((alpha + bigT) / (alpha + bigT + t), r + x);
        double alive = nearOne(aa -> (aa + b + x) / (aa - 1) * (1 - pow * Hyp2F1.value(r + x, b + x + 1, aa + b + x, z)));
        return alive * probabilityAlive(x, tx, bigT);
    }

    /**
     * P(alive | x, t<sub>x</sub>, T) = 1 / (1 + a/(b+x) ((&alpha;+T)/(&alpha;+t<sub>x</sub>))<sup>r+x</sup>),
     * Batislam et al. (2007), appendix A, equation (5). Unlike BG/NBD this is below 1 for x = 0.
     */
    @Override
    public double probabilityAlive(double x, double tx, double bigT) {
        RfmTable.check(x, tx, bigT);
        return 1 / (1 + Math.exp(logOddsDead(x, tx, bigT)));
    }

    /**
     * P(X(t) = n) = B(a, b+n+1)/B(a, b) &middot; &Gamma;(r+n)/(&Gamma;(r) n!) (&alpha;/(&alpha;+t))<sup>r</sup> (t/(&alpha;+t))<sup>n</sup>
     * + B(a+1, b+n)/B(a, b) &middot; P(N(t) &ge; n): either the customer survived all n + 1 tosses and the
     * Poisson process made exactly n purchases, or they dropped out at the toss after the n-th purchase
     * and the process would have made at least n. P(N(t) &ge; n) = I<sub>t/(&alpha;+t)</sub>(n, r), the
     * regularized incomplete beta function.
     */
    @Override
    public double probabilityOfPurchases(int n, double t) {
        ModelException.checkNonNegative("n", n);
        ModelException.checkNonNegative("t", t);
        double logP = r * Math.log(alpha / (alpha + t));
        double logNb = t == 0
                ? (n == 0 ? 0 : Double.NEGATIVE_INFINITY)
                : LogGamma.value(r + n) - LogGamma.value(r) - LogGamma.value(n + 1.0) + logP
                        + (n == 0 ? 0 : n * Math.log(t / (alpha + t)));
        double first = Math.exp(LogBeta.value(a, b + n + 1) - logBetaAB + logNb);
        double atLeastN = n == 0 ? 1 : (t == 0 ? 0 : RegularizedBeta.value(t / (alpha + t), n, r));
        double second = Math.exp(LogBeta.value(a + 1, b + n) - logBetaAB) * atLeastN;
        return first + second;
    }

    /** Evaluates f at a, or interpolates it across the removable singularity at a = 1. */
    private double nearOne(DoubleUnaryOperator f) {
        if (Math.abs(a - 1) >= A_NEAR_ONE) {
            return f.applyAsDouble(a);
        }
        double lo = f.applyAsDouble(1 - A_NEAR_ONE);
        double hi = f.applyAsDouble(1 + A_NEAR_ONE);
        return lo + (a - (1 - A_NEAR_ONE)) / (2 * A_NEAR_ONE) * (hi - lo);
    }
}
