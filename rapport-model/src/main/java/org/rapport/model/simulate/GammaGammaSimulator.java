package org.rapport.model.simulate;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.rapport.model.ModelException;
import org.rapport.model.spend.GammaGamma;

/**
 * Simulates spend per transaction from the Gamma-Gamma model with known parameters (the truth), for
 * customers whose numbers of repeat purchases x are given (e.g. by {@link BgNbdSimulator}).
 *
 * <p><b>Truth.</b> Customer i has &nu;<sub>i</sub> ~ Gamma(shape q, rate &gamma;); each of their transactions
 * has value z ~ Gamma(shape p, rate &nu;<sub>i</sub>), independently of the purchase process, so their true
 * mean spend per transaction is p / &nu;<sub>i</sub>. The average of x<sub>i</sub> repeat transactions is drawn
 * exactly as m&#772;<sub>i</sub> = G / (&nu;<sub>i</sub> x<sub>i</sub>) with G ~ Gamma(p x<sub>i</sub>, 1). Customers with
 * x = 0 get m&#772; = 0, CDNOW's convention ({@link org.rapport.model.data.SpendTable} skips them).
 *
 * <p>p = 6.25, q = 3.74, &gamma; = 15.44 reproduce the fit on CDNOW's repeat buyers. Reproducible for a
 * given seed and Commons RNG version ({@code XO_RO_SHI_RO_128_PP}); samplers for p x are cached for
 * x &lt; {@value #CACHED_X}, so nothing is allocated per customer below that. Immutable and thread-safe.
 */
public final class GammaGammaSimulator {
    private static final int CACHED_X = 256;
    private final double p;
    private final double q;
    private final double gamma;

    private GammaGammaSimulator(double p, double q, double gamma) {
        this.p = p;
        this.q = q;
        this.gamma = gamma;
    }

    /**
     * @param p shape of the gamma distribution of one customer's transaction values
     * @param q shape of the gamma distribution of &nu; across customers
     * @param gamma rate of the gamma distribution of &nu; across customers
     * @return the simulator
     * @throws ModelException if a parameter is not finite and positive
     */
    public static GammaGammaSimulator of(double p, double q, double gamma) {
        return new GammaGammaSimulator(ModelException.checkPositive("p", p), ModelException.checkPositive("q", q),
                ModelException.checkPositive("gamma", gamma));
    }

    /** @param truth a Gamma-Gamma model @return a simulator of it */
    public static GammaGammaSimulator of(GammaGamma truth) {
        return of(truth.p(), truth.q(), truth.gamma());
    }

    /** @return the true model */
    public GammaGamma truth() {
        return GammaGamma.of(p, q, gamma);
    }

    /**
     * @param x repeat purchases per customer, whole numbers &ge; 0
     * @param seed the seed
     * @return m&#772; per customer (0 where x = 0)
     */
    public double[] averageSpend(double[] x, long seed) {
        double[] mbar = new double[x.length];
        averageSpend(x, RandomSource.XO_RO_SHI_RO_128_PP.create(seed), mbar, null);
        return mbar;
    }

    /**
     * Fills the caller's arrays, for callers that reuse buffers or bring their own generator.
     *
     * @param x repeat purchases per customer, whole numbers &ge; 0
     * @param rng the generator to draw from
     * @param mbar receives m&#772; per customer (0 where x = 0)
     * @param meanSpend if not {@code null}, receives each customer's true mean spend per transaction p / &nu;
     * @throws ModelException if an x is negative or not whole
     */
    public void averageSpend(double[] x, UniformRandomProvider rng, double[] mbar, double[] meanSpend) {
        if (mbar.length != x.length || (meanSpend != null && meanSpend.length != x.length)) {
            throw new IllegalArgumentException("x, mbar and meanSpend must have the same length");
        }
        ContinuousSampler nuSampler = AhrensDieterMarsagliaTsangGammaSampler.of(rng, q, 1 / gamma);
        ContinuousSampler[] sums = new ContinuousSampler[CACHED_X];
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            ModelException.checkNonNegative("x", xi);
            if (xi != Math.rint(xi)) {
                throw new ModelException(ModelException.NOT_INTEGER, "x", xi);
            }
            double nu = nuSampler.sample();
            if (meanSpend != null) {
                meanSpend[i] = p / nu;
            }
            if (xi == 0) {
                mbar[i] = 0;
                continue;
            }
            ContinuousSampler sum;
            if (xi < CACHED_X) {
                int k = (int) xi;
                if (sums[k] == null) {
                    sums[k] = AhrensDieterMarsagliaTsangGammaSampler.of(rng, p * xi, 1);
                }
                sum = sums[k];
            } else {
                sum = AhrensDieterMarsagliaTsangGammaSampler.of(rng, p * xi, 1);
            }
            mbar[i] = sum.sample() / (nu * xi);
        }
    }

    @Override
    public String toString() {
        return "GammaGammaSimulator[p=" + p + ", q=" + q + ", gamma=" + gamma + "]";
    }
}
