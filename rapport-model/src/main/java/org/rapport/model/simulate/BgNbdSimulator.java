package org.rapport.model.simulate;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.rapport.model.ModelException;
import org.rapport.model.btyd.BgNbd;

/**
 * Simulates customers from the BG/NBD model with known parameters (the truth), so that a fit can be
 * checked against it.
 *
 * <p><b>Truth.</b> Customer i is born (first purchase) at a time uniform on [0, birthWindow) and
 * observed until the calibration ends, so T<sub>i</sub> = calibration - birth. Their purchase rate is
 * &lambda;<sub>i</sub> ~ Gamma(shape r, rate &alpha;) and their dropout probability p<sub>i</sub> ~ Beta(a, b). While
 * alive they buy at the times of a Poisson process of rate &lambda;<sub>i</sub>, and after each repeat
 * purchase they drop out with probability p<sub>i</sub> (never at the first purchase: a customer with
 * x = 0 is alive at T, as the likelihood of Fader, Hardie &amp; Lee 2005, equation (3), has it;
 * {@link MbgNbdSimulator} adds that toss).
 * The cohort reports x, t<sub>x</sub>, T and, when a holdout length is set, the purchases in
 * (T<sub>i</sub>, T<sub>i</sub> + holdout]. Times are continuous (not rounded to days).
 *
 * <p>The defaults are CDNOW's design in weeks: births over the first 12 weeks, calibration ending at
 * week 39, no holdout. The parameters r = 0.243, &alpha; = 4.414, a = 0.793, b = 2.426 reproduce CDNOW's
 * published fit.
 *
 * <p>Reproducible: a given seed gives the same cohort for a given version of Commons RNG
 * ({@code XO_RO_SHI_RO_128_PP} generator). Nothing is allocated per customer; the cost is one gamma, one
 * beta and x + 1 exponential draws per customer. Immutable and thread-safe.
 */
public final class BgNbdSimulator {
    private final double r;
    private final double alpha;
    private final double a;
    private final double b;
    private final Windows windows;
    /** MBG/NBD's extra dropout toss right after the first purchase ({@link MbgNbdSimulator}). */
    private final boolean tossAtZero;

    private BgNbdSimulator(double r, double alpha, double a, double b, Windows windows, boolean tossAtZero) {
        this.r = r;
        this.alpha = alpha;
        this.a = a;
        this.b = b;
        this.windows = windows;
        this.tossAtZero = tossAtZero;
    }

    /** @return the same simulator with MBG/NBD's dropout toss at the first purchase */
    BgNbdSimulator withTossAtZero() {
        return new BgNbdSimulator(r, alpha, a, b, windows, true);
    }

    /**
     * @param r shape of the purchase-rate gamma
     * @param alpha rate of the purchase-rate gamma (in time units)
     * @param a first shape of the dropout beta
     * @param b second shape of the dropout beta
     * @return a simulator with CDNOW's observation design (weeks)
     * @throws ModelException if a parameter is not finite and positive
     */
    public static BgNbdSimulator of(double r, double alpha, double a, double b) {
        return new BgNbdSimulator(ModelException.checkPositive("r", r), ModelException.checkPositive("alpha", alpha),
                ModelException.checkPositive("a", a), ModelException.checkPositive("b", b), Windows.CDNOW, false);
    }

    /** @param truth a BG/NBD model @return a simulator of it with CDNOW's observation design (weeks) */
    public static BgNbdSimulator of(BgNbd truth) {
        double[] p = truth.parameters();
        return of(p[0], p[1], p[2], p[3]);
    }

    /** @param length the calendar time at which calibration ends, &gt; 0 @return a copy */
    public BgNbdSimulator withCalibration(double length) {
        return new BgNbdSimulator(r, alpha, a, b, windows.withCalibration(length), tossAtZero);
    }

    /** @param length births are uniform on [0, length), &le; the calibration length @return a copy */
    public BgNbdSimulator withBirthWindow(double length) {
        return new BgNbdSimulator(r, alpha, a, b, windows.withBirthWindow(length), tossAtZero);
    }

    /** @param length the holdout period after each customer's T, &ge; 0 (0 = none) @return a copy */
    public BgNbdSimulator withHoldout(double length) {
        return new BgNbdSimulator(r, alpha, a, b, windows.withHoldout(length), tossAtZero);
    }

    /** @return the true model */
    public BgNbd truth() {
        return BgNbd.of(r, alpha, a, b);
    }

    /**
     * @param customers the number of customers
     * @param seed the seed
     * @return the simulated cohort
     */
    public Cohort simulate(int customers, long seed) {
        return simulate(customers, RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
    }

    /**
     * @param customers the number of customers
     * @param rng the generator to draw from
     * @return the simulated cohort
     */
    public Cohort simulate(int customers, UniformRandomProvider rng) {
        windows.check(customers);
        ContinuousSampler rate = AhrensDieterMarsagliaTsangGammaSampler.of(rng, r, 1 / alpha);
        ContinuousSampler dropout = ChengBetaSampler.of(rng, a, b);
        ContinuousSampler exponential = ZigguratSampler.Exponential.of(rng);
        double calibration = windows.calibration();
        double births = windows.birthWindow();
        double h = windows.holdout();
        double[] xs = new double[customers];
        double[] txs = new double[customers];
        double[] ts = new double[customers];
        double[] ys = h > 0 ? new double[customers] : null;
        for (int i = 0; i < customers; i++) {
            double bigT = calibration - births * rng.nextDouble();
            double lambda = rate.sample();
            double p = dropout.sample();
            int x = 0;
            double tx = 0;
            boolean alive = !tossAtZero || rng.nextDouble() >= p;
            // Time of the next purchase; exponential / 0 = +infinity covers a rate that underflowed.
            double t = exponential.sample() / lambda;
            while (alive && t <= bigT) {
                x++;
                tx = t;
                if (rng.nextDouble() < p) {
                    alive = false;
                    break;
                }
                t += exponential.sample() / lambda;
            }
            xs[i] = x;
            txs[i] = tx;
            ts[i] = bigT;
            if (ys != null) {
                // t is the first purchase after T (the process is memoryless, so it stays valid).
                int y = 0;
                double end = bigT + h;
                while (alive && t <= end) {
                    y++;
                    alive = rng.nextDouble() >= p;
                    t += exponential.sample() / lambda;
                }
                ys[i] = y;
            }
        }
        return new Cohort(xs, txs, ts, ys == null ? 0 : h, ys);
    }

    @Override
    public String toString() {
        return "BgNbdSimulator[r=" + r + ", alpha=" + alpha + ", a=" + a + ", b=" + b + ", " + windows + "]";
    }
}
