package org.rapport.model.special;

import java.util.Locale;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real a, b, c and real z &le; 1.
 *
 * <p>2F1(a, b; c; z) = &Sigma;<sub>k&ge;0</sub> (a)<sub>k</sub> (b)<sub>k</sub> / ((c)<sub>k</sub> k!) z<sup>k</sup>,
 * Abramowitz &amp; Stegun (1964) equation 15.1.1. Every region of z is mapped to a series that
 * converges quickly and does not cancel:
 * <ul>
 * <li>0 &lt; z &le; 1/2, or z &le; 0.9 when the summed form has positive terms: the series 15.1.1 itself,
 *     for whichever of F(a, b; c; z) and its Euler transform (1&minus;z)<sup>c&minus;a&minus;b</sup>
 *     F(c&minus;a, c&minus;b; c; z) (15.3.3) has positive numerator parameters and c&minus;a&minus;b &ge; 0, so its
 *     terms have one sign and decay like k<sup>&minus;1&minus;|c&minus;a&minus;b|</sup> z<sup>k</sup>.</li>
 * <li>z &lt; 0: the Pfaff transformation (15.3.5), F = (1&minus;z)<sup>&minus;a</sup> F(a, c&minus;b; c; z/(z&minus;1)),
 *     maps z to w = z/(z&minus;1) &isin; (0, 1), with 1 &minus; w = 1/(1&minus;z) computed directly; then as here.</li>
 * <li>0.9 &lt; z &lt; 1: the series with a budget of 200 terms (enough when c is large); otherwise the
 *     1&minus;z transformation 15.3.6, written so that c&minus;a&minus;b = m + &epsilon; may be an integer (the
 *     limiting cases 15.3.10&ndash;15.3.12) or close to one without cancellation: the two 15.3.6 series,
 *     whose terms have poles at &epsilon; = 0, are merged term by term into divided differences
 *     (g<sub>k</sub>(&epsilon;) &minus; g<sub>k</sub>(0))/&epsilon;, computed as {@code expm1} of a log-gamma difference
 *     ({@code LogGammaDelta}) updated in k by {@code log1p} ratios. This is the approach of Forrey (1997),
 *     "Computing the hypergeometric function", J. Comput. Phys. 137, 79&ndash;100, section 2. If that sum
 *     cancels by more than a factor 100 (large a and b with z not close to 1), the series on z is summed
 *     to convergence instead.</li>
 * <li>z = 1: Gauss's sum 15.1.20 when c&minus;a&minus;b &gt; 0.</li>
 * </ul>
 * A terminating series (a or b a non-positive integer) is summed as the polynomial it is, or through
 * the first term of 15.3.6 for z &gt; 1/2. Not supported: z &lt; 0 with c below both a and b, where F is the
 * tiny remainder of huge alternating terms; an {@link ArithmeticException} says so.
 *
 * <p>Accuracy: against an arbitrary-precision apfloat oracle on 1,064 points covering every branch
 * (Hyp2F1Test), |error of ln F| &le; 1e-13 + 2&epsilon;(|a|+|b|+|c|)|ln(1&minus;z)|; the second term is the
 * rounding of c&minus;a&minus;b itself, which enters as (1&minus;z)<sup>c&minus;a&minus;b</sup>. Values beyond the range
 * of a double come on the log scale from {@link #logValue}.
 *
 * <p>Speed: the buy-till-you-die predictions call this once per customer with z &le; 1/2, which costs
 * one pass of the series (tens of terms, no allocation beyond one small object).
 */
public final class Hyp2F1 {
    /** Up to this z the plain series is used whatever the signs of its terms. */
    static final double SERIES_MAX_Z = 0.5;
    /** Up to this z the plain series is used when its terms are positive (at most ~400 terms). */
    static final double POSITIVE_SERIES_MAX_Z = 0.9;
    /** Terms the plain series may take for z &gt; 0.9 before the 1&minus;z transformation is tried. */
    private static final int TRY_TERMS = 200;
    /** The hard limit for any series. */
    private static final int MAX_TERMS = 5_000_000;
    /** Relative size of the last term (times the tail factor) at which a series stops. */
    private static final double STOP = 1e-17;
    /** A series whose terms cancel by more than this factor is rejected. */
    private static final double MAX_CANCELLATION = 1e3;
    /** The 1&minus;z transformation is used outright if its terms cancel by less than this factor... */
    private static final double GOOD_CONDITION = 1e2;
    /** ...and as a last resort, when the series does not converge either, if by less than this one. */
    private static final double LAST_RESORT_CONDITION = 1e8;
    private static final double RESCALE = 0x1p800;
    private static final double LOG_RESCALE = 800 * Math.log(2);

    private Hyp2F1() {
    }

    /**
     * @param a first numerator parameter
     * @param b second numerator parameter
     * @param c denominator parameter, not a non-positive integer
     * @param z argument, z &lt; 1 (or z = 1 with c &minus; a &minus; b &gt; 0)
     * @return 2F1(a, b; c; z); &plusmn;Infinity if it overflows a double (use {@link #logValue})
     * @throws IllegalArgumentException if an argument is not finite or outside the domain
     * @throws ArithmeticException if no method converges (parameters far beyond the tested range)
     */
    public static double value(double a, double b, double c, double z) {
        check(a, b, c, z);
        if (z > 0 && z <= SERIES_MAX_Z && a > 0 && b > 0 && c > 0 && c - a - b >= 0) {
            // The common case of the buy-till-you-die models, without the general dispatch.
            Scaled s = series(a, b, c, z, MAX_TERMS);
            if (s != null) {
                return s.value();
            }
        }
        return eval(a, b, c, z).value();
    }

    /**
     * The natural logarithm of 2F1, for values beyond the range of a double.
     *
     * @param a first numerator parameter
     * @param b second numerator parameter
     * @param c denominator parameter, not a non-positive integer
     * @param z argument, z &lt; 1 (or z = 1 with c &minus; a &minus; b &gt; 0)
     * @return ln 2F1(a, b; c; z)
     * @throws IllegalArgumentException if an argument is outside the domain
     * @throws ArithmeticException if 2F1 is not positive there, or no method converges
     */
    public static double logValue(double a, double b, double c, double z) {
        check(a, b, c, z);
        Scaled s = eval(a, b, c, z);
        if (!(s.mantissa > 0)) {
            throw new ArithmeticException(String.format(Locale.ROOT,
                    "2F1(%s, %s; %s; %s) = %s is not positive, so it has no logarithm", a, b, c, z, s.value()));
        }
        return Math.log(s.mantissa) + s.logScale;
    }

    private static void check(double a, double b, double c, double z) {
        if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c) && Double.isFinite(z))) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "2F1(%s, %s; %s; %s): arguments must be finite", a, b, c, z));
        }
        if (isNonPositiveInteger(c)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "2F1(%s, %s; %s; %s): c must not be 0 or a negative integer", a, b, c, z));
        }
        if (z > 1 || (z == 1 && !(c - a - b > 0) && !isNonPositiveInteger(a) && !isNonPositiveInteger(b))) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "2F1(%s, %s; %s; %s) diverges: need z < 1, or z = 1 with c - a - b > 0", a, b, c, z));
        }
    }

    private static Scaled eval(double a, double b, double c, double z) {
        if (z == 0 || a == 0 || b == 0) {
            return Scaled.ONE;
        }
        if ((isNonPositiveInteger(a) || isNonPositiveInteger(b)) && z <= SERIES_MAX_Z) {
            return require(series(a, b, c, z, MAX_TERMS), a, b, c, z);
        }
        if (z < 0) {
            // Pfaff, A&S 15.3.5: F(a, b; c; z) = (1-z)^-a F(a, c-b; c; w), w = z/(z-1), 1-w = 1/(1-z).
            double omz = 1 - z;
            return unitInterval(a, c - b, c, -z / omz, 1 / omz).times(-a * Math.log1p(-z));
        }
        if (z == 1) {
            return gaussSum(a, b, c);
        }
        return unitInterval(a, b, c, z, 1 - z);
    }

    /** 2F1 for 0 &lt; z &lt; 1, given z and w = 1 &minus; z both to full relative precision. */
    private static Scaled unitInterval(double a, double b, double c, double z, double w) {
        boolean polynomial = isNonPositiveInteger(a) || isNonPositiveInteger(b);
        boolean euler = !polynomial && preferEuler(a, b, c);
        double sa = euler ? c - a : a;
        double sb = euler ? c - b : b;
        double eulerLog = euler ? (c - a - b) * Math.log(w) : 0;
        if (z <= SERIES_MAX_Z || (sa > 0 && sb > 0 && z <= POSITIVE_SERIES_MAX_Z)) {
            Scaled s = series(sa, sb, c, z, MAX_TERMS);
            if (s != null) {
                return s.times(eulerLog);
            }
            if (!polynomial) {
                // Terms of both signs cancelled: try the other form.
                s = series(euler ? a : c - a, euler ? b : c - b, c, z, MAX_TERMS);
                if (s != null) {
                    return s.times(euler ? 0 : (c - a - b) * Math.log(w));
                }
            }
        } else {
            Scaled s = series(sa, sb, c, z, TRY_TERMS);
            if (s != null) {
                return s.times(eulerLog);
            }
        }
        Scaled t = oneMinusZ(a, b, c, w);
        if (t != null && t.condition <= GOOD_CONDITION) {
            return t;
        }
        Scaled s = series(sa, sb, c, z, MAX_TERMS);
        if (s != null) {
            return s.times(eulerLog);
        }
        return require(t != null && t.condition <= LAST_RESORT_CONDITION ? t : null, a, b, c, z);
    }

    private static Scaled require(Scaled s, double a, double b, double c, double z) {
        if (s == null) {
            throw new ArithmeticException(String.format(Locale.ROOT,
                    "2F1(%s, %s; %s; %s) cannot be computed to double precision: its series does not converge in %d"
                            + " terms or its terms cancel (c below both a and b with z < 0 is not supported)",
                    a, b, c, z, MAX_TERMS));
        }
        return s;
    }

    /**
     * Whether to sum the Euler transform (15.3.3) instead of the series itself: prefer positive numerator
     * parameters (terms of one sign), then c&minus;a&minus;b &ge; 0 in the summed form, which makes the terms
     * decay like k<sup>&minus;1&minus;|c&minus;a&minus;b|</sup> z<sup>k</sup>.
     */
    private static boolean preferEuler(double a, double b, double c) {
        boolean plainPositive = a > 0 && b > 0;
        boolean eulerPositive = c - a > 0 && c - b > 0;
        if (plainPositive != eulerPositive) {
            return eulerPositive;
        }
        return c - a - b < 0;
    }

    /**
     * The series 15.1.1, or null if it has not converged after {@code maxTerms} terms or its terms
     * cancel by more than {@link #MAX_CANCELLATION}. Stops when the last term times the geometric tail
     * factor &rho;/(1&minus;&rho;) is below 1e-17 of the sum, once past any sign change of a numerator factor.
     */
    private static Scaled series(double a, double b, double c, double z, int maxTerms) {
        double term = 1;
        double sum = 1;
        double abs = 1;
        double scale = 0;
        double pastSignChanges = Math.max(-a, -b);
        double az = Math.abs(z);
        for (int k = 0; k < maxTerms; k++) {
            double ratio = (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            term *= ratio;
            sum += term;
            abs += Math.abs(term);
            double rho = Math.max(Math.abs(ratio), az);
            if (term == 0 || (rho < 1 && k + 1 > pastSignChanges
                    && Math.abs(term) * rho <= STOP * (1 - rho) * Math.abs(sum))) {
                return abs <= MAX_CANCELLATION * Math.abs(sum) ? new Scaled(sum, scale) : null;
            }
            if (abs > RESCALE) {
                sum /= RESCALE;
                term /= RESCALE;
                abs /= RESCALE;
                scale += LOG_RESCALE;
            }
        }
        return null;
    }

    /**
     * The 1&minus;z transformation (A&amp;S 15.3.6 and its limits 15.3.10&ndash;15.3.12) for w = 1&minus;z &lt; 1/2.
     * Of the given form and its Euler transform, it uses the one and the integer m &ge; 0 with the smallest
     * |&epsilon;|, &epsilon; = c&minus;a&minus;b &minus; m, for which every gamma function below has a positive argument.
     * A form with a non-positive integer numerator parameter is a polynomial and keeps only the first
     * term of 15.3.6.
     *
     * @return the value with its cancellation factor, or null if no form qualifies
     */
    private static Scaled oneMinusZ(double a, double b, double c, double w) {
        if (!(c > 0)) {
            return null;
        }
        double d = c - a - b;
        double bestEps = Double.NaN;
        boolean bestEuler = false;
        int bestM = 0;
        for (int form = 0; form < 2; form++) {
            boolean euler = form == 1;
            double fa = euler ? c - a : a;
            double fb = euler ? c - b : b;
            double fd = euler ? -d : d;
            if (isNonPositiveInteger(fa) || isNonPositiveInteger(fb)) {
                // Terminates at the non-positive integer parameter nearest to zero.
                boolean aFirst = isNonPositiveInteger(fa) && (!isNonPositiveInteger(fb) || fa >= fb);
                Scaled p = polynomialOneMinusZ(aFirst ? fa : fb, aFirst ? fb : fa, c, w);
                if (p != null) {
                    return p.times(euler ? d * Math.log(w) : 0);
                }
                continue;
            }
            for (double mm : new double[] {Math.floor(fd), Math.ceil(fd)}) {
                double eps = fd - mm;
                boolean valid = mm >= 0 && mm < Integer.MAX_VALUE && fa + mm > 0 && fb + mm > 0
                        && fa + fd > 0 && fb + fd > 0 && Math.abs(eps) < 1;
                if (valid && !(Math.abs(eps) >= Math.abs(bestEps))) {
                    bestEps = eps;
                    bestEuler = euler;
                    bestM = (int) mm;
                }
            }
        }
        if (Double.isNaN(bestEps)) {
            return null;
        }
        Scaled s = bestEuler ? limitForm(c - a, c - b, c, bestM, bestEps, w) : limitForm(a, b, c, bestM, bestEps, w);
        return s == null ? null : s.times(bestEuler ? d * Math.log(w) : 0);
    }

    /**
     * F(&minus;n, B; C; 1&minus;w) = &Gamma;(C)&Gamma;(D)/(&Gamma;(C+n)&Gamma;(C&minus;B)) F(&minus;n, B; 1&minus;D; w), D = C+n&minus;B
     * (15.3.6, whose second term vanishes with 1/&Gamma;(&minus;n)); null where that form is singular.
     */
    private static Scaled polynomialOneMinusZ(double fa, double fb, double c, double w) {
        double d = c - fa - fb;
        int n = (int) -fa;
        if (isNonPositiveInteger(d) || isNonPositiveInteger(c - fa) || isNonPositiveInteger(c - fb)
                || (d == Math.rint(d) && d >= 1 && d <= n)) {
            return null;
        }
        int[] s1 = new int[1];
        int[] s2 = new int[1];
        int[] s3 = new int[1];
        int[] s4 = new int[1];
        double log = LogGamma.value(c, s1) + LogGamma.value(d, s2) - LogGamma.value(c - fa, s3)
                - LogGamma.value(c - fb, s4);
        double term = 1;
        double sum = 1;
        double abs = 1;
        for (int k = 0; k < n; k++) {
            term *= (fa + k) * (fb + k) / ((1 - d + k) * (k + 1)) * w;
            sum += term;
            abs += Math.abs(term);
        }
        return new Scaled(s1[0] * s2[0] * s3[0] * s4[0] * sum, log, abs / Math.abs(sum));
    }

    /**
     * F(A, B; C; 1&minus;w) with C&minus;A&minus;B = m + &epsilon;, m &ge; 0, by 15.3.6 with the pole terms merged.
     *
     * <p>F = T<sub>1</sub> + R, where T<sub>1</sub> = &Gamma;(C)&Gamma;(m+&epsilon;)/(&Gamma;(C&minus;A)&Gamma;(C&minus;B))
     * &Sigma;<sub>n&lt;m</sub> (A)<sub>n</sub>(B)<sub>n</sub>/((1&minus;m&minus;&epsilon;)<sub>n</sub> n!) w<sup>n</sup> and
     * R = (&minus;1)<sup>m+1</sup> &Gamma;(C) w<sup>m</sup> / (&Gamma;(A)&Gamma;(B)&Gamma;(C&minus;B)&Gamma;(C&minus;A)) &middot;
     * &pi;&epsilon;/sin(&pi;&epsilon;) &middot; &Sigma;<sub>k</sub> w<sup>k</sup> (g<sub>k</sub>(&epsilon;) &minus; g<sub>k</sub>(0))/&epsilon;, with
     * g<sub>k</sub>(&eta;) = w<sup>&eta;</sup> &Gamma;(A+m+k+&eta;)&Gamma;(B+m+k+&eta;) / (&Gamma;(m+k+1+&eta;)&Gamma;(k+1&minus;&epsilon;+&eta;)).
     * At &epsilon; = 0 this is 15.3.11 (15.3.10 for m = 0).
     */
    private static Scaled limitForm(double fa, double fb, double c, int m, double eps, double w) {
        double fd = m + eps;
        double logW = Math.log(w);
        // T1: the finite sum.
        double t1 = 0;
        double abs1 = 0;
        double logPre1 = 0;
        if (m > 0) {
            logPre1 = LogBeta.value(c, fd) - LogBeta.value(c - fa, c - fb);
            double t = 1;
            for (int n = 0; n < m; n++) {
                t1 += t;
                abs1 += Math.abs(t);
                t *= (fa + n) * (fb + n) / ((1 - fd + n) * (n + 1)) * w;
            }
        }
        // R: prefactor Γ(C)/(Γ(A)Γ(B)) · Γ(A+m)Γ(B+m)/(Γ(C-B)Γ(C-A)) / (m! Γ(1-ε)) · w^m.
        double lgdA = LogGammaDelta.overEps(fa + m, eps);
        double lgdB = LogGammaDelta.overEps(fb + m, eps);
        int sign = (m % 2 == 0) ? -1 : 1;
        double logGammaRatio;
        if (fa > 0 && fb > 0) {
            logGammaRatio = -LogBeta.value(fa, fb) + fd * LogGammaDelta.overEps(fa + fb, fd);
        } else {
            int[] sa = new int[1];
            int[] sb = new int[1];
            logGammaRatio = LogGamma.value(c) - LogGamma.value(fa, sa) - LogGamma.value(fb, sb);
            sign *= sa[0] * sb[0];
        }
        double logPreR = logGammaRatio - eps * (lgdA + lgdB) - LogGamma.value(m + 1.0) - LogGamma.value(1 - eps)
                + m * logW;
        double piEps = eps == 0 ? 1 : Math.PI * eps / Math.sin(Math.PI * eps);
        // h_k = g_k(0) expm1(D_k)/ε with D_k = ln g_k(ε) − ln g_k(0); D_k/ε and g_k(0) w^k (normalised
        // to g_0(0) = 1) follow from the ratio g_{k+1}/g_k, so nothing is subtracted but the terms of D_k.
        double dOverEps = logW + lgdA + lgdB - LogGammaDelta.overEps(m + 1.0, eps) - LogGammaDelta.overEps(1 - eps, eps);
        double[] series = poleSeries(fa, fb, m, eps, w, dOverEps);
        if (series == null) {
            return null;
        }
        double sum = series[0];
        double abs = series[1];
        double scale = series[2];
        // Combine T1 and R on a common scale.
        double logR = logPreR + scale + Math.log(piEps);
        double top = Math.max(m > 0 ? logPre1 : Double.NEGATIVE_INFINITY, logR);
        double part1 = m > 0 ? Math.exp(logPre1 - top) : 0;
        double partR = sign * Math.exp(logR - top);
        double value = part1 * t1 + partR * sum;
        double magnitude = part1 * abs1 + Math.abs(partR) * abs;
        double condition = magnitude / Math.abs(value);
        return Double.isFinite(value) && condition < Double.POSITIVE_INFINITY ? new Scaled(value, top, condition) : null;
    }

    /**
     * The series &Sigma;<sub>k</sub> h<sub>k</sub> of {@link #limitForm}, with h<sub>k</sub> = g<sub>k</sub>(0) expm1(D<sub>k</sub>)/&epsilon;.
     *
     * @return {sum, sum of |terms|, log of the rescaling applied to both}, or null if it did not converge
     */
    private static double[] poleSeries(double fa, double fb, int m, double eps, double w, double dOverEps0) {
        double g = 1;
        double dOverEps = dOverEps0;
        double sum = 0;
        double abs = 0;
        double scale = 0;
        for (int k = 0; ; k++) {
            double h = g * dOverEps * LogGammaDelta.expm1OverX(eps * dOverEps);
            sum += h;
            abs += Math.abs(h);
            double ap = fa + m + k;
            double bp = fb + m + k;
            double cp = m + k + 1.0;
            double dp = k + 1 - eps;
            double ratio = w * ap * bp / (cp * dp);
            if (ratio < 1 && Math.abs(h) <= STOP * Math.abs(sum) && Math.abs(g) <= STOP * Math.abs(sum)) {
                break;
            }
            if (k > MAX_TERMS) {
                return null;
            }
            dOverEps += LogGammaDelta.log1pOverX(eps / ap) / ap + LogGammaDelta.log1pOverX(eps / bp) / bp
                    - LogGammaDelta.log1pOverX(eps / cp) / cp - LogGammaDelta.log1pOverX(eps / dp) / dp;
            g *= ratio;
            if (abs > RESCALE) {
                sum /= RESCALE;
                abs /= RESCALE;
                g /= RESCALE;
                scale += LOG_RESCALE;
            }
        }
        return new double[] {sum, abs, scale};
    }

    /** A&amp;S 15.1.20: F(a, b; c; 1) = &Gamma;(c)&Gamma;(c&minus;a&minus;b)/(&Gamma;(c&minus;a)&Gamma;(c&minus;b)) for c&minus;a&minus;b &gt; 0. */
    private static Scaled gaussSum(double a, double b, double c) {
        double d = c - a - b;
        if (c > 0 && c - a > 0 && c - b > 0) {
            return new Scaled(1, LogBeta.value(c, d) - LogBeta.value(c - a, c - b));
        }
        int[] s1 = new int[1];
        int[] s2 = new int[1];
        int[] s3 = new int[1];
        int[] s4 = new int[1];
        double log = LogGamma.value(c, s1) + LogGamma.value(d, s2) - LogGamma.value(c - a, s3) - LogGamma.value(c - b, s4);
        return new Scaled(s1[0] * s2[0] * s3[0] * s4[0], log);
    }

    private static boolean isNonPositiveInteger(double v) {
        return v <= 0 && v == Math.rint(v);
    }

    /** mantissa &middot; exp(logScale), and how much its terms cancelled. */
    private static final class Scaled {
        static final Scaled ONE = new Scaled(1, 0);
        final double mantissa;
        final double logScale;
        /** Sum of the absolute values of the terms over the absolute value of the sum. */
        final double condition;

        Scaled(double mantissa, double logScale) {
            this(mantissa, logScale, 1);
        }

        Scaled(double mantissa, double logScale, double condition) {
            this.mantissa = mantissa;
            this.logScale = logScale;
            this.condition = condition;
        }

        Scaled times(double logFactor) {
            return logFactor == 0 ? this : new Scaled(mantissa, logScale + logFactor, condition);
        }

        double value() {
            if (logScale == 0) {
                return mantissa;
            }
            double f = Math.exp(logScale);
            if (f > 0 && f < Double.POSITIVE_INFINITY) {
                return mantissa * f;
            }
            return Math.copySign(Math.exp(Math.log(Math.abs(mantissa)) + logScale), mantissa);
        }
    }
}
