package org.rapport.analytics.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.rapport.analytics.AnalyticsOptions;
import org.rapport.analytics.RunContext;
import org.rapport.analytics.equity.CustomerEquity;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.analytics.truth.SmallWorld;
import org.rapport.pipeline.Progress;
import org.rapport.store.ingest.Kind;

/**
 * Look-alike segments against the planted segments: worlds of 4,000 customers (seeds 1, 2 and 3) with
 * their customers, feedback and prospects files; the need answers kept for a share of the customers (by a
 * hash of the id) and removed for the others, discovery on the answered, the look-alike model for the
 * rest; adjusted Rand index of every customer's cluster against {@code truth.segment}.
 *
 * <p>The <b>ceiling</b>: the same model fitted on every customer's true segment and scored on the same
 * customers (in-sample, so if anything optimistic), with the surveyed share's true labels kept. It is
 * how much of the segment the behaviour the simulator plants can reveal: about two thirds of the
 * unsurveyed customers are placed right even then (most customers make one to three orders), so the
 * issue's goals (0.60 at 20%, 0.40 at 5%) are above what this world allows; the test asserts the
 * look-alikes come close to the ceiling instead.
 */
class LookAlikeTruthTest {
    static double ari(SmallWorld w) {
        List<String[]> rows = new ArrayList<>();
        w.store.query("SELECT c.cluster, t.segment FROM customer_cluster c JOIN truth t USING (customer_id) ORDER BY 1",
                rs -> rows.add(new String[] {rs.getString(1), rs.getString(2)}));
        String[] a = rows.stream().map(r -> r[0]).toArray(String[]::new);
        String[] b = rows.stream().map(r -> r[1]).toArray(String[]::new);
        return ClusterQuality.adjustedRandIndex(a, b);
    }

    /** ARI of the ceiling model (fitted on the truth of all) with the share's surveyed on their true segment. */
    static double ceiling(SmallWorld w, int share) {
        CustomerFrame f = CustomerFrame.load(w.store);
        LookAlikeData d = LookAlikeData.load(w.store, f);
        Map<String, String[]> truth = new HashMap<>();
        w.store.query("SELECT customer_id, segment, CAST(hash(customer_id) % 100 AS VARCHAR) FROM truth",
                rs -> truth.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)}));
        String[] ids = f.ids();
        List<String> names = new ArrayList<>(new TreeSet<>(truth.values().stream().map(t -> t[0]).toList()));
        int n = ids.length;
        int k = names.size();
        int[] all = IntStream.range(0, n).toArray();
        double[] wt = new double[n * k];
        for (int i = 0; i < n; i++) {
            wt[i * k + names.indexOf(truth.get(ids[i])[0])] = 1;
        }
        double[] post = LookAlikeModel.fit(d, k, all, wt, null, 1).posteriors(all);
        String[] a = new String[n];
        String[] b = new String[n];
        for (int i = 0; i < n; i++) {
            b[i] = truth.get(ids[i])[0];
            int best = 0;
            for (int c = 1; c < k; c++) {
                best = post[i * k + c] > post[i * k + best] ? c : best;
            }
            a[i] = Long.parseLong(truth.get(ids[i])[1]) < share ? b[i] : names.get(best);
        }
        return ClusterQuality.adjustedRandIndex(a, b);
    }

    @Test
    void segmentsWithAFullSurveyAFifthAndATwentieth() {
        // one world per seed; the answers are removed step by step (100% -> 20% -> 5% by a hash of the id)
        // and the segments rediscovered each time
        for (long seed : new long[] {1, 2, 3}) {
            try (SmallWorld w = SmallWorld.of(4_000, seed, Kind.CUSTOMERS, Kind.FEEDBACK, Kind.PROSPECTS)) {
                double[] got = new double[3];
                double[] top = new double[3];
                int[] shares = {100, 20, 5};
                for (int j = 0; j < 3; j++) {
                    w.store.update("DELETE FROM customer_needs WHERE hash(customer_id) % 100 >= ?", shares[j]);
                    SegmentAnalysis.run(w.store, SegmentOptions.defaults().withRediscover(true), Progress.NONE);
                    got[j] = ari(w);
                    top[j] = ceiling(w, shares[j]);
                    double conf = w.store.queryFirst("SELECT avg(confidence) FROM customer_cluster_confidence"
                            + " WHERE source = 'lookalike'", rs -> rs.getDouble(1)).orElse(Double.NaN);
                    assertThat(w.store.queryLong("SELECT count(*) FROM customer_cluster_confidence")).isEqualTo(4_000);
                    System.out.printf("lookalike seed %d, %d%% answered: ARI %.3f (ceiling %.3f), mean confidence of look-alikes %.3f%n",
                            seed, shares[j], got[j], top[j], conf);
                    prospectsShareTheCustomersSegments(w);
                }
                // with a full survey the discovery alone: 0.87 on seeds 1 and 2 (docs/analytics.md)
                assertThat(got[0]).isGreaterThan(0.80);
                // measured at 20%: 0.431-0.443 against ceilings of 0.466-0.491 (0.03-0.06 below); at 5%: 0.285-0.307
                // against 0.398-0.410 (0.10-0.11 below). The model learns from 800 (200) surveyed customers whose
                // labels are k-means clusters of their answers (not the truth), the ceiling from 4,000 true labels.
                // Margins: ARI's sd over worlds of this size is about 0.02, so 0.08 / 0.13 below the ceiling and
                // the floors 0.40 / 0.26 are about one sd beyond the worst seed (the session-5 softmax gave 0.36 / 0.20)
                assertThat(got[1]).isGreaterThan(top[1] - 0.08).isGreaterThan(0.40);
                assertThat(got[2]).isGreaterThan(top[2] - 0.13).isGreaterThan(0.26);
            }
        }
    }

    /** Every prospect has probabilities over the discovered segments summing to 1; equity lists no other names. */
    private static void prospectsShareTheCustomersSegments(SmallWorld w) {
        assertThat(w.store.queryLong("SELECT count(*) FROM (SELECT prospect_id FROM prospect_segment GROUP BY 1"
                + " HAVING abs(sum(probability) - 1) > 1e-9)")).isZero();
        assertThat(w.store.queryLong("SELECT count(DISTINCT prospect_id) FROM prospect_segment"))
                .isEqualTo(w.store.queryLong("SELECT count(DISTINCT prospect_id) FROM prospects")).isPositive();
        List<String> clusters = w.store.query("SELECT DISTINCT cluster FROM customer_cluster", rs -> rs.getString(1));
        CustomerEquity.Result e = CustomerEquity.compute(w.store, RunContext.require(w.store), AnalyticsOptions.defaults());
        assertThat(e.bySegment()).allSatisfy(b -> assertThat(clusters).contains(b.key()));
        assertThat(e.bySegment().stream().mapToDouble(CustomerEquity.Breakdown::potentialEquity).sum())
                .isCloseTo(e.potentialEquity(), org.assertj.core.data.Offset.offset(1e-6 * Math.abs(e.potentialEquity())));
    }
}
