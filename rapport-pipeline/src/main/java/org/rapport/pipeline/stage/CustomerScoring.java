package org.rapport.pipeline.stage;

import java.util.Arrays;
import org.rapport.model.ModelException;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.fit.FitResult;
import org.rapport.model.interval.IntervalMethod;
import org.rapport.model.interval.PredictiveInterval;
import org.rapport.model.spend.GammaGamma;
import org.rapport.model.value.Clv;
import org.rapport.model.value.CustomerScorer;

/**
 * The scoring rules of one batch of customers, with no store: what {@link ScoreStage} writes to
 * {@code customer_scores} and Spark's scoring writes to its Parquet, computed once. P(alive), expected
 * purchases over the horizon, expected spend per purchase, CLV with its delta-method interval and the
 * predictive intervals of {@link PredictiveInterval}, CLV figures times each customer's margin rate.
 * A repeat buyer without a positive mean spend (free items only) gets the population mean spend.
 *
 * <p>The predictive intervals draw customer i of a batch from a stream seeded by i
 * ({@link PredictiveInterval}), so a customer's interval depends on its place in its batch: both engines
 * form the same batches, {@link #BATCH} customers in the order (x, T, customer_id).
 */
public final class CustomerScoring {
    /** Customers per batch, in the order (x, T, customer_id). */
    public static final int BATCH = 100_000;

    private final FitResult<? extends PurchaseModel> purchase;
    private final FitResult<GammaGamma> spend;
    private final Clv clv;
    private final double horizon;
    private final CustomerScorer scorer;

    /**
     * A batch's scores, in input order; NaN where the store has NULL (no spend model, no interval).
     *
     * @param pAlive P(alive)
     * @param expectedPurchases expected purchases over the horizon
     * @param expectedSpend expected spend per purchase
     * @param clv CLV (margin)
     * @param clvLower lower bound of its delta-method interval
     * @param clvUpper upper bound
     * @param purchasesLower lower bound of the predictive interval of the purchases
     * @param purchasesUpper upper bound
     * @param clvPredLower lower bound of the predictive interval of the customer's CLV (margin)
     * @param clvPredUpper upper bound
     */
    public record Scores(double[] pAlive, double[] expectedPurchases, double[] expectedSpend, double[] clv, double[] clvLower,
                         double[] clvUpper, double[] purchasesLower, double[] purchasesUpper, double[] clvPredLower,
                         double[] clvPredUpper) {
    }

    /**
     * @param purchase the final purchase fit
     * @param spend the spend fit, or null (no CLV)
     * @param clv the CLV calculator (horizon, discounting, level; margin 1)
     * @param horizon the expected purchases' horizon, in the model's unit
     */
    public CustomerScoring(FitResult<? extends PurchaseModel> purchase, FitResult<GammaGamma> spend, Clv clv, double horizon) {
        this.purchase = purchase;
        this.spend = spend;
        this.clv = clv;
        this.horizon = horizon;
        this.scorer = CustomerScorer.of(purchase.model(), spend == null ? null : spend.model(), horizon);
    }

    /**
     * @param x repeat purchases
     * @param tx recency
     * @param bigT age
     * @param m mean repeat spend (NaN without one); not changed
     * @param margin margin rates
     * @return the scores
     */
    public Scores score(double[] x, double[] tx, double[] bigT, double[] m, double[] margin) {
        int n = x.length;
        double[] bm = Arrays.copyOf(m, n);
        if (spend != null) {
            double prior = spend.model().meanSpend();
            for (int i = 0; i < n; i++) {
                if (x[i] > 0 && !(bm[i] > 0)) {
                    bm[i] = prior;
                }
            }
        }
        CustomerScorer.Scores s = scorer.score(x, tx, bigT, bm);
        Clv.Scores v = spend == null ? null : clv.estimates(purchase, spend, IntervalMethod.DELTA, x, tx, bigT, bm);
        PredictiveInterval.Intervals p = predictive(x, tx, bigT, bm);
        double[][] out = new double[7][n];
        for (int i = 0; i < n; i++) {
            out[0][i] = v == null ? Double.NaN : margin[i] * v.value()[i];
            out[1][i] = v == null ? Double.NaN : margin[i] * v.lower()[i];
            out[2][i] = v == null ? Double.NaN : margin[i] * v.upper()[i];
            out[3][i] = p == null ? Double.NaN : p.purchasesLower()[i];
            out[4][i] = p == null ? Double.NaN : p.purchasesUpper()[i];
            out[5][i] = p == null ? Double.NaN : margin[i] * p.clvLower()[i];
            out[6][i] = p == null ? Double.NaN : margin[i] * p.clvUpper()[i];
        }
        return new Scores(s.pAlive(), s.expectedPurchases(), s.expectedSpend(), out[0], out[1], out[2], out[3], out[4],
                out[5], out[6]);
    }

    /**
     * @return the predictive intervals, or null (NULL columns) for BG/BB or when a fit has no covariance to
     *     draw parameters from
     */
    private PredictiveInterval.Intervals predictive(double[] x, double[] tx, double[] bigT, double[] m) {
        if (!PredictiveInterval.supports(purchase.modelName())) {
            return null;
        }
        try {
            return PredictiveInterval.of(clv).withPurchaseHorizon(horizon).predict(purchase, spend, x, tx, bigT, m);
        } catch (ModelException e) {
            return null;
        }
    }
}
