package org.rapport.analytics.groups;

import org.rapport.model.btyd.PurchaseModel;

/**
 * Projected relationship length: the expected time a customer stays within a horizon h,
 * P(alive) × E[∫<sub>0</sub><sup>h</sup> S(u) du | alive], S(u) the probability of still being alive u after the
 * end of the data. Given alive at T with x repeat purchases, the posteriors are, for each model
 * (the standard conditioning of Fader, Hardie &amp; Lee 2005; Schmittlein, Morrison &amp; Colombo 1987):
 * <ul>
 * <li>BG/NBD: λ ~ Gamma(r + x, α + T), p ~ Beta(a, b + x), independent; a live customer drops out at
 *     rate λp (a purchase at rate λ, then a dropout toss p), so S(u) = E[((α + T)/(α + T + pu))^(r + x)];</li>
 * <li>MBG/NBD: the same with p ~ Beta(a, b + x + 1) (one more toss, after the first purchase);</li>
 * <li>Pareto/NBD: μ ~ Gamma(s, β + T), S(u) = ((β + T)/(β + T + u))^s.</li>
 * </ul>
 * With A the scale and k the shape, ∫<sub>0</sub><sup>h</sup> (A/(A + cu))^k du = (A/c) (1 − e^(−(k−1)L))/(k − 1),
 * L = ln(1 + ch/A) (→ (A/c) L as k → 1, → h as c → 0). The expectation over p uses the midpoint rule
 * in v = p^a (which takes out the Beta density's singularity at 0) with {@value #NODES} nodes.
 */
public final class RelationshipLength {
    static final int NODES = 256;

    private RelationshipLength() {
    }

    /**
     * @param model the fitted purchase model
     * @param x repeat purchases
     * @param bigT time since the first purchase (model units)
     * @param h the horizon (model units)
     * @return the expected time alive within the horizon of a customer alive now (0..h)
     */
    public static double ifAlive(PurchaseModel model, double x, double bigT, double h) {
        double[] q = model.parameters();
        return switch (model.name()) {
            case "pnbd" -> integral(q[3] + bigT, 1, q[2], h);
            case "bgnbd" -> overBeta(q[0] + x, q[1] + bigT, q[2], q[3] + x, h);
            case "mbgnbd" -> overBeta(q[0] + x, q[1] + bigT, q[2], q[3] + x + 1, h);
            default -> throw new IllegalArgumentException("no relationship length for model " + model.name());
        };
    }

    /** ∫_0^h (A / (A + c u))^k du. */
    static double integral(double scale, double c, double k, double h) {
        double z = c * h / scale;
        if (z < 1e-12) {
            return h;
        }
        double l = Math.log1p(z);
        double km1 = k - 1;
        double f = Math.abs(km1 * l) < 1e-12 ? l : -Math.expm1(-km1 * l) / km1;
        return scale / c * f;
    }

    private static double overBeta(double k, double scale, double a, double b, double h) {
        double sum = 0;
        double weights = 0;
        for (int i = 0; i < NODES; i++) {
            double p = Math.pow((i + 0.5) / NODES, 1 / a);
            double w = Math.pow(1 - p, b - 1);
            sum += w * integral(scale, p, k, h);
            weights += w;
        }
        return sum / weights;
    }
}
