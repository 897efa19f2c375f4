package org.rapport.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapport.model.fixtures.PoissonModel;
import org.rapport.analytics.brands.BrandSwitching;
import org.rapport.analytics.equity.CustomerEquity;
import org.rapport.analytics.groups.RelationshipGroups;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.pipeline.Progress;
import org.rapport.pipeline.Results;
import org.rapport.store.RapportStore;
import org.rapport.store.StoreException;

/** The formulas on hand-made numbers, and the analyses on tiny hand-made stores. */
class FormulasTest {
    @Test
    void newCustomerValueByHand() {
        // lambda = 0.5 per week, months of L = 2 weeks: one expected repeat purchase a month. H = 3 months at
        // d = 1% a month: DET = 1/1.01 + 1/1.01^2 + 1/1.01^3 = 0.990099 + 0.980296 + 0.970590 = 2.940985.
        // CLV = m E[M] (1 + DET) = 0.3 * 40 * 3.940985 = 47.29182 (by hand; printed to 7 digits, so
        // half a unit in the last place is 5e-6).
        CustomerEquity.NewCustomer nc = CustomerEquity.newCustomer(new PoissonModel(0.5), 40, 0.3, 3, 2, 0.01);
        assertThat(nc.discountedRepeatPurchases()).isCloseTo(2.940985, within(5e-7));
        assertThat(nc.firstPurchaseMargin()).isCloseTo(12.0, within(1e-12));
        assertThat(nc.clv()).isCloseTo(47.29182, within(5e-6));
    }

    @Test
    void typeSevenQuantile() {
        // numpy.quantile(range(1, 11), 0.9) = 9.1 (linear interpolation, R type 7); median of 1..4 = 2.5
        double[] v = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        assertThat(Stats.quantile(v, 10, 0.9)).isCloseTo(9.1, within(1e-12));
        assertThat(Stats.quantile(new double[] {4, 1, 3, 2}, 4, 0.5)).isEqualTo(2.5);
        assertThat(Stats.quantile(v, 0, 0.5)).isNaN();
    }

    @Test
    void leastSquaresRecoversAnExactLine() {
        // y = 1 + 2 x on x = 0..4: X'X = [[5, 10], [10, 30]], X'y = [25, 70]
        double[] b = Stats.solveNormal(new double[][] {{5, 10}, {10, 30}}, new double[] {25, 70});
        assertThat(b[0]).isCloseTo(1, within(1e-6));
        assertThat(b[1]).isCloseTo(2, within(1e-6));
        assertThat(Stats.correlation(new double[] {1, 2, 3}, new double[] {2, 4, 6}, 3)).isCloseTo(1, within(1e-12));
    }

    @Test
    void markovProjectionByHand() {
        // P = [[0.8, 0.2], [0.4, 0.6]] from brand 0: after one purchase (0.8, 0.2), after two
        // (0.8*0.8 + 0.2*0.4, 0.8*0.2 + 0.2*0.6) = (0.72, 0.28); the average over two purchases (0.76, 0.24).
        double[][] p = BrandSwitching.normalise(new long[][] {{8, 2}, {4, 6}}, null);
        assertThat(p[0]).containsExactly(0.8, 0.2);
        double[] w = BrandSwitching.projectedChoice(p, 0, 2);
        assertThat(w[0]).isCloseTo(0.76, within(1e-12));
        assertThat(w[1]).isCloseTo(0.24, within(1e-12));
        // a row without transitions stays with its brand unless a fallback row is given
        double[][] q = BrandSwitching.normalise(new long[][] {{0, 0}, {1, 3}}, null);
        assertThat(q[0]).containsExactly(1.0, 0.0);
    }

