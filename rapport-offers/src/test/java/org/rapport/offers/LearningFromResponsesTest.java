package org.rapport.offers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rapport.simulator.CampaignFollowUp;

/**
 * Learning from responses against the simulator's planted take-up (docs/simulator.md, "Campaigns and
 * treatment effects"): campaigns are sent, every treated member's response is recorded (accepted when
 * they bought in the follow-up, else ignored) and the next engine's take-up per source × product must
 * be nearer the planted take-up (the members' mean P(buy | treated)) than the propensities were.
 */
class LearningFromResponsesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {301, 302})
    void theLearnedTakeUpMovesTowardsThePlantedTakeUp(long seed) throws Exception {
        try (CampaignWorld w = CampaignWorld.of(dir, 8_000, seed, false)) {
            String seg = CampaignExport.segmentSql(w.store);
            List<String> segments = w.store.query("SELECT DISTINCT segment FROM (" + seg + ") WHERE segment IS NOT NULL ORDER BY 1",
                    rs -> rs.getString(1));
            Map<String, double[]> planted = new HashMap<>(); // product -> {sum of P(buy | treated), members}
            for (String s : segments) {
                for (CampaignFollowUp.Outcome o : w.sendSegment("c-" + s, s, 0.1, OfferConfig.defaults(), CampaignExport.Selection.NONE)) {
                    if (!o.send().treated()) {
                        continue;
                    }
                    String offer = o.send().productId();
                    ContactPolicy.recordResponse(w.store, o.send().customerId(), offer, o.bought() ? "accepted" : "ignored",
                            w.today.plusDays(CampaignWorld.WEEKS * 7L).atStartOfDay());
                    double[] a = planted.computeIfAbsent(w.store.queryFirst("SELECT source FROM offer_history WHERE customer_id = ? AND offer_id = ?",
                            rs -> rs.getString(1), o.send().customerId(), offer).orElseThrow() + "|" + offer, k -> new double[2]);
                    a[0] += o.pTreated();
                    a[1]++;
                }
            }
            OfferEngine engine = OfferEngine.load(w.store);
            List<Object[]> cells = w.store.query("SELECT source, product_id, count(*), avg(propensity) FROM offer_history "
                    + "WHERE response IS NOT NULL GROUP BY 1, 2 HAVING count(*) >= 50 ORDER BY 1, 2",
                    rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getDouble(4)});
            double errPrior = 0;
            double errLearned = 0;
            long n = 0;
            for (Object[] c : cells) {
                int src = java.util.Arrays.asList(CandidateSource.NAMES).indexOf((String) c[0]);
                int p = engine.data().productIndex.get((String) c[1]);
                double[] a = planted.get(c[0] + "|" + c[1]);
                double truth = a[0] / a[1];
                long m = (Long) c[2];
                double learned = engine.learning().posterior(src, p);
                errPrior += m * Math.abs((Double) c[3] - truth);
                errLearned += m * Math.abs(learned - truth);
                n += m;
            }
            errPrior /= n;
            errLearned /= n;
            System.out.printf("seed %d: %d cells (source x product, >= 50 responses, %d responses): mean |take-up - planted| "
                    + "%.4f for the propensities at the send, %.4f learned%n", seed, cells.size(), n, errPrior, errLearned);
            // The learned take-up is the realised rate shrunk towards the propensity: its error is the
            // binomial noise of >= 50 responses (sd <= .02 at the planted rates of about .05) plus a share of
            // the prior's bias that falls with n, so it must be well under the propensities' own error.
            assertThat(cells).isNotEmpty();
            assertThat(errLearned).isLessThan(0.5 * errPrior);
        }
    }
}
