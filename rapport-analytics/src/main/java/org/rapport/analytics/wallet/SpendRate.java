package org.rapport.analytics.wallet;

import java.util.HashMap;
import java.util.Map;
import org.rapport.analytics.RunContext;
import org.rapport.model.btyd.PurchaseModel;

/**
 * A customer's yearly spend with us <b>while a customer</b>: the share of wallet's numerator. The
 * customer's purchase rate while alive, E[λ | data], times the expected spend per order (Gamma-Gamma,
 * {@code customer_scores.expected_spend}) times the periods in a year.
 *
 * <p>Why not total spend over the years since the first purchase: a customer who has left spent nothing
 * for part of those years, so that average understates the share of the wallet the customer gave us
 * while buying (on the simulator it was a third of the true rate for the customers who had left, and the
 * mean share came out 24% low); for a recent customer the first purchase over a short time overstates it.
 * The models give the rate itself: a live customer's purchase rate given x repeat purchases in T is the
 * model's expected purchases of a live customer over a short time δ, divided by δ; a customer who has
 * left (BG/NBD and MBG/NBD: right after the last purchase) bought at the rate of a customer observed
 * until t<sub>x</sub>. So E[λ | data] = P(alive) g(δ; x, T)/δ + (1 − P(alive)) g(δ; x, t<sub>x</sub>)/δ, with g the
 * model's {@link PurchaseModel#expectedPurchasesIfAlive}: for BG/NBD exactly P(alive)(r + x)/(α + T) +
 * (1 − P(alive))(r + x)/(α + t<sub>x</sub>). Pareto/NBD customers leave at a time between t<sub>x</sub> and T,
 * so the second term is a little high for them.
 */
final class SpendRate {
    /** The short time, in model periods, over which the rate is taken (its dropout is negligible). */
    static final double DELTA = 1e-3;

    private SpendRate() {
    }

    /**
     * @param run the run (its purchase model and period unit)
     * @param x repeat purchases
     * @param recency T − t<sub>x</sub>
     * @param tenure T
     * @param pAlive P(alive)
     * @param spendPerOrder expected spend per order (NaN: use {@code fallback})
     * @param fallback observed yearly spend, used where the rate cannot be computed
     * @return yearly spend while a customer, per customer
     */
    static double[] yearly(RunContext run, double[] x, double[] recency, double[] tenure, double[] pAlive,
                           double[] spendPerOrder, double[] fallback) {
        PurchaseModel m = run.purchaseModel();
        double perYear = 365.25 / run.unit().days();
        Map<Key, Double> cache = new HashMap<>();
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double tx = Math.max(0, tenure[i] - recency[i]);
            double alive = rate(m, x[i], tenure[i], cache);
            double left = tx > 0 ? rate(m, x[i], tx, cache) : alive;
            double r = pAlive[i] * alive + (1 - pAlive[i]) * left;
            double v = r * perYear * spendPerOrder[i];
            out[i] = Double.isFinite(v) && v >= 0 ? v : fallback[i];
        }
        return out;
    }

    private record Key(double x, double bigT) {
    }

    private static double rate(PurchaseModel m, double x, double bigT, Map<Key, Double> cache) {
        return cache.computeIfAbsent(new Key(x, bigT), k -> {
            try {
                return m.expectedPurchasesIfAlive(DELTA, x, bigT) / DELTA;
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        });
    }
}
