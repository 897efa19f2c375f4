package org.rapport.spark;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import org.rapport.model.data.PurchaseHistory;
import scala.Tuple2;

/**
 * The Spark face of Rapport's one summariser: a {@link PurchaseHistory} as the buffer of an
 * {@code Aggregator} over a customer's (epoch day, amount) purchases. Partial histories built on
 * different partitions are merged with {@link PurchaseHistory#combine}, then summarised at both windows
 * exactly as the single-machine {@code Summarise} stage does.
 */
public final class HistoryAggregator extends Aggregator<Tuple2<Long, Double>, PurchaseHistory, CustomerSummary> {
    private static final long serialVersionUID = 1L;
    private final PurchaseHistory.Window calibration;
    private final PurchaseHistory.Window now;

    /**
     * @param calibration the calibration window (its holdout end is the end of the data)
     */
    public HistoryAggregator(PurchaseHistory.Window calibration) {
        this.calibration = calibration;
        this.now = new PurchaseHistory.Window(calibration.holdoutEnd(), calibration.holdoutEnd(), calibration.periodDays(),
                calibration.subDay());
    }

    @Override
    public PurchaseHistory zero() {
        return PurchaseHistory.create();
    }

    @Override
    public PurchaseHistory reduce(PurchaseHistory h, Tuple2<Long, Double> purchase) {
        return h.accept(purchase._1(), purchase._2());
    }

    @Override
    public PurchaseHistory merge(PurchaseHistory a, PurchaseHistory b) {
        return a.combine(b);
    }

    @Override
    public CustomerSummary finish(PurchaseHistory h) {
        return CustomerSummary.of(h, calibration, now);
    }

    @Override
    public Encoder<PurchaseHistory> bufferEncoder() {
        return Encoders.javaSerialization(PurchaseHistory.class);
    }

    @Override
    public Encoder<CustomerSummary> outputEncoder() {
        return Encoders.bean(CustomerSummary.class);
    }
}
