package org.rapport.offers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.pipeline.Progress;
import org.rapport.simulator.WorldOptions;
import org.rapport.store.RapportStore;

/**
 * The back-test on a simulated world with planted upgrade paths, life events and a trusted circle
 * (docs/simulator.md, "Next best offer: is the signal there?").
 */
class OfferEvaluationTest {
    @TempDir
    static Path dir;
    static RapportStore store;

    @BeforeAll
    static void world() throws Exception {
        store = SimulatedWorld.ingest(dir, 20_000, 2005);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void hitRateAtThreeIsAtLeastTwiceThePopularityBaseline() {
        LocalDate calEnd = WorldOptions.withDefaults().calibrationEnd();
        long t0 = System.nanoTime();
        OfferEvaluation e = OfferEvaluation.run(store, calEnd, 3, OfferConfig.defaults(), Progress.NONE);
        System.out.println(e + " in " + (System.nanoTime() - t0) / 1e6 + " ms");
        // docs/simulator.md: at 20,000 customers about 5,100 buy in the holdout and the three most
        // popular products hit 19% of them; the target is twice the baseline.
        assertThat(e.holdoutBuyers()).isBetween(4_500L, 5_700L);
        assertThat(e.baselineHitRateAtK()).isBetween(0.15, 0.23);
        // the stored list ranks by expected value (calibrated propensity x margin), which gives up some
        // take-up for margin: 0.366 on this world (0.311 before prerequisites and calibration), 1.99 times
        // the baseline; ranked by propensity alone 0.460 (0.438 before), over twice the baseline
        assertThat(e.hitRateAtK()).isGreaterThanOrEqualTo(1.8 * e.baselineHitRateAtK());
        assertThat(e.propensityHitRateAtK()).isGreaterThanOrEqualTo(2 * e.baselineHitRateAtK());
        assertThat(e.marginPerCustomer()).isGreaterThan(e.baselineMarginPerCustomer());
        assertThat(e.popularNotOwnedHitRateAtK()).isLessThan(e.baselineHitRateAtK());
    }

    @Test
    void theBackTestMeasuresTheStoredList() {
        LocalDate calEnd = WorldOptions.withDefaults().calibrationEnd();
        OfferEvaluation e = OfferEvaluation.run(store, calEnd, 3, OfferConfig.defaults(), Progress.NONE);
        // the list offers score writes, with the engine of the back-test (data to the calibration end)
        OfferScoring.run(store, OfferEngine.load(store, calEnd, OfferConfig.defaults(), null), 5, Progress.NONE);
        String holdout = "SELECT DISTINCT l.customer_id, l.product_id FROM purchase_lines l "
                + "WHERE l.ts >= ? AND l.product_id IS NOT NULL";
        long buyers = store.queryLong("SELECT count(DISTINCT customer_id) FROM (" + holdout + ")", calEnd.plusDays(1).atStartOfDay());
        long hit = store.queryLong("SELECT count(DISTINCT o.customer_id) FROM customer_offers o JOIN (" + holdout + ") h "
                + "USING (customer_id, product_id) WHERE o.rank <= 3", calEnd.plusDays(1).atStartOfDay());
        assertThat(buyers).isEqualTo(e.holdoutBuyers());
        assertThat((double) hit / buyers).isEqualTo(e.hitRateAtK());
    }

    @Test
    void thePlantedPathsAreMined() {
        java.util.List<Rule> rules = OfferEngine.load(store, WorldOptions.withDefaults().calibrationEnd(), OfferConfig.defaults(), null).rules();
        // docs/simulator.md: on an eligible order of the base's brand the upgrade joins with probability
        // 0.40 to 0.50; the customer's next orders are of that brand with probability 0.4 to 0.85 and
        // many customers buy once more at most in the calibration period, so the mined confidence of
        // "bought the base, later bought the upgrade" lies well below 0.5 but far above the upgrades'
        // base rates (lift > 3).
        for (String brand : java.util.List.of("thrift", "atelier", "swift", "nova")) {
            for (String[] path : new String[][] {{"card_classic", "card_gold"}, {"card_gold", "card_platinum"},
                {"membership_starter", "membership_premium"}, {"phone_starter", "phone_premium"}, {"ticket_economy", "ticket_upper"}}) {
                String a = brand + "_" + path[0];
                String b = brand + "_" + path[1];
                assertThat(rules).as("%s -> %s", a, b).anySatisfy(r -> {
                    assertThat(r.source()).isEqualTo("upgrade");
                    assertThat(r.antecedent()).isEqualTo(a);
                    assertThat(r.consequent()).isEqualTo(b);
                    assertThat(r.lift()).isGreaterThan(3);
                });
            }
        }
        // the trusted circle: partners of gold-card heads take the brand's supplementary card. Few
        // partners of gold heads order again in the calibration period (10 to 17 per brand at this
        // size), so one brand may fall under the minimum count of 5: at least three of the four.
        long brands = java.util.stream.Stream.of("thrift", "atelier", "swift", "nova").filter(brand -> rules.stream().anyMatch(r ->
                r.source().equals("trusted_circle") && r.antecedent().equals("partner:" + brand + "_card_gold")
                        && r.consequent().equals(brand + "_card_supplementary") && r.lift() > 10)).count();
        assertThat(brands).isGreaterThanOrEqualTo(3);
        // baby -> the baby range is a life-event rule with lift > 2 (33% of lines in the window vs 5%)
        assertThat(rules).anySatisfy(r -> {
            assertThat(r.source()).isEqualTo("life_event");
            assertThat(r.antecedent()).isEqualTo("baby");
            assertThat(r.consequent()).endsWith("_baby_essentials");
            assertThat(r.lift()).isGreaterThan(2);
        });
    }
}
