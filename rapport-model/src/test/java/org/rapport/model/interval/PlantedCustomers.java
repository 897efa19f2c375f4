package org.rapport.model.interval;

import java.util.SplittableRandom;

/**
 * A simulated base that keeps each customer's latent truth: purchase rate &lambda;, dropout p (BG/NBD,
 * MBG/NBD) or &mu; (Pareto/NBD), alive at T, mean spend &zeta; = p<sub>GG</sub>/&nu;, and what happened in the
 * holdout (T, T + holdout]: the purchases and their discounted value. Births uniform over [0, births),
 * calibration to week {@code calibration}; spend per purchase Gamma(p<sub>GG</sub>, &nu;), &nu; ~ Gamma(q, &gamma;).
 */
final class PlantedCustomers {
    final double[] x;
    final double[] tx;
    final double[] bigT;
    final double[] mbar;
    /** Purchases in the holdout. */
    final double[] holdout;
    /** Discounted spend of the holdout purchases, each at the end of its step. */
    final double[] holdoutValue;
    /** E[purchases in the holdout | true traits, alive state at T]. */
    final double[] expectedPurchases;
    /** E[discounted value in the holdout | true traits, alive state at T]. */
    final double[] expectedValue;

    /**
     * @param family bgnbd, mbgnbd or pnbd
     * @param p (r, alpha, a, b) or (r, alpha, s, beta)
     * @param g (p, q, gamma) of Gamma-Gamma
     * @param step the discounting step; holdout = steps &times; step
     * @param rho the discount factor per step
     */
    PlantedCustomers(String family, double[] p, double[] g, int n, long seed, double births, double calibration,
                     int steps, double step, double rho) {
        x = new double[n];
        tx = new double[n];
        bigT = new double[n];
        mbar = new double[n];
        holdout = new double[n];
        holdoutValue = new double[n];
        expectedPurchases = new double[n];
        expectedValue = new double[n];
        SplittableRandom r = new SplittableRandom(seed);
        boolean pareto = family.equals("pnbd");
        boolean toss = family.equals("mbgnbd");
        double h = steps * step;
        for (int i = 0; i < n; i++) {
            double t0 = calibration - births * r.nextDouble();
            double lambda = Gammas.gamma(r, p[0]) / p[1];
            double drop = pareto ? Gammas.gamma(r, p[2]) / p[3] : Gammas.beta(r, p[2], p[3]);
            double death = pareto ? r.nextExponential() / drop : Double.POSITIVE_INFINITY;
            boolean alive = !toss || r.nextDouble() >= drop;
            double nu = Gammas.gamma(r, g[1]) / g[2];
            double t = r.nextExponential() / lambda;
            int k = 0;
            double last = 0;
            double spent = 0;
            while (alive && t <= t0 && t <= death) {
                k++;
                last = t;
                spent += Gammas.gamma(r, g[0]) / nu;
                alive = pareto || r.nextDouble() >= drop;
                t += r.nextExponential() / lambda;
            }
            alive = alive && death > t0;
            boolean aliveAtT = alive;
            x[i] = k;
            tx[i] = last;
            bigT[i] = t0;
            mbar[i] = k > 0 ? spent / k : 0;
            int y = 0;
            double value = 0;
            while (alive && t <= t0 + h && t <= death) {
                y++;
                value += Gammas.gamma(r, g[0]) / nu * Math.pow(rho, Math.ceil((t - t0) / step));
                alive = pareto || r.nextDouble() >= drop;
                t += r.nextExponential() / lambda;
            }
            holdout[i] = y;
            holdoutValue[i] = value;
            if (aliveAtT) {
                double rate = pareto ? drop : lambda * drop;
                double scale = pareto ? lambda / drop : 1 / drop;
                expectedPurchases[i] = scale * -Math.expm1(-rate * h);
                double q = Math.exp(-rate * step);
                expectedValue[i] = g[0] / nu * scale * -Math.expm1(-rate * step) * rho
                        * (1 - Math.pow(q * rho, steps)) / (1 - q * rho);
            }
        }
    }
}
