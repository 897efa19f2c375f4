package org.rapport.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.fit.FitResult;
import org.rapport.model.spend.GammaGamma;
import org.rapport.model.value.Clv;
import org.rapport.pipeline.stage.CustomerScoring;

/**
 * Scores the pipeline's batches with the pipeline's own rules ({@link CustomerScoring}): the input is
 * sorted by (batch, rank), where rank is the customer's place in the order (x, T, customer_id) and batch
 * is rank / {@link CustomerScoring#BATCH}, so each run of rows with one batch number is exactly one of the
 * single-machine pipeline's batches, in its order. That matters for the predictive intervals, whose draws
 * depend on a customer's place in its batch; everything else is per customer.
 *
 * <p>Input rows: customer_id, x, tx, bigT, meanRepeatSpend, margin_rate (null: the fallback), batch.
 * Output: {@link #SCHEMA}.
 */
final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 2L;

    /** The scores' columns: those of the store's {@code customer_scores}, without the run id. */
    static final StructType SCHEMA = new StructType()
            .add("customer_id", DataTypes.StringType, false)
            .add("x", DataTypes.IntegerType, false)
            .add("t_x", DataTypes.DoubleType, false)
            .add("t", DataTypes.DoubleType, false)
            .add("p_alive", DataTypes.DoubleType, false)
            .add("expected_purchases", DataTypes.DoubleType, false)
            .add("expected_spend", DataTypes.DoubleType, true)
            .add("margin_rate", DataTypes.DoubleType, false)
            .add("clv", DataTypes.DoubleType, true)
            .add("clv_lower", DataTypes.DoubleType, true)
            .add("clv_upper", DataTypes.DoubleType, true)
            .add("purchases_lower", DataTypes.DoubleType, true)
            .add("purchases_upper", DataTypes.DoubleType, true)
            .add("clv_pred_lower", DataTypes.DoubleType, true)
            .add("clv_pred_upper", DataTypes.DoubleType, true);

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
     * @param margin margin rate of a customer whose input row has none
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
        // One thread per task: Spark runs one task per core already.
        Clv clv = Clv.withDefaults().withHorizon(clvMonths).withDiscountRate(monthlyDiscountRate)
                .withPeriodLength(365.25 / 12 / periodDays).withMargin(1).withLevel(level).withThreads(1);
        CustomerScoring scoring = new CustomerScoring(purchase, spend, clv, horizon);
        return new Iterator<>() {
            private List<Row> out = List.of();
            private int next;
            private Row pending;

            @Override
            public boolean hasNext() {
                while (next == out.size() && (pending != null || in.hasNext())) {
                    out = batch();
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

            /** Reads the rows of the next batch number (one pipeline batch) and scores them. */
            private List<Row> batch() {
                List<Row> rows = new ArrayList<>();
                Row first = pending != null ? pending : in.next();
                pending = null;
                long b = first.getLong(6);
                rows.add(first);
                while (in.hasNext()) {
                    Row r = in.next();
                    if (r.getLong(6) != b) {
                        pending = r;
                        break;
                    }
                    rows.add(r);
                }
                return score(rows, scoring);
            }
        };
    }

    private List<Row> score(List<Row> in, CustomerScoring scoring) {
        int n = in.size();
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] bigT = new double[n];
        double[] m = new double[n];
        double[] rate = new double[n];
        for (int i = 0; i < n; i++) {
            Row r = in.get(i);
            x[i] = r.getInt(1);
            tx[i] = r.getDouble(2);
            bigT[i] = r.getDouble(3);
            m[i] = r.isNullAt(4) ? Double.NaN : r.getDouble(4);
            rate[i] = r.isNullAt(5) ? margin : r.getDouble(5);
        }
        CustomerScoring.Scores s = scoring.score(x, tx, bigT, Arrays.copyOf(m, n), rate);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(in.get(i).getString(0), (int) x[i], tx[i], bigT[i], s.pAlive()[i],
                    s.expectedPurchases()[i], finite(s.expectedSpend()[i]), rate[i], finite(s.clv()[i]),
                    finite(s.clvLower()[i]), finite(s.clvUpper()[i]), finite(s.purchasesLower()[i]),
                    finite(s.purchasesUpper()[i]), finite(s.clvPredLower()[i]), finite(s.clvPredUpper()[i])));
        }
        return rows;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
