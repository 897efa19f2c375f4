package org.rapport.model.special;

import java.math.BigDecimal;
import org.apfloat.Apfloat;
import org.apfloat.ApfloatMath;

/**
 * 2F1(a, b; c; z) in arbitrary precision (apfloat), by the textbook formulas and no numerical tricks:
 * precision, not stability, is what makes it right.
 *
 * <ul>
 * <li>&minus;1/2 &le; z &le; 0.9: the series A&amp;S 15.1.1, summed until a term is below 10<sup>&minus;P</sup> of the sum.</li>
 * <li>z &lt; &minus;1/2: Pfaff, 15.3.5, F = (1&minus;z)<sup>&minus;a</sup> F(a, c&minus;b; c; z/(z&minus;1)), then as here.</li>
 * <li>0.9 &lt; z &lt; 1: 15.3.6 with gamma functions (through log-gamma and the reflection formula).
 *     Where c&minus;a&minus;b, c&minus;a or c&minus;b is an integer (a pole of a gamma function), c is moved by
 *     &delta; = 10<sup>&minus;0.4P</sup> first: F is analytic in c, so that changes it by &delta;&middot;|d ln F/dc|, far below
 *     the 25 digits we keep, while the digits that cancel are paid for by the precision.</li>
 * <li>a or b a non-positive integer: the terminating series, for any z.</li>
 * </ul>
 * The value is computed at precision 50, 80, ... up to 400 digits, until two results that each kept
 * at least 32 digits (apfloat tracks the digits lost to cancellation) agree to 1e-28 relative, so
 * cancellation anywhere costs time instead of giving a wrong answer. The inputs are converted exactly
 * (BigDecimal of the double), so the oracle evaluates at the very arguments the double code sees.
 */
final class Hyp2F1Oracle {
    private static final long[] PRECISIONS = {50, 80, 130, 200, 300, 400};

    private Hyp2F1Oracle() {
    }

    /** @return ln 2F1(a, b; c; z) as a double (for F &gt; 0) */
    static double logValue(double a, double b, double c, double z) {
        return ApfloatMath.log(value(a, b, c, z)).doubleValue();
    }

    /**
     * @return 2F1(a, b; c; z) to at least 28 significant digits
     * @throws ArithmeticException if no two precisions agree
     */
    static Apfloat value(double a, double b, double c, double z) {
        Apfloat previous = null;
        for (long p : PRECISIONS) {
            Apfloat v = value(exact(a, p), exact(b, p), exact(c, p), exact(z, p), p);
            // apfloat tracks the digits lost to cancellation in each result's precision(); only results
            // that kept at least 32 are compared (at lower precision, subtract() would report agreement
            // within the surviving digits).
            if (v.precision() < 32 || v.signum() == 0) {
                continue;
            }
            if (previous != null) {
                Apfloat rel = ApfloatMath.abs(v.subtract(previous)).divide(ApfloatMath.abs(v));
                if (rel.compareTo(new Apfloat("1e-28")) < 0) {
                    return v;
                }
            }
            previous = v;
        }
        throw new ArithmeticException("oracle did not settle for 2F1(" + a + ", " + b + "; " + c + "; " + z + ")");
    }

    private static Apfloat exact(double v, long precision) {
        return new Apfloat(new BigDecimal(v), precision);
    }

    static Apfloat value(Apfloat a, Apfloat b, Apfloat c, Apfloat z, long p) {
        Apfloat one = new Apfloat(1, p);
        if (nonPositiveInteger(a) || nonPositiveInteger(b)) {
            return series(a, b, c, z, p);
        }
        if (z.compareTo(new Apfloat("-0.5", p)) < 0) {
            return ApfloatMath.pow(one.subtract(z), a.negate()).multiply(value(a, c.subtract(b), c, z.divide(z.subtract(one)), p));
        }
        if (z.compareTo(new Apfloat("0.9", p)) <= 0) {
            return series(a, b, c, z, p);
        }
        if (nearInteger(c.subtract(a).subtract(b), p) || nearInteger(c.subtract(a), p) || nearInteger(c.subtract(b), p)) {
            c = c.add(new Apfloat("1e-" + (2 * p / 5), p));
        }
        Apfloat d = c.subtract(a).subtract(b);
        Apfloat w = one.subtract(z);
        Apfloat first = gammaRatio(new Apfloat[] {c, d}, new Apfloat[] {c.subtract(a), c.subtract(b)}, p)
                .multiply(series(a, b, one.subtract(d), w, p));
        Apfloat second = ApfloatMath.pow(w, d)
                .multiply(gammaRatio(new Apfloat[] {c, d.negate()}, new Apfloat[] {a, b}, p))
                .multiply(series(c.subtract(a), c.subtract(b), one.add(d), w, p));
        return first.add(second);
    }

    /** &Pi; &Gamma;(num) / &Pi; &Gamma;(den), through ln|&Gamma;| and &Gamma;(x) = &pi; / (sin(&pi;x) &Gamma;(1&minus;x)) for x &lt; 0. */
    private static Apfloat gammaRatio(Apfloat[] num, Apfloat[] den, long p) {
        Apfloat log = new Apfloat(0, p);
        int sign = 1;
        for (int i = 0; i < num.length + den.length; i++) {
            boolean isNum = i < num.length;
            Apfloat x = isNum ? num[i] : den[i - num.length];
            Apfloat l;
            if (x.signum() > 0) {
                l = ApfloatMath.logGamma(x);
            } else {
                Apfloat s = ApfloatMath.sin(ApfloatMath.pi(p).multiply(x));
                sign *= s.signum();
                l = ApfloatMath.log(ApfloatMath.pi(p)).subtract(ApfloatMath.log(ApfloatMath.abs(s)))
                        .subtract(ApfloatMath.logGamma(new Apfloat(1, p).subtract(x)));
            }
            log = isNum ? log.add(l) : log.subtract(l);
        }
        Apfloat v = ApfloatMath.exp(log);
        return sign < 0 ? v.negate() : v;
    }

    private static boolean nonPositiveInteger(Apfloat v) {
        return v.signum() <= 0 && v.frac().signum() == 0;
    }

    private static boolean nearInteger(Apfloat v, long p) {
        Apfloat frac = ApfloatMath.abs(v.frac());
        Apfloat distance = frac.compareTo(new Apfloat("0.5")) > 0 ? new Apfloat(1, p).subtract(frac) : frac;
        return distance.compareTo(new Apfloat("1e-" + (p / 5), p)) < 0;
    }

    /** A&amp;S 15.1.1 for |z| &le; 0.9 (and terminating series). */
    private static Apfloat series(Apfloat a, Apfloat b, Apfloat c, Apfloat z, long p) {
        Apfloat one = new Apfloat(1, p);
        Apfloat tiny = new Apfloat("1e-" + (p + 5), p);
        Apfloat term = one;
        Apfloat sum = one;
        for (long k = 0; k < 1_000_000; k++) {
            Apfloat kk = new Apfloat(k, p);
            term = term.multiply(a.add(kk)).multiply(b.add(kk)).multiply(z).divide(c.add(kk).multiply(kk.add(one)));
            sum = sum.add(term);
            if (term.signum() == 0) {
                return sum;
            }
            boolean pastSigns = kk.compareTo(a.negate()) > 0 && kk.compareTo(b.negate()) > 0;
            if (pastSigns && ApfloatMath.abs(term).compareTo(tiny.multiply(ApfloatMath.abs(sum))) < 0) {
                return sum;
            }
        }
        throw new ArithmeticException("oracle series did not converge");
    }
}
