package org.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.interval.Estimate;

/** The transactions follow the planted BG/NBD and Gamma-Gamma processes. */
class PurchaseProcessTest {
    private static final int N = 20_000;
    private static final World WORLD = Worlds.of(N, 2005);

    /** Orders per customer as (customer, date) pairs in order, from the order lines. */
    private static Map<Long, List<LocalDate>> orderDates(World w) {
        Map<Long, List<LocalDate>> m = new LinkedHashMap<>();
        long last = -1;
        for (World.Transaction t : w.transactions()) {
            if (t.orderId() != last) {
                m.computeIfAbsent(t.customerId(), k -> new java.util.ArrayList<>()).add(t.ts());
                last = t.orderId();
            }
        }
        return m;
    }

    /**
     * The calibration summary of FHL (2005) in weeks: x repeat orders up to the calibration end,
     * t_x from the first to the last of them, T from the first order to the end of the calibration
     * period. Dates are whole days while the process runs in continuous time: a purchase at t falls on
     * day floor(7t), so the first purchase happened on average half a day after the start of its
     * date, and T gets that half day back; the rounding errors of t_x have mean zero.
     */
    static RfmTable calibrationSummary(World w) {
        LocalDate end = w.options().calibrationEnd();
        RfmTable.Builder b = RfmTable.builder();
        for (List<LocalDate> dates : orderDates(w).values()) {
            long first = dates.get(0).toEpochDay();
            int x = -1;
            long lastDay = first;
            for (LocalDate d : dates) {
                if (!d.isAfter(end)) {
                    x++;
                    lastDay = d.toEpochDay();
                }
            }
            b.accept(x, x == 0 ? 0 : (lastDay - first) / 7.0, (end.toEpochDay() - first + 0.5) / 7.0);
        }
        return b.build();
    }

    @Test
    void everyCustomerHasAFirstPurchaseInTheWindow() {
        Map<Long, List<LocalDate>> orders = orderDates(WORLD);
        assertThat(orders).hasSize(N);
        for (World.Customer c : WORLD.customers()) {
            assertThat(orders.get(c.customerId()).get(0)).isEqualTo(c.acquisitionDate());
        }
    }

    @Test
    void fittedBgNbdIntervalsCoverThePlantedParameters() {
        FitResult<BgNbd> fit = MaximumLikelihood.withDefaults().fit(BgNbd.FAMILY, calibrationSummary(WORLD));
        assertThat(fit.converged()).isTrue();
        WorldOptions o = WORLD.options();
        Map<String, Double> truth = Map.of("r", o.r(), "alpha", o.alpha(), "a", o.a(), "b", o.b());
        // Each 99% interval misses its true value with probability 0.01 if the simulator is right, so
        // this fixed seed had at most a 4% chance (Bonferroni) of failing a correct simulator; a wrong
        // process (e.g. dropout before the first repeat, or rounding bias) moves the estimates by many
        // standard errors at n = 20,000.
        for (Map.Entry<String, Double> e : truth.entrySet()) {
            Estimate ci = fit.interval(e.getKey(), 0.99);
            assertThat(ci.contains(e.getValue())).as(e.getKey() + " " + ci).isTrue();
        }
    }

    @Test
    void orderCountsInTheTruthMatchTheTransactions() {
        Map<Long, List<LocalDate>> orders = orderDates(WORLD);
        LocalDate end = WORLD.options().calibrationEnd();
        for (World.CustomerTruth t : WORLD.truth()) {
            List<LocalDate> d = orders.get(t.customerId());
            long cal = d.stream().filter(x -> !x.isAfter(end)).count();
            assertThat(t.ordersCalibration()).isEqualTo(cal);
            assertThat(t.ordersHoldout()).isEqualTo(d.size() - cal);
            // Dropout happens right after a purchase: the dropout date is the last order's date.
            t.dropoutDate().ifPresent(x -> assertThat(x).isEqualTo(d.get(d.size() - 1)));
            assertThat(t.aliveAtEnd()).isEqualTo(t.dropoutDate().isEmpty());
            assertThat(t.aliveAtCalibrationEnd()).isEqualTo(t.dropoutDate().map(x -> x.isAfter(end)).orElse(true));
        }
    }

    @Test
    void meanOrderValueMatchesGammaGamma() {
        // E[order amount | nu] = p / nu, so every customer's mean order amount has expectation
        // E[p / nu] = p gamma / (q - 1) whatever their number of orders; the customers are independent,
        // so the mean over customers is within 4 standard errors of it (two-sided p = 6e-5).
        Map<Long, double[]> perOrder = new HashMap<>();
        for (World.Transaction t : WORLD.transactions()) {
            double[] s = perOrder.computeIfAbsent(t.orderId(), k -> new double[2]);
            s[0] = t.customerId();
            s[1] += t.amount();
        }
        Map<Long, double[]> perCustomer = new HashMap<>();
        for (double[] s : perOrder.values()) {
            double[] c = perCustomer.computeIfAbsent((long) s[0], k -> new double[2]);
            c[0] += s[1];
            c[1]++;
        }
        double[] means = perCustomer.values().stream().mapToDouble(c -> c[0] / c[1]).toArray();
        double m = java.util.Arrays.stream(means).average().orElseThrow();
        double v = java.util.Arrays.stream(means).map(x -> (x - m) * (x - m)).sum() / (means.length - 1);
        WorldOptions o = WORLD.options();
        double expected = o.p() * o.gamma() / (o.q() - 1);
        assertThat(Math.abs(m - expected)).isLessThan(4 * Math.sqrt(v / means.length));
        // The planted per-customer value: the mean of p / nu over customers is the same quantity.
        double truthMean = WORLD.truth().stream().mapToDouble(World.CustomerTruth::expectedOrderValue).average()
                .orElseThrow();
        assertThat(Math.abs(truthMean - expected)).isLessThan(4 * Math.sqrt(v / means.length));
    }
}
