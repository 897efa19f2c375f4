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
        assertThat(e.hitRateAtK()).isGreaterThanOrEqualTo(2 * e.baselineHitRateAtK());
    }
}
