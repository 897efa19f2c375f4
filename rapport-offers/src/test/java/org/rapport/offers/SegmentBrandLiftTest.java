package org.rapport.offers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapport.store.RapportStore;

/**
 * A segment favourite's rate already holds its segment's taste for a brand, so the engine divides the
 * brand factor by the segment's brand lift. The lift is counted by hand on a fixture of single-product
 * orders, brands X and Y:
 * <pre>
 * segment sx: c1 X1, X1     c2 X1, X2        orders: X X X X
 * segment sy: c3 Y1, X1     c4 Y1, Y1        orders: Y X Y Y
 * </pre>
 * Overall X is 5 of 8 orders and Y 3 of 8. Lift(sx, X) = (4/4)/(5/8) = 1.6; lift(sy, X) = (1/4)/(5/8)
 * = 0.4; lift(sy, Y) = (3/4)/(3/8) = 2; sx never bought Y, so that lift stays 1 (no taste to discount);
 * the all-customers row is 1 everywhere.
 */
class SegmentBrandLiftTest {
    @Test
    void liftOfEachSegmentForEachBrand() {
        try (RapportStore s = RapportStore.inMemory()) {
            s.update("INSERT INTO products VALUES ('X1', 'X1', 'X', 'home', 10, 0.5, NULL, 1), ('X2', 'X2', 'X', 'home', 10, 0.5, NULL, 1), "
                    + "('Y1', 'Y1', 'Y', 'home', 10, 0.5, NULL, 1)");
            String[][] orders = {{"c1", "X1", "X1"}, {"c2", "X1", "X2"}, {"c3", "Y1", "X1"}, {"c4", "Y1", "Y1"}};
            int row = 0;
            for (String[] o : orders) {
                for (int i = 1; i < o.length; i++) {
                    s.update("INSERT INTO transactions VALUES (?, ?, 10.0, ?, ?, 1, 'web', 1, ?)", o[0],
                            LocalDate.of(2023, i, 1).atStartOfDay(), o[0] + "-" + i, o[i], ++row);
                }
                s.update("INSERT INTO customers (customer_id, region, acquisition_channel, load_id) VALUES (?, 'north', 'web', 1)", o[0]);
            }
            s.update("CREATE TABLE IF NOT EXISTS customer_segment(customer_id VARCHAR PRIMARY KEY, segment VARCHAR NOT NULL)");
            s.update("INSERT INTO customer_segment VALUES ('c1', 'sx'), ('c2', 'sx'), ('c3', 'sy'), ('c4', 'sy')");
            OfferConfig cfg = OfferConfig.of(Map.of("min-count", "1", "min-support", "0", "min-segment-customers", "1"));
            OfferData d = OfferData.load(s, LocalDate.of(2023, 3, 31), cfg);
            Rules r = Rules.mine(d, cfg);
            int sx = Arrays.asList(d.segmentNames).indexOf("sx");
            int sy = Arrays.asList(d.segmentNames).indexOf("sy");
            int x = Arrays.asList(d.brandNames).indexOf("X");
            int y = Arrays.asList(d.brandNames).indexOf("Y");
            assertThat(sx).isPositive();
            assertThat(sy).isPositive();
            int nb = d.brandNames.length;
            // floats: within 1e-6
            assertThat(r.segmentBrandLift[sx * nb + x]).isCloseTo(1.6f, within(1e-6f));
            assertThat(r.segmentBrandLift[sx * nb + y]).isEqualTo(1f);
            assertThat(r.segmentBrandLift[sy * nb + x]).isCloseTo(0.4f, within(1e-6f));
            assertThat(r.segmentBrandLift[sy * nb + y]).isCloseTo(2f, within(1e-6f));
            assertThat(r.segmentBrandLift[x]).isEqualTo(1f);
            assertThat(r.segmentBrandLift[y]).isEqualTo(1f);
        }
    }
}
