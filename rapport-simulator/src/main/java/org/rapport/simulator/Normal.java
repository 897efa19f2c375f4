package org.rapport.simulator;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.InverseErfc;

/** The standard normal distribution function and its inverse, from Commons Numbers' erfc. */
final class Normal {
    private static final double SQRT2 = Math.sqrt(2);

    private Normal() {
    }

    /** @param x a value @return &Phi;(x) */
    static double cdf(double x) {
        return 0.5 * Erfc.value(-x / SQRT2);
    }

    /** @param u a probability in (0, 1) @return &Phi;<sup>-1</sup>(u) */
    static double quantile(double u) {
        return -SQRT2 * InverseErfc.value(2 * u);
    }
}
