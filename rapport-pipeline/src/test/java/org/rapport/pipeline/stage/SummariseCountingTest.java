package org.rapport.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.model.data.PurchaseHistory;
import org.rapport.pipeline.Progress;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/** What one repeat purchase is ({@code --count orders|days}) on a small log with every case. */
class SummariseCountingTest {
    @TempDir
    Path dir;

    /**
     * a: no order ids, two times on one day, returns netted into the day; b: two orders with ids at one
     * time (and a second line of one); c: dates only, two lines on a day; d: a holdout day with two orders.
     */
    private static final String LOG = """
            customer_id,ts,order_id,amount
            a,2024-01-01 10:00:00,,40
            a,2024-01-01 15:00:00,,20
            a,2024-01-01 16:00:00,,-10
            a,2024-02-01 09:00:00,,30
            b,2024-01-05 12:00:00,B1,10
            b,2024-01-05 12:00:00,B1,5
            b,2024-01-05 12:00:00,B2,7
            c,2024-01-03 00:00:00,,11
            c,2024-01-03 00:00:00,,12
            c,2024-01-20 00:00:00,,13
            d,2024-01-02 08:00:00,D1,9
            d,2024-03-05 08:00:00,D2,9
            d,2024-03-05 18:00:00,D3,9
            """;

    @Test
    void ordersAreOrderIdsElseDistinctTimestampsAtTheirTimeOfDay() throws Exception {
        Map<String, double[]> orders = summarise(PurchaseHistory.Counting.ORDERS);
        double week = 7;
        // a: 3 orders in calibration (10:00, 15:00, then Feb 1 09:00): x = 2, t_x from 10:00 to Feb 1 09:00.
        assertThat(orders.get("a")[0]).isEqualTo(2);
        assertThat(orders.get("a")[1]).isCloseTo((31 - 1 / 24.0) / week, within(1e-9));
        // T runs to the end of the calibration day (2024-02-29) since the data have times of day.
        assertThat(orders.get("a")[2]).isCloseTo((60 - 10 / 24.0) / week, within(1e-9));
        // The day's net 50 is split over its two orders; repeat spend (25 + 30) / 2.
        assertThat(orders.get("a")[4]).isCloseTo(27.5, within(1e-9));
        assertThat(orders.get("b")[0]).isEqualTo(1);
        assertThat(orders.get("b")[1]).isZero();
        // Dates only: lines on one day share their timestamp, one order.
        assertThat(orders.get("c")[0]).isEqualTo(1);
        assertThat(orders.get("d")[0]).isZero();
        assertThat(orders.get("d")[3]).isEqualTo(2);

        Map<String, double[]> days = summarise(PurchaseHistory.Counting.DAYS);
        assertThat(days.get("a")[0]).isEqualTo(1);
        assertThat(days.get("a")[1]).isEqualTo(31 / week);
        assertThat(days.get("a")[2]).isEqualTo(59 / week);
        assertThat(days.get("b")[0]).isZero();
        assertThat(days.get("c")[0]).isEqualTo(1);
        assertThat(days.get("d")[3]).isEqualTo(1);
    }

    /** @return customer to {x, t_x, T, holdout purchases, mean repeat spend at the end of the data} at the calibration end 2024-02-29 */
    private Map<String, double[]> summarise(PurchaseHistory.Counting counting) throws Exception {
        Path log = dir.resolve("log-" + counting + ".csv");
        Files.writeString(log, LOG);
        Map<String, double[]> out = new HashMap<>();
        try (RapportStore store = RapportStore.open(dir.resolve(counting + ".duckdb"))) {
            Ingestor.of(store).ingest(Kind.TRANSACTIONS, log);
            Connection c = store.connection();
            boolean subDay = counting == PurchaseHistory.Counting.ORDERS && Summarise.hasTimesOfDay(c);
            assertThat(Summarise.hasTimesOfDay(c)).isTrue();
            PurchaseHistory.Window window = new PurchaseHistory.Window(LocalDate.of(2024, 2, 29).toEpochDay(),
                    LocalDate.of(2024, 3, 31).toEpochDay(), 7, subDay);
            try (Connection w = store.newConnection()) {
                Summarise.run(c, w, window, counting, -1, Progress.NONE);
            }
            store.query("SELECT customer_id, x_cal, t_x_cal, t_cal, holdout_x, m FROM customer_summary", rs -> out.put(
                    rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)}));
        }
        return out;
    }
}
