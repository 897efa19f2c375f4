package org.rapport.model.btyd;

import org.rapport.model.special.Hyp2F1;

/**
 * The Pareto/NBD "death after the last purchase" integral and its gradient, for one x.
 *
 * <p>Fader &amp; Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions",
 * equations (18)&ndash;(20), write the likelihood as
 * L = &Gamma;(r+x) &alpha;<sup>r</sup> &beta;<sup>s</sup> / &Gamma;(r) &middot; [(&alpha;+T)<sup>&minus;(r+x)</sup> (&beta;+T)<sup>&minus;s</sup> + s/(r+s+x) A<sub>0</sub>].
 * The second term is s &int;<sub>t<sub>x</sub></sub><sup>T</sup> (&alpha;+&tau;)<sup>&minus;(r+x)</sup> (&beta;+&tau;)<sup>&minus;(s+1)</sup> d&tau;
 * = s F(t<sub>x</sub>) &minus; s F(T) with F(u) = &int;<sub>u</sub><sup>&infin;</sup>, and (19)/(20) give
 * F(u) = 2F1(a, b; a+1; z) / (a (m+u)<sup>a</sup>), a = r+s+x, m = max(&alpha;, &beta;), z = |&alpha;&minus;&beta;|/(m+u),
 * b = s+1 if &alpha; &ge; &beta; and b = r+x otherwise.
 *
 * <p>Euler's transformation (Abramowitz &amp; Stegun 15.3.3) turns this into
 * F(u) = (&alpha;+u)<sup>&minus;(r+x)</sup> (&beta;+u)<sup>&minus;s</sup> S / a for &alpha; &ge; &beta; and
 * F(u) = (&alpha;+u)<sup>1&minus;r&minus;x</sup> (&beta;+u)<sup>&minus;(s+1)</sup> S / a for &alpha; &lt; &beta;, where
 * S = 2F1(1, B; C; z) = &Sigma;<sub>k</sub> (B)<sub>k</sub>/(C)<sub>k</sub> z<sup>k</sup>, C = a+1 and B = r+x or s+1.
 * Its terms are positive and shrink at least as fast as z<sup>k</sup>, with no overflow for large x
 * (1 &le; S &le; a/s). Derivatives with respect to B, C and z accumulate in the same loop, which gives the
 * analytic gradient. For z &gt; {@link #SERIES_MAX_Z} (&alpha; and &beta; far apart and u small) S comes from
 * {@link Hyp2F1} instead, dS/dz = (B/C) 2F1(2, B+1; C+1; z) (15.2.1), and dS/dB, dS/dC by central differences.
 *
 * <p>s F(T) never exceeds the first term (&alpha;+T)<sup>&minus;(r+x)</sup>(&beta;+T)<sup>&minus;s</sup>, and F(t<sub>x</sub>) &ge; F(T), so
 * first + s F(t<sub>x</sub>) &minus; s F(T) computed in log space loses no digits to the subtraction.
 */
final class ParetoNbdTail {
    /** Largest z summed by the series here (about 370 terms). */
    static final double SERIES_MAX_Z = 0.9;
    private static final double STOP = 1e-17;

    final double x;
    private final double r;
    private final double alpha;
    private final double s;
    private final double beta;
    private final boolean alphaLarger;
    private final double bigB;
    private final double bigC;
    private final double logSOverA;
    private final double invA;
    /** The series' z-free coefficients for the first terms, or null: see {@link Coefficients}. */
    private final Coefficients table;

    ParetoNbdTail(double r, double alpha, double s, double beta, double x) {
        this(r, alpha, s, beta, x, false);
    }

    /**
     * @param shared whether the tail will serve many points (a likelihood over a table): then the
     *     series' coefficients, which depend on x but not on u, are computed once here
     */
    ParetoNbdTail(double r, double alpha, double s, double beta, double x, boolean shared) {
        this.r = r;
        this.alpha = alpha;
        this.s = s;
        this.beta = beta;
        this.x = x;
        double a = r + s + x;
        this.alphaLarger = alpha >= beta;
        this.bigB = alphaLarger ? r + x : s + 1;
        this.bigC = a + 1;
        this.logSOverA = Math.log(s) - Math.log(a);
        this.invA = 1 / a;
        this.table = shared ? new Coefficients(bigB, bigC) : null;
    }

