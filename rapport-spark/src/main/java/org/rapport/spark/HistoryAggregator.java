package org.rapport.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import org.rapport.model.data.PurchaseHistory;
import scala.Tuple2;

/**
 * The Spark face of Rapport's one summariser: a customer's order rows (time in fractional epoch days,
 * amount; the rows of the pipeline's {@code Summarise.ORDER_ROWS}) are gathered in any order, merged
 * across partitions, then sorted by (time, amount), the order in which the pipeline reads them, and fed
 * to a {@link PurchaseHistory} with the run's counting, summarised at both windows exactly as the
 * single-machine {@code Summarise} stage does. The sort makes the first purchase (left out of the mean
 * repeat spend) the same as the pipeline's when two orders share a time.
 */
public final class HistoryAggregator extends Aggregator<Tuple2<Double, Double>, HistoryAggregator.Rows, CustomerSummary> {
    private static final long serialVersionUID = 2L;
    private final PurchaseHistory.Window calibration;
    private final PurchaseHistory.Window now;
    private final PurchaseHistory.Counting counting;

    /**
     * @param calibration the calibration window (its holdout end is the end of the data)
     * @param counting what one repeat purchase is
     */
    public HistoryAggregator(PurchaseHistory.Window calibration, PurchaseHistory.Counting counting) {
        this.calibration = calibration;
        this.now = new PurchaseHistory.Window(calibration.holdoutEnd(), calibration.holdoutEnd(), calibration.periodDays(),
                calibration.subDay());
        this.counting = counting;
    }

    /** A customer's order rows so far. */
    public static final class Rows implements Serializable {
        private static final long serialVersionUID = 1L;
        double[] t = new double[4];
        double[] amount = new double[4];
        int size;

        Rows add(double time, double a) {
            if (size == t.length) {
                t = Arrays.copyOf(t, 2 * size);
                amount = Arrays.copyOf(amount, 2 * size);
            }
            t[size] = time;
            amount[size] = a;
            size++;
            return this;
        }

        PurchaseHistory history(PurchaseHistory.Counting counting) {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (p, q) -> t[p] != t[q] ? Double.compare(t[p], t[q]) : Double.compare(amount[p], amount[q]));
            PurchaseHistory h = PurchaseHistory.create(counting);
            for (Integer i : order) {
                h.acceptAt(t[i], amount[i]);
            }
            return h;
        }
    }

    @Override
    public Rows zero() {
        return new Rows();
    }

    @Override
    public Rows reduce(Rows r, Tuple2<Double, Double> order) {
        return r.add(order._1(), order._2());
    }

    @Override
    public Rows merge(Rows a, Rows b) {
        for (int i = 0; i < b.size; i++) {
            a.add(b.t[i], b.amount[i]);
        }
        return a;
    }

    @Override
    public CustomerSummary finish(Rows r) {
        return CustomerSummary.of(r.history(counting), calibration, now);
    }

    @Override
    public Encoder<Rows> bufferEncoder() {
        return Encoders.javaSerialization(Rows.class);
    }

    @Override
    public Encoder<CustomerSummary> outputEncoder() {
        return Encoders.bean(CustomerSummary.class);
    }
}
