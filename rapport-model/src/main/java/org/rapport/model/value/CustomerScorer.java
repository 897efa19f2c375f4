package org.rapport.model.value;

import org.rapport.model.ModelException;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.data.DistinctRows;
import org.rapport.model.data.RfmTable;
import org.rapport.model.spend.GammaGamma;

/**
 * Scores many customers at once: P(alive), expected purchases over a horizon and expected spend per
 * purchase. The purchase-model predictions depend only on {@code (x, t_x, T)}, so they are computed
 * once per distinct row ({@link DistinctRows}) and looked up per customer; the spend prediction is a
 * closed form per customer. The expected purchases factor as P(alive | x, t_x, T) &middot;
 * E[Y(t) | x, T, alive] ({@link PurchaseModel#expectedPurchasesIfAlive}): the second factor, the costly
 * one (a 2F1 for BG/NBD), is computed once per distinct (x, T), of which a daily grid has far fewer
 * than distinct rows. Immutable and thread-safe: score batches from several threads at once.
 */
public final class CustomerScorer {
    private final PurchaseModel purchases;
    private final GammaGamma spend;
    private final double horizon;

    private CustomerScorer(PurchaseModel purchases, GammaGamma spend, double horizon) {
        this.purchases = purchases;
        this.spend = spend;
        this.horizon = horizon;
    }

    /**
     * @param purchases the purchase model
     * @param spend the spend model, or {@code null} to skip expected spend (NaN)
     * @param horizon the future period for expected purchases, in the model's time unit
     * @return the scorer
     */
    public static CustomerScorer of(PurchaseModel purchases, GammaGamma spend, double horizon) {
        ModelException.checkNonNegative("horizon", horizon);
        return new CustomerScorer(java.util.Objects.requireNonNull(purchases, "purchases"), spend, horizon);
    }

    /**
     * Per-customer predictions, in input order.
     *
     * @param pAlive probability of being alive at T
     * @param expectedPurchases E[Y(horizon) | x, t_x, T]
     * @param expectedSpend E[M | x, m&#772;], the expected spend per future purchase
     */
    public record Scores(double[] pAlive, double[] expectedPurchases, double[] expectedSpend) {
    }

    /**
     * @param x repeat purchases per customer
     * @param tx recency per customer
     * @param bigT length of observation per customer
     * @param mbar mean repeat spend per customer (NaN or anything for x = 0)
     * @return the scores
     * @throws ModelException if a customer's statistics are invalid
     */
    public Scores score(double[] x, double[] tx, double[] bigT, double[] mbar) {
        int n = x.length;
        if (mbar.length != n) {
            throw new IllegalArgumentException("mbar must have one value per customer");
        }
        DistinctRows rows = DistinctRows.of(x, tx, bigT);
        int nr = rows.size();
        double[] rowX = new double[nr];
        double[] rowT = new double[nr];
        double[] rowAlive = new double[nr];
        for (int r = 0; r < nr; r++) {
            rowX[r] = rows.x(r);
            rowT[r] = rows.bigT(r);
            // The model's own checks first (BG/BB's discrete-time rules), then the generic ones.
            rowAlive[r] = purchases.probabilityAlive(rowX[r], rows.tx(r), rowT[r]);
            RfmTable.check(rowX[r], rows.tx(r), rowT[r]);
        }
        // E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) g(t; x, T): g once per distinct (x, T).
        DistinctRows pairs = DistinctRows.of(rowX, rowT, rowT);
        double[] ifAlive = new double[pairs.size()];
        for (int p = 0; p < ifAlive.length; p++) {
            ifAlive[p] = purchases.expectedPurchasesIfAlive(horizon, pairs.x(p), pairs.bigT(p));
        }
        double[] rowPurchases = new double[nr];
        for (int r = 0; r < nr; r++) {
            rowPurchases[r] = rowAlive[r] * ifAlive[pairs.row(r)];
        }
        double[] alive = new double[n];
        double[] expected = new double[n];
        double[] spent = new double[n];
        for (int i = 0; i < n; i++) {
            int r = rows.row(i);
            alive[i] = rowAlive[r];
            expected[i] = rowPurchases[r];
            spent[i] = spend == null ? Double.NaN : spend.conditionalExpectedAverageSpend(x[i], mbar[i]);
        }
        return new Scores(alive, expected, spent);
    }
}