    /**
     * @param u a time, t<sub>x</sub> or T
     * @param logAlphaU ln(&alpha;+u)
     * @param logBetaU ln(&beta;+u)
     * @param g if not null, receives d/d(r, &alpha;, s, &beta;) of the result
     * @param sd scratch space, length 4
     * @return ln(s F(u))
     */
    double logSF(double u, double logAlphaU, double logBetaU, double[] g, double[] sd) {
        double au = alpha + u;
        double bu = beta + u;
        double z = alphaLarger ? (alpha - beta) / au : (beta - alpha) / bu;
        if (z <= SERIES_MAX_Z) {
            series(bigB, bigC, z, sd, table);
        } else {
            viaHyp2F1(bigB, bigC, z, g != null, sd);
        }
        double logS = Math.log(sd[0]);
        double base = alphaLarger ? -(r + x) * logAlphaU - s * logBetaU : (1 - r - x) * logAlphaU - (s + 1) * logBetaU;
        if (g != null) {
            double dB = sd[1] / sd[0];
            double dC = sd[2] / sd[0];
            double dz = sd[3] / sd[0];
            if (alphaLarger) {
                g[0] = -logAlphaU - invA + dB + dC;
                g[1] = -(r + x) / au + dz * bu / (au * au);
                g[2] = -logBetaU + 1 / s - invA + dC;
                g[3] = -s / bu - dz / au;
            } else {
                g[0] = -logAlphaU - invA + dC;
                g[1] = (1 - r - x) / au - dz / bu;
                g[2] = -logBetaU + 1 / s - invA + dB + dC;
                g[3] = -(s + 1) / bu + dz * au / (bu * bu);
            }
        }
        return base + logSOverA + logS;
    }

    /**
     * S = &Sigma;<sub>k</sub> t<sub>k</sub>, t<sub>k</sub> = (B)<sub>k</sub>/(C)<sub>k</sub> z<sup>k</sup>, with dS/dB = &Sigma; t<sub>k</sub> &Sigma;<sub>j&lt;k</sub> 1/(B+j),
     * dS/dC = &minus;&Sigma; t<sub>k</sub> &Sigma;<sub>j&lt;k</sub> 1/(C+j) and dS/dz = &Sigma; k t<sub>k</sub>/z. Since C &gt; B the term ratio
     * is below z, so the tail after term k is below t<sub>k</sub>(k z/(1&minus;z) + z/(1&minus;z)<sup>2</sup>) for all four sums.
     */
    static void series(double bigB, double bigC, double z, double[] out) {
        series(bigB, bigC, z, out, null);
    }

    /** The series, with the first terms' coefficients from {@code c} when given (the same numbers). */
    static void series(double bigB, double bigC, double z, double[] out, Coefficients c) {
        double t = 1;
        double sum = 1;
        double hB = 0;
        double hC = 0;
        double sB = 0;
        double sC = 0;
        double sZ = 0;
        double omz = 1 - z;
        int tabled = c == null ? 0 : c.ratio.length;
        for (int k = 0; ; k++) {
            double ratio;
            if (k < tabled) {
                ratio = c.ratio[k];
                hB = c.hB[k];
                hC = c.hC[k];
            } else {
                double invB = 1 / (bigB + k);
                double invC = 1 / (bigC + k);
                ratio = (bigB + k) * invC;
                hB += invB;
                hC -= invC;
            }
            sZ += (k + 1) * t * ratio;
            t *= ratio * z;
            sum += t;
            sB += t * hB;
            sC += t * hC;
            if (t * (k + 2 + hB) <= STOP * omz * omz * sum) {
                break;
            }
        }
        out[0] = sum;
        out[1] = sB;
        out[2] = sC;
        out[3] = sZ;
    }

    /**
     * The coefficients of the first {@value #TERMS} terms of the series, which depend on B and C (so on
     * x) but not on z: ratio<sub>k</sub> = (B+k)/(C+k) and the running sums &Sigma;<sub>j&le;k</sub> 1/(B+j),
     * &minus;&Sigma;<sub>j&le;k</sub> 1/(C+j), computed by the same operations as the loop, so a tabled series
     * gives the same bits without a division per term.
     */
    static final class Coefficients {
        static final int TERMS = 48;
        final double[] ratio = new double[TERMS];
        final double[] hB = new double[TERMS];
        final double[] hC = new double[TERMS];

        Coefficients(double bigB, double bigC) {
            double sumB = 0;
            double sumC = 0;
            for (int k = 0; k < TERMS; k++) {
                double invB = 1 / (bigB + k);
                double invC = 1 / (bigC + k);
                ratio[k] = (bigB + k) * invC;
                sumB += invB;
                sumC -= invC;
                hB[k] = sumB;
                hC[k] = sumC;
            }
        }
    }

    /** S and its derivatives from {@link Hyp2F1} (for z close to 1); derivatives in B and C by central differences. */
    static void viaHyp2F1(double bigB, double bigC, double z, boolean derivatives, double[] out) {
        out[0] = Hyp2F1.value(1, bigB, bigC, z);
        if (!derivatives) {
            return;
        }
        // Step ~ eps^(1/3) relative: truncation h^2 S'''/6 and rounding eps S/h are both ~1e-11 relative.
        double hB = Math.min(1e-5 * (1 + bigB), 0.5 * bigB);
        double hC = 1e-5 * (1 + bigC);
        out[1] = (Hyp2F1.value(1, bigB + hB, bigC, z) - Hyp2F1.value(1, bigB - hB, bigC, z)) / (2 * hB);
        out[2] = (Hyp2F1.value(1, bigB, bigC + hC, z) - Hyp2F1.value(1, bigB, bigC - hC, z)) / (2 * hC);
        out[3] = bigB / bigC * Hyp2F1.value(2, bigB + 1, bigC + 1, z);
    }
}
