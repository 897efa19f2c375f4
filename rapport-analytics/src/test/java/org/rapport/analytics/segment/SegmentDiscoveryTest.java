package org.rapport.analytics.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.analytics.frame.FrameBuilder;
import org.rapport.analytics.frame.CustomerFrame.Keyed;
import org.rapport.simulator.World;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;

/** Discovery on the simulator's planted needs-based segments, and the quality measures. */
class SegmentDiscoveryTest {
    private static final List<String> NEEDS = List.of("price", "quality", "convenience", "innovation", "service");

    @Test
    void adjustedRandIndexMatchesTheHandComputedExample() {
        // Contingency of a = 000111 vs b = 001122: cells 2,1 / 1,2. Sum C(nij,2) = 2; rows C(3,2)*2 = 6;
        // columns 3 * C(2,2) = 3; E = 6 * 3 / C(6,2) = 1.2; max = (6 + 3) / 2 = 4.5;
        // ARI = (2 - 1.2) / (4.5 - 1.2) = 8/33 (also sklearn's adjusted_rand_score on these labels).
        double ari = ClusterQuality.adjustedRandIndex(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2});
        assertThat(ari).isCloseTo(8.0 / 33.0, org.assertj.core.data.Offset.offset(1e-15));
        // Renaming labels changes nothing; a partition against itself is 1.
        assertThat(ClusterQuality.adjustedRandIndex(new int[] {0, 0, 1, 2}, new int[] {5, 5, 7, 9})).isEqualTo(1.0);
        assertThat(ClusterQuality.adjustedRandIndex(new String[] {"a", "a", "b"}, new String[] {"x", "x", "y"})).isEqualTo(1.0);
    }

    @Test
    void silhouetteOfTwoTightFarGroupsIsNearOne() {
        // Points 0, 0.1 and 10, 10.1 on a line: a = 0.1, b = 10 (or 9.9/10.1 averaged) for every point,
        // s = 1 - 0.1/10 = 0.99 exactly for each point: b is the mean of |10 - 0| and |10.1 - 0| = 10.05
        // for point 0, so s = 1 - 0.1/10.05; all four average to 0.99006... within 1e-3 of 0.99.
        double[] x = {0, 0.1, 10, 10.1};
        double s = ClusterQuality.silhouette(x, 1, new int[] {0, 0, 1, 1}, 2);
        assertThat(s).isBetween(0.989, 0.991);
        assertThat(ClusterQuality.silhouette(x, 1, new int[] {0, 1, 0, 1}, 2)).isNegative();
    }

    @Test
    void needsAloneRecoverThePlantedSegmentsWithAriAboveZeroPointEight() {
        World w = WorldSimulator.of(WorldOptions.withDefaults().withCustomers(20_000).withSeed(2005)).generate();
        int n = w.customers().size();
        String[] ids = new String[n];
        double[][] needs = new double[NEEDS.size()][n];
        for (int i = 0; i < n; i++) {
            World.Customer c = w.customers().get(i);
            ids[i] = Long.toString(c.customerId());
            for (int k = 0; k < NEEDS.size(); k++) {
                needs[k][i] = c.needs().get(k);
            }
        }
        FrameBuilder b = CustomerFrame.builder(ids);
        for (int k = 0; k < NEEDS.size(); k++) {
            b.keyed(Keyed.NEED, NEEDS.get(k), needs[k]);
        }
        SegmentDiscovery.Result r = SegmentDiscovery.discover(b.build(), SegmentDiscovery.Options.defaults());
        String[] truth = new String[n];
        for (int i = 0; i < n; i++) {
            truth[i] = w.truth().get(i).segment();
        }
        double ari = ClusterQuality.adjustedRandIndex(r.names(), truth);
        // docs/simulator.md: standardised 5-means reaches 0.86 on this world; the silhouette must find k = 5.
        assertThat(r.k()).as("silhouette %s", r.silhouette()).isEqualTo(5);
        assertThat(ari).as("ARI").isBetween(0.8, 0.98);
        assertThat(r.clusters()).extracting(SegmentDiscovery.Cluster::name).containsExactlyInAnyOrder(
                "price-driven", "quality-driven", "convenience-driven", "innovation-driven", "service-driven");
        System.out.printf("needs-only discovery: k=%d ARI=%.4f silhouette=%s%n", r.k(), ari, r.silhouette());
    }
}
