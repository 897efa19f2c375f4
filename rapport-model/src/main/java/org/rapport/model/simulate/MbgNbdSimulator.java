package org.rapport.model.simulate;

import org.apache.commons.rng.UniformRandomProvider;
import org.rapport.model.ModelException;
import org.rapport.model.btyd.MbgNbd;

/**
 * Simulates customers from the MBG/NBD model (Batislam, Denizel &amp; Filiztekin 2007) with known
 * parameters (the truth).
 *
 * <p><b>Truth.</b> As {@link BgNbdSimulator} (births uniform on [0, birthWindow), &lambda; ~ Gamma(r, &alpha;),
 * p ~ Beta(a, b), Poisson purchases while alive, a dropout toss with probability p after each repeat
 * purchase), plus one more toss right after the first purchase: a customer may be gone before making
 * any repeat purchase, so some customers with x = 0 are dead at T. Same observation design, defaults
 * (CDNOW's, in weeks) and reproducibility as {@link BgNbdSimulator}; the generator draws one more
 * uniform per customer. Immutable and thread-safe.
 */
public final class MbgNbdSimulator {
    private final BgNbdSimulator core;
    private final double[] parameters;

    private MbgNbdSimulator(BgNbdSimulator core, double[] parameters) {
        this.core = core;
        this.parameters = parameters;
    }

    /**
     * @param r shape of the purchase-rate gamma
     * @param alpha rate of the purchase-rate gamma (in time units)
     * @param a first shape of the dropout beta
     * @param b second shape of the dropout beta
     * @return a simulator with CDNOW's observation design (weeks)
     * @throws ModelException if a parameter is not finite and positive
     */
    public static MbgNbdSimulator of(double r, double alpha, double a, double b) {
        return new MbgNbdSimulator(BgNbdSimulator.of(r, alpha, a, b).withTossAtZero(), new double[] {r, alpha, a, b});
    }

    /** @param length the calendar time at which calibration ends, &gt; 0 @return a copy */
    public MbgNbdSimulator withCalibration(double length) {
        return new MbgNbdSimulator(core.withCalibration(length), parameters);
    }

    /** @param length births are uniform on [0, length), &le; the calibration length @return a copy */
    public MbgNbdSimulator withBirthWindow(double length) {
        return new MbgNbdSimulator(core.withBirthWindow(length), parameters);
    }

    /** @param length the holdout period after each customer's T, &ge; 0 (0 = none) @return a copy */
    public MbgNbdSimulator withHoldout(double length) {
        return new MbgNbdSimulator(core.withHoldout(length), parameters);
    }

    /** @return the true model */
    public MbgNbd truth() {
        return MbgNbd.of(parameters[0], parameters[1], parameters[2], parameters[3]);
    }

    /**
     * @param customers the number of customers
     * @param seed the seed
     * @return the simulated cohort
     */
    public Cohort simulate(int customers, long seed) {
        return core.simulate(customers, seed);
    }

    /**
     * @param customers the number of customers
     * @param rng the generator to draw from
     * @return the simulated cohort
     */
    public Cohort simulate(int customers, UniformRandomProvider rng) {
        return core.simulate(customers, rng);
    }

    @Override
    public String toString() {
        return core.toString().replace("BgNbdSimulator[", "MbgNbdSimulator[");
    }
}
