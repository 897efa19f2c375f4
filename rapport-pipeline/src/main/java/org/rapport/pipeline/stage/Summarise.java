package org.rapport.pipeline.stage;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Locale;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.rapport.model.data.PurchaseHistory;
import org.rapport.model.data.RfmTable;
import org.rapport.model.data.SpendTable;
import org.rapport.pipeline.Progress;

/**
 * Summarise stage: streams each customer's purchases out of the store, in customer order, into
 * {@link PurchaseHistory}, summarises it twice (at the calibration end, for fitting and validation;
 * at the end of the data, for scoring) and writes one row per customer to {@code customer_summary}.
 *
 * <p>Purchases are the store's net orders (the {@code purchases} view: returns netted into their
 * order, orders netting to zero or less dropped). What one repeat purchase is ({@code --count}):
 * <ul>
 * <li>{@link PurchaseHistory.Counting#ORDERS} (the default): one order. A line with an order id belongs
 *     to its order. Lines without one are grouped by the store per customer and day (that is where their
 *     returns net); here such a day counts as one order per distinct timestamp of its non-negative lines,
 *     at those timestamps, the day's net amount split evenly over them. Data whose timestamps are all at
 *     midnight (dates only, like CDNOW) thus have one order per customer-day without order ids. Times
 *     keep their time of day.</li>
 * <li>{@link PurchaseHistory.Counting#DAYS}, the papers' convention: the same order rows, which
 *     {@link PurchaseHistory} merges per customer and day, one purchase per day with purchases.</li>
 * </ul>
 * Each order's net amount is rounded to 10<sup>-6</sup> of the currency unit, far below any currency's
 * smallest unit: the store sums an order's lines in its scan order, which can change the last bit of a
 * floating-point sum from one run (or engine) to the next, and the spend model's optimiser can turn such
 * a bit into a difference in its ninth digit. Rounded, the amounts are the same in every run and in
 * Spark, so the fits and scores are too (docs/scaling.md).
 * The JVM never holds more than one customer's history.
 */
public final class Summarise {
    /**
     * One row per order: order ids, else distinct timestamps within the store's customer-day (see above),
     * as (customer_id, t in fractional epoch days, amount), up to the end day bound to the one parameter.
     * Spark runs this same text over its own {@code transactions} and {@code purchases} views (with an
     * {@code epoch_ms} function), so the order rule is written once.
     * Orders at the same time are ordered by amount, so which one is the first purchase (left out of the
     * mean repeat spend) does not depend on DuckDB's scan order: the spend fit is the same on every run.
     */
    public static final String ORDER_ROWS = """
            SELECT p.customer_id, CAST(epoch_ms(coalesce(d.ts, p.ts)) AS DOUBLE) / 86400000 AS t,
                   round(p.amount, 6) / coalesce(d.n, 1) AS amount
            FROM purchases p
            LEFT JOIN (
                SELECT customer_id, order_day, ts, count(*) OVER (PARTITION BY customer_id, order_day) AS n
                FROM (SELECT DISTINCT customer_id, CAST(ts AS DATE) AS order_day, ts
                      FROM transactions WHERE order_id IS NULL AND amount >= 0) stamps
            ) d ON p.order_id IS NULL AND d.customer_id = p.customer_id AND d.order_day = p.order_day
            WHERE CAST(p.ts AS DATE) <= ?""";

    /** {@link #ORDER_ROWS} in the order the summariser reads them (Spark sorts within its partitions instead). */
    private static final String ORDERS = ORDER_ROWS + "\nORDER BY p.customer_id, t, amount";

    private static final String TIMES_OF_DAY = """
            SELECT count(*) FROM (SELECT 1 FROM transactions WHERE epoch_ms(ts) % 86400000 <> 0 LIMIT 1) t""";

    /**
     * The outcome of the stage.
     *
     * @param calibration calibration statistics and holdout counts, for fitting and validation
     * @param current the compressed statistics at the end of the data, for the final fit
     * @param spend the (x, mean repeat spend) table at the end of the data, for the spend model
     * @param customers customers summarised
     * @param lateCustomers of those, customers whose first purchase is after the calibration end
     */
    public record Result(CalibrationData calibration, RfmTable current, SpendTable spend, long customers,
                         long lateCustomers) {
    }

    private Summarise() {
    }

