package org.rapport.pipeline.stage;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.rapport.model.data.PurchaseHistory;
import org.rapport.model.data.SpendTable;
import org.rapport.pipeline.Progress;

/**
 * Summarise stage: streams each customer's daily purchases out of the store, in customer order, into
 * {@link PurchaseHistory}, and writes one row per customer to {@code customer_summary}.
 *
 * <p>Purchases are the store's net orders ({@code purchases} view): DuckDB sums them per customer and
 * day, so the JVM sees one row per customer-day and never holds more than one customer's history.
 */
public final class Summarise {
    private static final String DAILY = """
            SELECT customer_id, CAST(ts AS DATE) AS day, SUM(amount) AS amount
            FROM purchases
            WHERE CAST(ts AS DATE) <= ?
            GROUP BY customer_id, CAST(ts AS DATE)
            ORDER BY customer_id, day""";

    /**
     * The outcome of the stage.
     *
     * @param calibration the calibration data for fitting and validation
     * @param spend the (x, mean repeat spend) table for the spend model
     * @param customers customers summarised (born by the calibration end)
     * @param lateCustomers customers whose first purchase is after the calibration end (not scored)
     */
    public record Result(CalibrationData calibration, SpendTable spend, long customers, long lateCustomers) {
    }

    private Summarise() {
    }

    /**
     * @param c a connection to the store
     * @param window the calibration and holdout window
     * @param totalCustomers the number of customers, for progress (or -1)
     * @param progress where to report progress
     * @return the summaries
     * @throws SQLException if the store fails
     */
    public static Result run(Connection c, PurchaseHistory.Window window, long totalCustomers, Progress progress)
            throws SQLException {
        progress.start("summarise", totalCustomers);
        CalibrationData data = new CalibrationData(window);
        SpendTable.Builder spend = SpendTable.builder();
        long customers = 0;
        long late = 0;
        try (PreparedStatement truncate = c.prepareStatement("DELETE FROM customer_summary")) {
            truncate.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(DAILY);
             DuckDBAppender out = ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "customer_summary")) {
            ps.setDate(1, Date.valueOf(LocalDate.ofEpochDay(window.holdoutEnd())));
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                String current = null;
                PurchaseHistory h = null;
                while (rs.next()) {
                    String id = rs.getString(1);
                    if (!id.equals(current)) {
                        if (h != null) {
                            if (emit(current, h, window, data, spend, out)) {
                                customers++;
                            } else {
                                late++;
                            }
                            if ((customers + late) % 10_000 == 0) {
                                progress.advance(customers + late);
                            }
                        }
                        current = id;
                        h = PurchaseHistory.create();
                    }
                    h.accept(rs.getDate(2).toLocalDate().toEpochDay(), rs.getDouble(3));
                }
                if (h != null) {
                    if (emit(current, h, window, data, spend, out)) {
                        customers++;
                    } else {
                        late++;
                    }
                }
            }
        }
        progress.advance(customers + late);
        progress.finish(String.format(java.util.Locale.ROOT, "%,d customers summarised (%,d first bought after the calibration end)",
                customers, late));
        return new Result(data, spend.build(), customers, late);
    }

    private static boolean emit(String id, PurchaseHistory h, PurchaseHistory.Window w, CalibrationData data,
                                SpendTable.Builder spend, DuckDBAppender out) throws SQLException {
        PurchaseHistory.Summary s = h.summarise(w);
        if (s == null) {
            return false;
        }
        data.accept(s, h.repeatDays(w));
        if (s.x() > 0 && s.meanRepeatSpend() > 0) {
            spend.accept(s.x(), s.meanRepeatSpend());
        }
        out.beginRow();
        out.append(id);
        out.append(LocalDate.ofEpochDay(s.firstDay()));
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
        out.append(s.holdoutPurchases());
        out.append(s.holdoutSpend());
        out.endRow();
        return true;
    }
}
