package org.rapport.model.interval;

import java.util.SplittableRandom;

/** Gamma and beta variates from a {@link SplittableRandom} (Marsaglia &amp; Tsang 2000). */
final class Gammas {
    private Gammas() {
    }

    /**
     * @param r the generator
     * @param shape the shape, &gt; 0
     * @return a Gamma(shape, 1) variate; for shape &lt; 1, Gamma(shape + 1) U<sup>1/shape</sup>
     */
    static double gamma(SplittableRandom r, double shape) {
        if (shape < 1) {
            double u = r.nextDouble();
            return gamma(r, shape + 1) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = r.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = r.nextDouble();
            if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** @return a Beta(a, b) variate, G<sub>a</sub> / (G<sub>a</sub> + G<sub>b</sub>) */
    static double beta(SplittableRandom r, double a, double b) {
        double ga = gamma(r, a);
        double gb = gamma(r, b);
        return ga / (ga + gb);
    }
}
