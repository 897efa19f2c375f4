package org.rapport.model.special;

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z).
 *
 * <p>2F1(a, b; c; z) = &Sigma;<sub>k&ge;0</sub> (a)<sub>k</sub> (b)<sub>k</sub> / ((c)<sub>k</sub> k!) z<sup>k</sup>,
 * Abramowitz &amp; Stegun (1964) equation 15.1.1.
 *
 * <p>This version sums the series for |z| &lt; 1, which is what the buy-till-you-die predictions
 * need (their argument is t / (&alpha; + T + t) &isin; [0, 1)).
 */
public final class Hyp2F1 {
    private static final int MAX_TERMS = 100_000;

    private Hyp2F1() {
    }

    /**
     * @param a first numerator parameter
     * @param b second numerator parameter
     * @param c denominator parameter, not a non-positive integer
     * @param z argument, |z| &lt; 1
     * @return 2F1(a, b; c; z)
     */
    public static double value(double a, double b, double c, double z) {
        if (!(Math.abs(z) < 1)) {
            throw new IllegalArgumentException("2F1 series needs |z| < 1, got z = " + z);
        }
        double term = 1;
        double sum = 1;
        for (int k = 0; k < MAX_TERMS; k++) {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
            if (Math.abs(term) <= 1e-16 * Math.abs(sum)) {
                return sum;
            }
        }
        return sum;
    }
}
