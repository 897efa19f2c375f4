package org.rapport.model.simulate;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.rapport.model.ModelException;

/**
 * Simulates customers from the Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987) with known
 * parameters (the truth).
 *
 * <p><b>Truth.</b> Customer i is born (first purchase) at a time uniform on [0, birthWindow) and
 * observed until the calibration ends, so T<sub>i</sub> = calibration - birth. Their purchase rate is
 * &lambda;<sub>i</sub> ~ Gamma(shape r, rate &alpha;) and their dropout rate &mu;<sub>i</sub> ~ Gamma(shape s, rate &beta;); their
 * unobserved lifetime after the first purchase is &tau;<sub>i</sub> ~ Exponential(&mu;<sub>i</sub>), and while
 * alive they buy at the times of a Poisson process of rate &lambda;<sub>i</sub>. The cohort reports x,
 * t<sub>x</sub>, T and, when a holdout length is set, the purchases in (T<sub>i</sub>, T<sub>i</sub> + holdout].
 * E[X(t)] = r&beta; / (&alpha;(s - 1)) [1 - (&beta; / (&beta; + t))<sup>s-1</sup>] for a customer observed for t.
 *
 * <p>The defaults are CDNOW's design in weeks (births over the first 12 weeks, calibration ending at
 * week 39, no holdout); r = 0.553, &alpha; = 10.578, s = 0.606, &beta; = 11.669 reproduce CDNOW's published fit.
 * Reproducible for a given seed and Commons RNG version ({@code XO_RO_SHI_RO_128_PP}); nothing is
 * allocated per customer. Immutable and thread-safe.
 */
public final class ParetoNbdSimulator {
    private final double r;
    private final double alpha;
    private final double s;
    private final double beta;
    private final Windows windows;

    private ParetoNbdSimulator(double r, double alpha, double s, double beta, Windows windows) {
        this.r = r;
        this.alpha = alpha;
        this.s = s;
        this.beta = beta;
        this.windows = windows;
    }

    /**
     * @param r shape of the purchase-rate gamma
     * @param alpha rate of the purchase-rate gamma (in time units)
     * @param s shape of the dropout-rate gamma
     * @param beta rate of the dropout-rate gamma (in time units)
     * @return a simulator with CDNOW's observation design (weeks)
     * @throws ModelException if a parameter is not finite and positive
     */
    public static ParetoNbdSimulator of(double r, double alpha, double s, double beta) {
        return new ParetoNbdSimulator(ModelException.checkPositive("r", r),
                ModelException.checkPositive("alpha", alpha), ModelException.checkPositive("s", s),
                ModelException.checkPositive("beta", beta), Windows.CDNOW);
    }

    /** @param length the calendar time at which calibration ends, &gt; 0 @return a copy */
    public ParetoNbdSimulator withCalibration(double length) {
        return new ParetoNbdSimulator(r, alpha, s, beta, windows.withCalibration(length));
    }

    /** @param length births are uniform on [0, length), &le; the calibration length @return a copy */
    public ParetoNbdSimulator withBirthWindow(double length) {
        return new ParetoNbdSimulator(r, alpha, s, beta, windows.withBirthWindow(length));
    }

    /** @param length the holdout period after each customer's T, &ge; 0 (0 = none) @return a copy */
    public ParetoNbdSimulator withHoldout(double length) {
        return new ParetoNbdSimulator(r, alpha, s, beta, windows.withHoldout(length));
    }

    /** @return the true parameters {r, alpha, s, beta} */
    public double[] parameters() {
        return new double[] {r, alpha, s, beta};
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
        ContinuousSampler dropoutRate = AhrensDieterMarsagliaTsangGammaSampler.of(rng, s, 1 / beta);
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
            double tau = exponential.sample() / dropoutRate.sample();
            double end = Math.min(tau, bigT);
            int x = 0;
            double tx = 0;
            double t = exponential.sample() / lambda;
            while (t <= end) {
                x++;
                tx = t;
                t += exponential.sample() / lambda;
            }
            xs[i] = x;
            txs[i] = tx;
            ts[i] = bigT;
            if (ys != null) {
                // If alive at T, t is the first purchase after T (memoryless); else no holdout purchase.
                int y = 0;
                double holdoutEnd = Math.min(tau, bigT + h);
                while (tau > bigT && t <= holdoutEnd) {
                    y++;
                    t += exponential.sample() / lambda;
                }
                ys[i] = y;
            }
        }
        return new Cohort(xs, txs, ts, ys == null ? 0 : h, ys);
    }

    @Override
    public String toString() {
        return "ParetoNbdSimulator[r=" + r + ", alpha=" + alpha + ", s=" + s + ", beta=" + beta + ", " + windows + "]";
    }
}
