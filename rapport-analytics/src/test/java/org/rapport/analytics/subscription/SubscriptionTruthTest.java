package org.rapport.analytics.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.analytics.RunContext;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.interval.Estimate;
import org.rapport.pipeline.PeriodUnit;
import org.rapport.simulator.Memberships;
import org.rapport.simulator.WorldOptions;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.IngestOptions;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/**
 * Issue 17, item 5: the subscription path against planted truth. The simulator gives 30% of the customers
 * a monthly membership whose lapse probability is drawn per member from the plan's beta (club: 0.9, 6.0;
 * plus: 2.0, 14.0), with starts spread over 18 months, so each plan's data are many cohorts censored at
 * different tenures. The fit must hold the planted (alpha, beta), and the residual value it predicts for
 * the running memberships must match the value their true lapse probabilities give.
 */
class SubscriptionTruthTest {
    @TempDir
    Path dir;

    /** 6,000 customers: about 1,100 club and 700 plus memberships per world. */
    private static final int CUSTOMERS = 6_000;

    private record World(RapportStore store, Subscriptions.Result result, Path dir) {
    }

    private World analyse(long seed) throws IOException {
        WorldOptions o = WorldOptions.withDefaults().withCustomers(CUSTOMERS).withSeed(seed);
        Path w = Files.createDirectories(dir.resolve("w" + seed));
        Memberships.write(w, o);
        RapportStore s = RapportStore.inMemory();
        Ingestor.of(s).ingest(Kind.MEMBERSHIPS, w.resolve(Memberships.FILE), IngestOptions.defaults(), (a, b, c) -> { });
        // Only the data end and the discount rate matter here; the purchase model is not used.
        RunContext run = new RunContext(1, BgNbd.of(0.25, 4, 0.8, 2.5), null, PeriodUnit.WEEK, o.calibrationEnd(), o.end(),
                36, 0.10, CUSTOMERS);
        return new World(s, Subscriptions.compute(s, run), w);
    }

    @Test
    void theFitHoldsThePlantedLapseDistributionOfEachPlan() throws IOException {
        // Each (seed, plan) is one 95% likelihood-ratio region for (alpha, beta): 6 regions should hold the truth
        // 5.7 times on average; 5 or 6 of 6 happens with probability 0.97, so the test fails by chance 3% of
        // the time at most (fixed seeds: it either always passes or never). Planted values from Memberships.
        int held = 0;
        for (long seed : List.of(11L, 12L, 13L)) {
            World w = analyse(seed);
            try (RapportStore s = w.store()) {
                for (Memberships.Plan plan : Memberships.PLAN_LIST) {
                    Subscriptions.PlanFit fit = w.result().plans().stream().filter(p -> p.plan().equals(plan.name()))
                            .findFirst().orElseThrow();
                    assertThat(fit.note()).isNull();
                    boolean inside = fit.alpha().contains(plan.alpha()) && fit.beta().contains(plan.beta());
                    System.out.printf("subscriptions, seed %d, %s: alpha %s (planted %s), beta %s (planted %s)%n", seed,
                            plan.name(), fit.alpha(), plan.alpha(), fit.beta(), plan.beta());
                    held += inside ? 1 : 0;
                    // The mean monthly lapse is far better identified than alpha and beta apart.
                    assertThat(fit.meanLapse()).isCloseTo(plan.alpha() / (plan.alpha() + plan.beta()), within(0.02));
                }
            }
        }
        assertThat(held).as("planted (alpha, beta) inside both 95% intervals, of 6").isGreaterThanOrEqualTo(5);
    }

    /** What the running memberships are worth at their true lapse probabilities, at the monthly rate d. */
    private static double trueResidualValue(Path world, double d) throws IOException {
        // A running member with lapse probability theta and fee f, valued before the next renewal, is worth
        // f (1 - theta)(1 + d) / (d + theta): the geometric sum of DERL's definition at a known theta.
        Map<String, Double> fee = new HashMap<>();
        Memberships.PLAN_LIST.forEach(p -> fee.put(p.name(), p.fee()));
        List<String> lines = Files.readAllLines(world.resolve(Memberships.TRUTH));
        double truth = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (Boolean.parseBoolean(f[4])) {
                double theta = Double.parseDouble(f[2]);
                truth += fee.get(f[1]) * (1 - theta) * (1 + d) / (d + theta);
            }
        }
        return truth;
    }

    @Test
    void theResidualValueIntervalHoldsWhatTheRunningMembersAreTrulyWorth() throws IOException {
        // The point value is uncertain at this size: over seeds 14-22 it fell between -14% and +26% of the truth,
        // because the value of the members who almost never lapse (theta near 0: ~100 months) rests on alpha,
        // which 1,000 memberships pin down only to about +-30%. So the product states a 95% predictive interval
        // (parameter draws and each member's posterior lapse probability), and that interval must hold the
        // truth: 6 worlds, each holding it with probability 0.95, give 5 or 6 of 6 with probability 0.97.
        int held = 0;
        for (long seed = 14; seed <= 19; seed++) {
            World w = analyse(seed);
            try (RapportStore s = w.store()) {
                double truth = trueResidualValue(w.dir(), w.result().monthlyDiscountRate());
                Estimate e = w.result().residualInterval();
                System.out.printf("subscriptions, seed %d: residual value %.0f [%.0f, %.0f], true %.0f%n", seed,
                        e.value(), e.lower(), e.upper(), truth);
                held += e.contains(truth) ? 1 : 0;
                if (seed == 14) {
                    checkStoredRows(s, w);
                }
            }
        }
        assertThat(held).as("true residual value inside the 95% interval, of 6 worlds").isGreaterThanOrEqualTo(5);
    }

    private static void checkStoredRows(RapportStore s, World w) {
        double stored = s.queryFirst("SELECT sum(residual_value) FROM customer_subscription", rs -> rs.getDouble(1))
                .orElseThrow();
        assertThat(stored).isCloseTo(w.result().residualValue(), within(1e-9 * stored));
        assertThat(s.queryLong("SELECT count(*) FROM customer_subscription WHERE active")).isEqualTo(w.result().active());
        // Renewals counted from the dates equal the simulator's.
        assertThat(s.queryLong("SELECT count(*) FROM customer_subscription s JOIN read_csv(?) t "
                + "ON s.customer_id = t.customer_id::VARCHAR WHERE s.renewals <> t.renewals",
                w.dir().resolve(Memberships.TRUTH).toString())).isZero();
    }
}