    /** A store with a hand-made run: BG/NBD at the CDNOW estimates, Gamma-Gamma at Fader &amp; Hardie's. */
    static RapportStore tinyStore() {
        RapportStore s = RapportStore.inMemory();
        s.update("""
                INSERT INTO analysis_runs VALUES (1, TIMESTAMP '2024-01-01', TIMESTAMP '2024-01-01', 'bgnbd',
                  '{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426}', '{"p":6.25,"q":3.74,"gamma":15.44}',
                  DATE '2023-06-30', DATE '2023-12-31', 'week', '["CLV horizon=36 months","discount rate=10.0% a year"]', '{}', '{}',
                  36, 0.10, 365.25, 0.95, NULL, 'bgnbd', 'loglik', 'orders')""");
        String[][] customers = {
            // id, x, t_x, T, p_alive, expected purchases, expected spend, margin, clv, total spend
            {"a", "4", "30", "40", "0.9", "3.0", "40", "0.3", "100", "200"},
            {"b", "1", "5", "40", "0.2", "0.2", "30", "0.3", "10", "50"},
            {"c", "6", "38", "40", "0.95", "5.0", "20", "0.3", "30", "160"},
            {"d", "0", "0", "40", "1.0", "0.5", "35", "0.3", "200", "35"}};
        for (String[] c : customers) {
            s.update("INSERT INTO customer_scores VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, NULL)", c[0],
                    Integer.parseInt(c[1]), Double.parseDouble(c[2]), Double.parseDouble(c[3]), Double.parseDouble(c[4]),
                    Double.parseDouble(c[5]), Double.parseDouble(c[6]), Double.parseDouble(c[7]), Double.parseDouble(c[8]));
            s.update("INSERT INTO customer_summary VALUES (?, DATE '2023-01-05', NULL, NULL, NULL, NULL, NULL, ?, ?, ?, NULL, 10, ?)",
                    c[0], Integer.parseInt(c[1]), Double.parseDouble(c[2]), Double.parseDouble(c[3]), Double.parseDouble(c[9]));
        }
        return s;
    }

    @Test
    void transactionOnlyDataDegradesWithNotes() {
        try (RapportStore s = tinyStore()) {
            Analytics.Result r = Analytics.run(s, AnalyticsOptions.defaults(), Progress.NONE);
            assertThat(r.equity().currentEquity()).isEqualTo(340.0);
            assertThat(r.equity().potentialEquity()).isZero();
            assertThat(r.equity().notes()).anyMatch(n -> n.contains("no prospects"));
            assertThat(r.equity().byCohort()).singleElement().satisfies(b -> assertThat(b.key()).isEqualTo("2023-Q1"));
            assertThat(r.wallet().method()).isEqualTo("none");
            assertThat(r.brands().notes()).anyMatch(n -> n.contains("no products"));
            assertThat(r.moments().notes()).anyMatch(n -> n.contains("no interactions"));
            assertThat(r.feedback().notes()).anyMatch(n -> n.contains("no feedback"));
            assertThat(r.groups().notes()).anyMatch(n -> n.contains("not split"));
            for (String name : Analytics.NAMES) {
                assertThat(Results.latest(s, name)).as(name).isPresent();
            }
        }
    }

    @Test
    void groupThresholdsByHand() {
        try (RapportStore s = tinyStore()) {
            // loyalty = P(alive) x expected months alive within the 36-month horizon (RelationshipLength,
            // checked in RelationshipLengthTest): a 0.9 x 22.3 = 20.0, b 0.2 x 27.5 = 5.5, c 0.95 x 21.1 = 20.1,
            // d 1.0 x 33.4 = 33.4 months. CLV 100, 10, 30, 200 with thresholds 50 and 21 months:
            // a high/short butterfly, b low/short stranger, c low/short stranger, d high/long true friend
            RelationshipGroups.Result g = RelationshipGroups.compute(s, RunContext.require(s),
                    AnalyticsOptions.defaults().withClvThreshold(50.0).withLoyaltyThreshold(21.0));
            Map<String, String> got = Map.of("a", "butterfly", "b", "stranger", "c", "stranger", "d", "true_friend");
            got.forEach((id, group) -> assertThat(s.queryFirst("SELECT relationship_group FROM customer_groups WHERE customer_id = ?",
                    rs -> rs.getString(1), id)).as(id).contains(group));
            assertThat(s.queryFirst("SELECT loyalty FROM customer_groups WHERE customer_id = 'b'", rs -> rs.getDouble(1)))
                    .hasValueSatisfying(v -> assertThat(v).isCloseTo(5.50, within(0.01)));
            assertThat(g.groups().get(0).equity()).isEqualTo(200.0);
            // defaults: the mean CLV (100 + 10 + 30 + 200) / 4 = 85 and a third of the horizon, 12 months:
            // a, d true friends, c a barnacle, b a stranger
            RelationshipGroups.Result m = RelationshipGroups.compute(s, RunContext.require(s), AnalyticsOptions.defaults());
            assertThat(m.clvThreshold()).isEqualTo(85.0);
            assertThat(m.clvThresholdSource()).isEqualTo("mean");
            assertThat(m.loyaltyThreshold()).isEqualTo(12.0);
            assertThat(m.groups()).extracting(RelationshipGroups.Group::customers).containsExactly(2L, 0L, 1L, 1L);
        }
    }

