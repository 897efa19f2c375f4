package org.rapport.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.fit.FitResult;
import org.rapport.model.interval.IntervalMethod;
import org.rapport.model.spend.GammaGamma;
import org.rapport.model.value.Clv;
import org.rapport.model.value.CustomerScorer;

/**
 * Scores one partition of customers with the fitted models, in batches of primitive arrays: the same
 * calls and the same rules as the pipeline's {@code ScoreStage} (P(alive), expected purchases over the
 * horizon, expected spend per purchase, CLV with its delta-method interval, times the margin rate; a
 * repeat buyer without a positive mean spend gets the population mean; non-finite values become null).
 *
 * <p>Input rows: customer_id, x, tx, bigT, meanRepeatSpend. Output: {@link #SCHEMA}.
 */
final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    /** Customers per call of the model library. */
    static final int BATCH = 50_000;

    /** The scores' columns: those of the store's {@code customer_scores}, without the run id. */
    static final StructType SCHEMA = new StructType()
            .add("customer_id", DataTypes.StringType, false)
            .add("x", DataTypes.IntegerType, false)
            .add("t_x", DataTypes.DoubleType, false)
            .add("t", DataTypes.DoubleType, false)
            .add("p_alive", DataTypes.DoubleType, true)
            .add("expected_purchases", DataTypes.DoubleType, true)
            .add("expected_spend", DataTypes.DoubleType, true)
            .add("margin_rate", DataTypes.DoubleType, false)
            .add("clv", DataTypes.DoubleType, true)
            .add("clv_lower", DataTypes.DoubleType, true)
            .add("clv_upper", DataTypes.DoubleType, true);

    private final FitSnapshot purchaseFit;
    private final FitSnapshot spendFit;
    private final double horizon;
    private final int clvMonths;
    private final double monthlyDiscountRate;
    private final double periodDays;
    private final double level;
    private final double margin;

    /**
     * @param purchaseFit the final purchase fit
     * @param spendFit the spend fit, or null (then no CLV)
     * @param horizon expected purchases horizon in periods
     * @param clvMonths CLV horizon in months
     * @param monthlyDiscountRate monthly discount rate
     * @param periodDays the period unit in days
     * @param level interval level
     * @param margin margin rate of a customer whose input row has none (column 5 null)
     */
    ScorePartition(FitSnapshot purchaseFit, FitSnapshot spendFit, double horizon, int clvMonths,
                   double monthlyDiscountRate, double periodDays, double level, double margin) {
        this.purchaseFit = purchaseFit;
        this.spendFit = spendFit;
        this.horizon = horizon;
        this.clvMonths = clvMonths;
        this.monthlyDiscountRate = monthlyDiscountRate;
        this.periodDays = periodDays;
        this.level = level;
        this.margin = margin;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
        FitResult<? extends PurchaseModel> purchase = purchaseFit.restore();
        FitResult<GammaGamma> spend = spendFit == null ? null : spendFit.restore();
        CustomerScorer scorer = CustomerScorer.of(purchase.model(), spend == null ? null : spend.model(), horizon);
        // One thread per task: Spark runs one task per core already.
        Clv clv = Clv.withDefaults().withHorizon(clvMonths).withDiscountRate(monthlyDiscountRate)
                .withPeriodLength(365.25 / 12 / periodDays).withMargin(1).withLevel(level).withThreads(1);
        return new Iterator<>() {
            private List<Row> out = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                while (next == out.size() && in.hasNext()) {
                    out = batch(in, scorer, purchase, spend, clv);
                    next = 0;
                }
                return next < out.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return out.get(next++);
            }
        };
    }

    private List<Row> batch(Iterator<Row> in, CustomerScorer scorer, FitResult<? extends PurchaseModel> purchase,
                            FitResult<GammaGamma> spend, Clv clv) {
        String[] id = new String[BATCH];
        double[] x = new double[BATCH];
        double[] tx = new double[BATCH];
        double[] bigT = new double[BATCH];
        double[] m = new double[BATCH];
        double[] rate = new double[BATCH];
        int n = 0;
        while (n < BATCH && in.hasNext()) {
            Row r = in.next();
            id[n] = r.getString(0);
            x[n] = r.getInt(1);
            tx[n] = r.getDouble(2);
            bigT[n] = r.getDouble(3);
            m[n] = r.isNullAt(4) ? Double.NaN : r.getDouble(4);
            rate[n] = r.size() > 5 && !r.isNullAt(5) ? r.getDouble(5) : margin;
            n++;
        }
        double[] bx = java.util.Arrays.copyOf(x, n);
        double[] btx = java.util.Arrays.copyOf(tx, n);
        double[] bT = java.util.Arrays.copyOf(bigT, n);
        double[] bm = java.util.Arrays.copyOf(m, n);
        if (spend != null) {
            double prior = spend.model().meanSpend();
            for (int i = 0; i < n; i++) {
                if (bx[i] > 0 && !(bm[i] > 0)) {
                    bm[i] = prior;
                }
            }
        }
        CustomerScorer.Scores s = scorer.score(bx, btx, bT, bm);
        Clv.Scores v = spend == null ? null : clv.estimates(purchase, spend, IntervalMethod.DELTA, bx, btx, bT, bm);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(id[i], (int) x[i], tx[i], bigT[i], finite(s.pAlive()[i]),
                    finite(s.expectedPurchases()[i]), finite(s.expectedSpend()[i]), rate[i],
                    v == null ? null : finite(rate[i] * v.value()[i]), v == null ? null : finite(rate[i] * v.lower()[i]),
                    v == null ? null : finite(rate[i] * v.upper()[i])));
        }
        return rows;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
