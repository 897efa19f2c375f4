package org.rapport.offers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.simulator.CampaignFollowUp;

/**
 * {@code rapport campaign results} against the simulator's planted treatment effects
 * (docs/simulator.md, "Campaigns and treatment effects"): campaigns are sent into simulated worlds,
 * whose members buy or not by their planted response type, and the measured incremental response is
 * compared with the members' mean true uplift.
 */
class CampaignUpliftTest {
    @TempDir
    Path dir;

    @Test
    void theIncrementalResponseIntervalHoldsThePlantedUplift() throws Exception {
        int seeds = 10;
        int held = 0;
        for (long seed = 101; seed < 101 + seeds; seed++) {
            try (CampaignWorld w = CampaignWorld.of(dir, 5_000, seed, false)) {
                List<CampaignFollowUp.Outcome> outcomes = w.sendSegment("web-" + seed, "web", 0.5, OfferConfig.defaults(), CampaignExport.Selection.NONE);
                CampaignResults r = CampaignResults.run(w.store, "web-" + seed);
                double truth = CampaignWorld.meanUplift(outcomes);
                boolean in = r.incrementalResponseLow() <= truth && truth <= r.incrementalResponseHigh();
                held += in ? 1 : 0;
                System.out.printf("seed %d: %d treated, %d control; incremental response %.4f [%.4f, %.4f], planted mean uplift %.4f %s%n",
                        seed, r.treated().customers(), r.control().customers(), r.incrementalResponse(), r.incrementalResponseLow(),
                        r.incrementalResponseHigh(), truth, in ? "inside" : "OUTSIDE");
            }
        }
        // A 95% interval misses with probability .05 per seed, independently across seeds: the chance of
        // 3 or more misses in 10 is 1.2%, so "at least 8 of 10" (the issue asks >= 90% of seeds) fails a
        // correct interval rarely and an interval that is too narrow by half (coverage ~.68) nearly always.
        assertThat(held).isGreaterThanOrEqualTo(8);
    }
}