    @Test
    void switchingCountsByHand() {
        try (RapportStore s = tinyStore()) {
            s.update("INSERT INTO products (product_id, brand, margin_rate, load_id) VALUES ('p1', 'xbrand', 0.3, 0), ('p2', 'ybrand', 0.3, 0)");
            // a: x, x, y by date; b: two orders on one day, order "9" (y) before order "10" (x) by number
            s.update("""
                    INSERT INTO transactions (customer_id, ts, amount, order_id, product_id, quantity, channel, load_id, source_row) VALUES
                    ('a', TIMESTAMP '2023-01-01', 10, 'o1', 'p1', 1, NULL, 0, 1),
                    ('a', TIMESTAMP '2023-02-01', 10, 'o2', 'p1', 1, NULL, 0, 2),
                    ('a', TIMESTAMP '2023-03-01', 10, 'o3', 'p2', 1, NULL, 0, 3),
                    ('b', TIMESTAMP '2023-01-01', 10, '10', 'p1', 1, NULL, 0, 4),
                    ('b', TIMESTAMP '2023-01-01', 10, '9', 'p2', 1, NULL, 0, 5)""");
            BrandSwitching.Result r = BrandSwitching.compute(s, RunContext.require(s), AnalyticsOptions.defaults());
            // transitions x->x, x->y (a) and y->x (b): from x (0.5, 0.5), from y (1, 0); first orders x (a), y (b)
            assertThat(r.overall().matrix().get("xbrand")).containsEntry("xbrand", 0.5).containsEntry("ybrand", 0.5);
            assertThat(r.overall().matrix().get("ybrand")).containsEntry("xbrand", 1.0).containsEntry("ybrand", 0.0);
            assertThat(r.overall().initial()).containsEntry("xbrand", 0.5).containsEntry("ybrand", 0.5);
            assertThat(r.overall().transitions()).isEqualTo(3);
            assertThat(r.brands()).containsExactly("xbrand", "ybrand");
        }
    }

    record Sample(double a, double[] b, String c) {
    }

    @Test
    void storedJsonHasNoNaN() {
        // JSON has no NaN: stored results carry null instead, in fields and in arrays
        String json = Analytics.finiteJson(new Sample(Double.NaN, new double[] {1, Double.POSITIVE_INFINITY}, "x")).toString();
        assertThat(json).isEqualTo("{\"a\":null,\"b\":[1.0,null],\"c\":\"x\"}");
    }

    @Test
    void nothingScoredIsAClearError() {
        try (RapportStore s = RapportStore.inMemory()) {
            assertThatThrownBy(() -> Analytics.run(s, AnalyticsOptions.defaults(), Progress.NONE))
                    .isInstanceOf(StoreException.class).hasMessageContaining("run rapport analyze first");
        }
        assertThatThrownBy(() -> AnalyticsOptions.defaults().withWalletQuantile(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wallet quantile");
        assertThat(List.of(AnalyticsOptions.defaults().projectionMonths())).containsExactly(12);
    }
}
