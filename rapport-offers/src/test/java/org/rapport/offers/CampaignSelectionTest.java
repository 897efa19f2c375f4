package org.rapport.offers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.simulator.CampaignFollowUp;

/**
 * The uplift model and the campaign selection against the simulator's planted treatment effects and
 * truth (docs/simulator.md): a first round of segment campaigns with 50% control groups is the history;
 * the model learned on it must rank other offers by their true uplift, and a second round selected by
 * P(alive) and the model must send fewer coupons to customers who had in truth stopped buying.
 */
class CampaignSelectionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {201, 202})
    void upliftRankingAndSelectionRecoverThePlantedTruth(long seed) throws Exception {
        try (CampaignWorld w = CampaignWorld.of(dir, 8_000, seed, true)) {
            String seg = CampaignExport.segmentSql(w.store);
            List<String> segments = w.store.query("SELECT DISTINCT segment FROM (" + seg + ") WHERE segment IS NOT NULL ORDER BY 1",
                    rs -> rs.getString(1));
            // Round 1, the history: every segment, best offer, no selection filter, half held out.
            for (String s : segments) {
                w.sendSegment("r1-" + s, s, 0.5, OfferConfig.defaults(), CampaignExport.Selection.NONE);
            }
            UpliftModel model = UpliftModel.fit(w.store);
            // The ranking, on offers nobody was sent: every customer's second-ranked offer.
            List<Object[]> pairs = w.store.query("SELECT o.customer_id, o.product_id, coalesce(s.segment, 'all customers'), "
                    + "coalesce(p.category, o.product_id), coalesce(sc.p_alive, 1), o.score FROM customer_offers o "
                    + "LEFT JOIN (" + seg + ") s USING (customer_id) LEFT JOIN products p USING (product_id) "
                    + "LEFT JOIN customer_scores sc USING (customer_id) WHERE o.rank = 2 ORDER BY o.customer_id",
                    rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5), rs.getDouble(6)});
            int n = pairs.size();
            double[] truth = new double[n];
            double[] byModel = new double[n];
            double[] byAlive = new double[n];
            double[] byScore = new double[n];
            for (int i = 0; i < n; i++) {
                Object[] r = pairs.get(i);
                truth[i] = w.followUp.outcome(new CampaignFollowUp.Send((String) r[0], (String) r[1], true), CampaignWorld.WEEKS).uplift();
                byModel[i] = model.uplift((String) r[2], (String) r[3], (Double) r[4]);
                byAlive[i] = (Double) r[4];
                byScore[i] = (Double) r[5];
            }
            double qModel = UpliftModel.normalisedAuuc(byModel, truth);
            double qAlive = UpliftModel.normalisedAuuc(byAlive, truth);
            double qScore = UpliftModel.normalisedAuuc(byScore, truth);
            System.out.printf("seed %d: %d history members; normalised AUUC vs true uplift over %d offers: model %.3f, P(alive) alone %.3f,"
                    + " arbitration score %.3f%n", seed, model.members(), n, qModel, qAlive, qScore);

            // Round 2: the same segments again, selected with and without the filters (different campaign names).
            long[] before = goneShare(w, segments, "r2-all-", CampaignExport.Selection.NONE);
            long[] after = goneShare(w, segments, "r2-sel-", CampaignExport.Selection.DEFAULTS);
            System.out.printf("seed %d: coupons to truly gone customers %d of %d (%.1f%%) without the selection, %d of %d (%.1f%%) with it%n",
                    seed, before[0], before[1], 100.0 * before[0] / before[1], after[0], after[1], 100.0 * after[0] / after[1]);

            // The model must beat a random order clearly and the arbitration's score (which ranks by
            // expected value, not by what the offer changes); .2 is far above a random order's spread
            // (a random ranking of 8,000 pairs scores 0 +- about .02).
            assertThat(qModel).isGreaterThan(0.2).isGreaterThan(qScore);
            // P(alive) >= .5 must remove most coupons to the gone: at least halve their share.
            assertThat((double) after[0] / after[1]).isLessThan(0.5 * before[0] / before[1]);
        }
    }

    /** @return {coupons to customers not alive at the end (truth), coupons} over one campaign per segment */
    private static long[] goneShare(CampaignWorld w, List<String> segments, String prefix, CampaignExport.Selection selection)
            throws Exception {
        long gone = 0;
        long all = 0;
        for (String s : segments) {
            String name = prefix + s;
            CampaignExport.run(w.store, null, s, CampaignExport.Channel.EMAIL, name, w.dir.resolve(name + ".csv"), OfferConfig.defaults(),
                    w.today, 0.1, null, selection);
            all += w.store.queryLong("SELECT count(*) FROM campaign_members WHERE campaign = ? AND arm = 'treated'", name);
            gone += w.store.queryLong("SELECT count(*) FROM campaign_members m JOIN truth t USING (customer_id) "
                    + "WHERE m.campaign = ? AND m.arm = 'treated' AND t.alive_at_end = 'false'", name);
        }
        return new long[] {gone, all};
    }
}