    /**
     * @param c a connection to the store, to read the purchases
     * @param w a second connection to the same store, to write the summaries (DuckDB cannot append on a
     *     connection that is streaming a result)
     * @param calibration the calibration window (its holdout end is the end of the data)
     * @param counting what one repeat purchase is
     * @param totalCustomers the number of customers, for progress (or -1)
     * @param progress where to report progress
     * @return the summaries
     * @throws SQLException if the store fails
     */
    public static Result run(Connection c, Connection w, PurchaseHistory.Window calibration,
                             PurchaseHistory.Counting counting, long totalCustomers, Progress progress) throws SQLException {
        progress.start("summarise", totalCustomers);
        PurchaseHistory.Window now = new PurchaseHistory.Window(calibration.holdoutEnd(), calibration.holdoutEnd(),
                calibration.periodDays(), calibration.subDay());
        Collector col = new Collector(calibration, now);
        boolean auto = w.getAutoCommit();
        w.setAutoCommit(false);
        try (PreparedStatement truncate = w.prepareStatement("DELETE FROM customer_summary")) {
            truncate.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(ORDERS);
             DuckDBAppender out = ((DuckDBConnection) w).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "customer_summary")) {
            ps.setDate(1, Date.valueOf(LocalDate.ofEpochDay(now.calibrationEnd())));
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                String current = null;
                PurchaseHistory h = null;
                while (rs.next()) {
                    String id = rs.getString(1);
                    if (!id.equals(current)) {
                        if (h != null) {
                            col.emit(current, h, out);
                            if (col.customers % 10_000 == 0) {
                                progress.advance(col.customers);
                            }
                        }
                        current = id;
                        h = PurchaseHistory.create(counting);
                    }
                    h.acceptAt(rs.getDouble(2), rs.getDouble(3));
                }
                if (h != null) {
                    col.emit(current, h, out);
                }
            }
            out.flush();
            w.commit();
        } catch (SQLException | RuntimeException e) {
            w.rollback();
            throw e;
        } finally {
            w.setAutoCommit(auto);
        }
        progress.advance(col.customers);
        progress.finish(String.format(Locale.ROOT, "%,d customers summarised (%,d first bought after the calibration end)",
                col.customers, col.late));
        return new Result(col.calibrationData, col.rfm.build(), col.spend.build(), col.customers, col.late);
    }

    /**
     * @param c a connection to the store
     * @return whether some transaction has a time of day (else the data have day resolution)
     * @throws SQLException if the store fails
     */
    public static boolean hasTimesOfDay(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TIMES_OF_DAY); ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    /** Per-customer work of the stage. */
    private static final class Collector {
        final PurchaseHistory.Window calibration;
        final PurchaseHistory.Window now;
        final CalibrationData calibrationData;
        final RfmTable.Builder rfm = RfmTable.builder();
        final SpendTable.Builder spend = SpendTable.builder();
        long customers;
        long late;

        Collector(PurchaseHistory.Window calibration, PurchaseHistory.Window now) {
            this.calibration = calibration;
            this.now = now;
            this.calibrationData = new CalibrationData(calibration);
        }

        void emit(String id, PurchaseHistory h, DuckDBAppender out) throws SQLException {
            PurchaseHistory.Summary s = h.summarise(now);
            if (s == null) {
                return;
            }
            customers++;
            PurchaseHistory.Summary cal = h.summarise(calibration);
            if (cal == null) {
                late++;
            } else {
                calibrationData.accept(cal, h.repeatDays(calibration));
            }
            rfm.accept(s.x(), s.tx(), s.bigT());
            if (s.x() > 0 && s.meanRepeatSpend() > 0) {
                spend.accept(s.x(), s.meanRepeatSpend());
            }
            out.beginRow();
            out.append(id);
            out.append(LocalDate.ofEpochDay(s.firstDay()));
            if (cal == null) {
                for (int k = 0; k < 5; k++) {
                    out.appendNull();
                }
            } else {
                out.append(cal.x());
                out.append(cal.tx());
                out.append(cal.bigT());
                out.append(cal.holdoutPurchases());
                out.append(cal.holdoutSpend());
            }
            out.append(s.x());
            out.append(s.tx());
            out.append(s.bigT());
            if (Double.isNaN(s.meanRepeatSpend())) {
                out.appendNull();
            } else {
                out.append(s.meanRepeatSpend());
            }
            out.append(s.firstAmount());
            out.append(s.calibrationSpend());
            out.endRow();
        }
    }
}
