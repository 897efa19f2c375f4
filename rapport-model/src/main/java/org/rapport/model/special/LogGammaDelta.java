package org.rapport.model.special;

/**
 * The divided difference of the log-gamma function, (ln &Gamma;(x+&epsilon;) &minus; ln &Gamma;(x)) / &epsilon;,
 * accurate to a few ulps relative for every &epsilon; including 0 (where it is &psi;(x)).
 *
 * <p>Subtracting two {@code LogGamma} values loses all digits when &epsilon; is small; the
 * hypergeometric transformation near an integer c&minus;a&minus;b needs the difference itself. For
 * x &ge; 10 it differences Stirling's series term by term (Abramowitz &amp; Stegun 6.1.40) with every
 * difference written through {@code log1p}/{@code expm1}; smaller x is shifted up with
 * &Gamma;(x+1) = x &Gamma;(x) (A&amp;S 6.1.15).
 */
final class LogGammaDelta {
    /** B<sub>2j</sub> / (2j (2j&minus;1)) for j = 1..8: the coefficients of Stirling's series. */
    private static final double[] STIRLING = {
        1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156, -3617.0 / 122400,
    };
    /** Above this the truncated series (8 terms) errs by less than 1e-18. */
    private static final double STIRLING_MIN = 10;

    private LogGammaDelta() {
    }

    /**
     * @param x the base point, &gt; 0
     * @param eps the step, with x + eps &gt; 0
     * @return (ln &Gamma;(x+eps) &minus; ln &Gamma;(x)) / eps, or &psi;(x) if eps = 0
     */
    static double overEps(double x, double eps) {
        double shift = 0;
        while (x < STIRLING_MIN || x + eps < STIRLING_MIN) {
            // ln Γ(x+ε) − ln Γ(x) = [ln Γ(x+1+ε) − ln Γ(x+1)] − ln(1 + ε/x)
            shift += log1pOverX(eps / x) / x;
            x += 1;
        }
        double u = eps / x;
        double l = log1pOverX(u);
        // (x+ε−½) ln(x+ε) − (x−½) ln x − ε, divided by ε
        double v = (x - 0.5) / x * l + Math.log(x + eps) - 1;
        double x2 = 1 / (x * x);
        double xp = x2;
        double logRatio = Math.log1p(u);
        for (int j = 1; j <= STIRLING.length; j++) {
            int p = 2 * j - 1;
            // [(x+ε)^{-p} − x^{-p}] / ε = −p x^{-p-1} · expm1(y)/y · log1p(u)/u, y = −p log1p(u)
            v -= STIRLING[j - 1] * p * xp * expm1OverX(-p * logRatio) * l;
            xp *= x2;
        }
        return v - shift;
    }

    /** @return log1p(u) / u, 1 at u = 0 */
    static double log1pOverX(double u) {
        return u == 0 ? 1 : Math.log1p(u) / u;
    }

    /** @return expm1(y) / y, 1 at y = 0 */
    static double expm1OverX(double y) {
        return y == 0 ? 1 : Math.expm1(y) / y;
    }
}
