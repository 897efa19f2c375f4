package org.rapport.offers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.simulator.CampaignFollowUp;

/**
 * Champion and challenger against the simulator's planted take-up: a campaign's treated customers are
 * split at random between the stored offers (champion) and a challenger policy (the arbitration that may
 * offer groceries and fashion again to their owners), and the measured difference of the arms' responses
 * must hold the planted difference (the arms' mean P(buy | treated) of their own offers).
 */
class ChampionChallengerTest {
    @TempDir
    Path dir;

    @Test
    void theArmsDifferenceIntervalHoldsThePlantedDifference() throws Exception {
        OfferConfig challengerConfig = OfferConfig.of(Map.of("repeatable", "grocery,fashion"));
        int held = 0;
        int seeds = 5;
        for (long seed = 401; seed < 401 + seeds; seed++) {
            try (CampaignWorld w = CampaignWorld.of(dir, 5_000, seed, false)) {
                String name = "cc-" + seed;
                CampaignExport.run(w.store, null, "web", CampaignExport.Channel.EMAIL, name, dir.resolve(name + ".csv"), OfferConfig.defaults(),
                        w.today, 0.2, null, CampaignExport.Selection.NONE, new CampaignExport.Challenger(challengerConfig, 0.5));
                List<CampaignFollowUp.Outcome> outcomes = w.followUp(name);
                List<String> challengers = w.store.query("SELECT customer_id FROM campaign_members WHERE campaign = ? AND policy = 'challenger'",
                        rs -> rs.getString(1), name);
                java.util.Set<String> ch = new java.util.HashSet<>(challengers);
                double[] sum = new double[2];
                long[] n = new long[2];
                for (CampaignFollowUp.Outcome o : outcomes) {
                    if (o.send().treated()) {
                        int arm = ch.contains(o.send().customerId()) ? 1 : 0;
                        sum[arm] += o.pTreated();
                        n[arm]++;
                    }
                }
                double truth = sum[1] / n[1] - sum[0] / n[0];
                CampaignResults r = CampaignResults.run(w.store, name);
                CampaignResults.Challenger c = r.challenger();
                boolean in = c.responseDifferenceLow() <= truth && truth <= c.responseDifferenceHigh();
                held += in ? 1 : 0;
                System.out.printf("seed %d: champion %d (response %.4f), challenger %d (%.4f); difference %.4f [%.4f, %.4f], planted %.4f %s;"
                        + " champion vs control %.4f [%.4f, %.4f]%n", seed, r.treated().customers(), r.treated().response(), c.arm().customers(),
                        c.arm().response(), c.responseDifference(), c.responseDifferenceLow(), c.responseDifferenceHigh(), truth,
                        in ? "inside" : "OUTSIDE", r.incrementalResponse(), r.incrementalResponseLow(), r.incrementalResponseHigh());
                assertThat(c.arm().customers() + r.treated().customers() + r.control().customers())
                        .isEqualTo(outcomes.size());
            }
        }
        // A 95% interval misses with probability .05 per seed: 2 or more misses in 5 happen 2.3% of the time.
        assertThat(held).isGreaterThanOrEqualTo(seeds - 1);
    }
}
