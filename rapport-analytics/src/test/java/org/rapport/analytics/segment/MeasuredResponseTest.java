package org.rapport.analytics.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rapport.analytics.truth.SmallWorld;
import org.rapport.pipeline.Progress;
import org.rapport.store.ingest.Kind;

/**
 * Budgets from measured response on a simulated world with a planted campaign: a world of 4,000
 * customers (seed 5) with its discovered segments; a campaign offering one product to every assigned
 * customer, half of them (by a seeded draw) in the control group, sent at the calibration end; each treated
 * customer of the j-th segment (by name) buys the product a week later with probability 0.1 j (so the
 * first segment's true uplift is 0). The natural purchases of the holdout fall in both arms alike.
 */
class MeasuredResponseTest {
    static final double AMOUNT = 100;

    @Test
    void plantedUpliftSetsTheResponseCurves() {
        try (SmallWorld w = SmallWorld.of(4_000, 5, Kind.CUSTOMERS)) {
            SegmentAnalysis.run(w.store, SegmentOptions.defaults(), Progress.NONE);
            SegmentBudget.Result before = SegmentBudget.allocate(w.store, 10_000, SegmentBudget.Parameters.defaults(), false);
            assertThat(before.responseNote()).startsWith("no campaign with a control group").contains("assumed");
            assertThat(before.response().values()).allSatisfy(v -> assertThat(v).startsWith("assumed"));

            List<String> segments = w.store.query("SELECT DISTINCT segment FROM customer_segment WHERE segment <> 'unassigned'"
                    + " ORDER BY 1", rs -> rs.getString(1));
            String product = w.store.queryFirst("SELECT product_id FROM products ORDER BY product_id LIMIT 1", rs -> rs.getString(1))
                    .orElseThrow();
            double margin = w.store.queryFirst("SELECT coalesce(margin_rate, 1) FROM products WHERE product_id = ?",
                    rs -> rs.getDouble(1), product).orElseThrow();
            plantCampaign(w, segments, product);

            SegmentBudget.Result r = SegmentBudget.allocate(w.store, 10_000, SegmentBudget.Parameters.defaults(), false);
            System.out.println("budget: " + r.responseNote());
            java.util.Map<String, MeasuredResponse.Segment> m = MeasuredResponse.bySegment(w.store);
            for (int j = 0; j < segments.size(); j++) {
                String seg = segments.get(j);
                double planted = 0.1 * j * AMOUNT * margin;
                MeasuredResponse.Segment x = m.get(seg);
                BudgetAllocator.Allocation a = r.segments().stream().filter(s -> s.segment().equals(seg)).findFirst().orElseThrow();
                System.out.printf("budget %s: planted uplift per contact %.2f, measured %.2f (SE %.2f), G %.0f, budget %.0f%n",
                        seg, planted, x.perContact(), x.standardError(), a.attainableGain(), a.budget());
                assertThat(r.response().get(seg)).startsWith("measured");
                // within 3 standard errors of the planted uplift (five segments: all within 3 SE with probability 0.99)
                assertThat(Math.abs(x.perContact() - planted)).isLessThan(3 * x.standardError());
                long n = w.store.queryLong("SELECT count(*) FROM customer_segment cs JOIN customer_scores s USING (customer_id)"
                        + " WHERE cs.segment = ? AND s.clv IS NOT NULL", seg);
                assertThat(a.attainableGain()).isCloseTo(Math.max(0, n * x.perContact()) / (1 - Math.exp(-1)),
                        org.assertj.core.data.Offset.offset(1e-6 * (1 + a.attainableGain())));
            }
            // the segment whose contacts earn nothing gets the least budget; the most responsive the most
            List<Double> budgets = segments.stream().map(seg -> r.segments().stream().filter(s -> s.segment().equals(seg))
                    .findFirst().orElseThrow().budget()).toList();
            assertThat(budgets.get(0)).isEqualTo(budgets.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
            assertThat(budgets.get(budgets.size() - 1) / w.store.queryLong("SELECT count(*) FROM customer_segment WHERE segment = ?",
                    segments.get(segments.size() - 1))).isGreaterThan(budgets.get(0) / Math.max(1,
                    w.store.queryLong("SELECT count(*) FROM customer_segment WHERE segment = ?", segments.get(0))));
        }
    }

    /** The campaign tables as the offers module creates them (offers V002), one campaign, planted purchases. */
    private static void plantCampaign(SmallWorld w, List<String> segments, String product) {
        w.store.update("CREATE TABLE IF NOT EXISTS campaigns (campaign VARCHAR NOT NULL, sent TIMESTAMP NOT NULL, channel VARCHAR,"
                + " selection VARCHAR, control_share DOUBLE NOT NULL, seed BIGINT NOT NULL, eligible BIGINT NOT NULL, control BIGINT NOT NULL)");
        w.store.update("CREATE TABLE IF NOT EXISTS campaign_members (campaign VARCHAR NOT NULL, customer_id VARCHAR NOT NULL,"
                + " offer_id VARCHAR NOT NULL, product_id VARCHAR, arm VARCHAR NOT NULL)");
        LocalDateTime sent = w.world.calibrationEnd().atTime(12, 0);
        List<String[]> members = w.store.query("SELECT customer_id, segment FROM customer_segment WHERE segment <> 'unassigned'"
                + " ORDER BY customer_id", rs -> new String[] {rs.getString(1), rs.getString(2)});
        SplittableRandom rng = new SplittableRandom(55);
        long load = w.store.queryLong("SELECT max(load_id) FROM transactions");
        long control = 0;
        long row = 0;
        for (String[] c : members) {
            boolean isControl = rng.nextBoolean();
            control += isControl ? 1 : 0;
            w.store.update("INSERT INTO campaign_members VALUES ('spring', ?, 'offer-1', ?, ?)", c[0], product,
                    isControl ? "control" : "treated");
            if (!isControl && rng.nextDouble() < 0.1 * segments.indexOf(c[1])) {
                w.store.update("INSERT INTO transactions (customer_id, ts, amount, order_id, product_id, quantity, channel, load_id,"
                        + " source_row) VALUES (?, ?, ?, ?, ?, 1, 'web', ?, ?)", c[0], Timestamp.valueOf(sent.plusDays(7)), AMOUNT,
                        "spring-" + c[0], product, load, -(++row));
            }
        }
        w.store.update("INSERT INTO campaigns VALUES ('spring', ?, 'email', 'all assigned customers', 0.5, 55, ?, ?)",
                Timestamp.valueOf(sent), members.size(), control);
    }
}
