package org.rapport.offers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rapport.pipeline.Progress;
import org.rapport.store.RapportStore;

/**
 * Recall of the simulator's planted rules (docs/simulator.md, "Upgrade paths, co-purchases and the
 * trusted circle", "Life events") in the stored top 5: the supplementary card offered to the partner of
 * a holder of that brand's gold or platinum card, and a baby offer after a recent baby event; with the
 * trigger slot off ({@code trigger-rank=0}, expected value only) and on (the default).
 */
class PlantedRuleRecallTest {
    @TempDir
    Path dir;

    /** {offered, eligible}: partners of a gold or platinum holder, without that brand's supplementary card. */
    static long[] partnerRecall(RapportStore store) {
        String eligible = """
                SELECT DISTINCT l.related_customer_id AS customer_id, split_part(h.product_id, '_', 1) || '_card_supplementary' AS product_id
                FROM household_links l JOIN purchase_lines h ON h.customer_id = l.customer_id
                WHERE l.relation = 'partner' AND (h.product_id LIKE '%\\_card\\_gold' ESCAPE '\\' OR h.product_id LIKE '%\\_card\\_platinum' ESCAPE '\\')
                EXCEPT SELECT customer_id, product_id FROM purchase_lines""";
        long all = store.queryLong("SELECT count(*) FROM (" + eligible + ")");
        long offered = store.queryLong("SELECT count(*) FROM (" + eligible + ") e JOIN customer_offers o USING (customer_id, product_id)");
        return new long[] {offered, all};
    }

    /** {with a baby offer, customers}: customers with a baby event in the 365 days before the data's last day. */
    static long[] babyRecall(RapportStore store, LocalDate end) {
        String recent = "SELECT DISTINCT customer_id FROM life_events WHERE lower(type) = 'baby' AND date > ? AND date <= ?";
        long all = store.queryLong("SELECT count(*) FROM (" + recent + ")", end.minusDays(365), end);
        long offered = store.queryLong("SELECT count(*) FROM (" + recent + ") r WHERE EXISTS (SELECT 1 FROM customer_offers o "
                + "JOIN products p USING (product_id) WHERE o.customer_id = r.customer_id AND p.category = 'baby')", end.minusDays(365), end);
        return new long[] {offered, all};
    }

    @ParameterizedTest
    @ValueSource(longs = {501, 502})
    void partnersAndNewParentsGetThePlantedOffers(long seed) throws Exception {
        try (CampaignWorld w = CampaignWorld.of(dir, 8_000, seed, false)) {
            LocalDate end = OfferData.lastPurchaseDate(w.store).orElseThrow();
            OfferScoring.run(w.store, OfferEngine.load(w.store, null, OfferConfig.of(java.util.Map.of("trigger-rank", "0")), LocalDate.now()), 5,
                    Progress.NONE);
            long[] partner0 = partnerRecall(w.store);
            long[] baby0 = babyRecall(w.store, end);
            OfferScoring.run(w.store, OfferEngine.load(w.store), 5, Progress.NONE);
            long[] partner = partnerRecall(w.store);
            long[] baby = babyRecall(w.store, end);
            System.out.printf("seed %d: partner card %d -> %d of %d eligible partners (%.1f%% -> %.1f%%); baby offer %d -> %d of %d recent "
                    + "parents (%.1f%% -> %.1f%%)%n", seed, partner0[0], partner[0], partner[1], 100.0 * partner0[0] / partner[1],
                    100.0 * partner[0] / partner[1], baby0[0], baby[0], baby[1], 100.0 * baby0[0] / baby[1], 100.0 * baby[0] / baby[1]);
            // The goal is 80% of each. About 220 eligible partners and 370 recent parents per world:
            // a recall near .9 has a sampling sd of about .02, so .8 is not met by luck.
            assertThat((double) partner[0] / partner[1]).isGreaterThanOrEqualTo(0.8);
            assertThat((double) baby[0] / baby[1]).isGreaterThanOrEqualTo(0.8);
            assertThat(partner[0]).isGreaterThan(partner0[0]);
            assertThat(baby[0]).isGreaterThan(baby0[0]);
        }
    }
}
