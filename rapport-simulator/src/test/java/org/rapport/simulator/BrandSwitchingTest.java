package org.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** Brand choice from order to order follows the planted first-order Markov matrix of each segment. */
class BrandSwitchingTest {
    private static final World WORLD = Worlds.of(20_000, 2005);
    private static final PlantedWorld PLANTED = WORLD.options().world();

    @Test
    void switchingFrequenciesMatchThePlantedMatrices() {
        Catalog cat = PLANTED.catalog();
        Map<String, Integer> brandOf = new HashMap<>();
        for (Catalog.Product p : cat.products()) {
            brandOf.put(p.id(), cat.brandIndex(p.brand()));
        }
        Map<Long, Integer> segmentOf = new HashMap<>();
        WORLD.truth().forEach(t -> segmentOf.put(t.customerId(), PLANTED.segmentIndex(t.segment())));
        int segments = PLANTED.segments().size();
        int brands = cat.brands().size();
        long[][][] n = new long[segments][brands][brands];
        long[][] first = new long[segments][brands];
        long lastOrder = -1;
        long lastCustomer = -1;
        int previous = -1;
        for (World.Transaction t : WORLD.transactions()) {
            if (t.orderId() == lastOrder) {
                // Every line of an order has the order's brand.
                assertThat(brandOf.get(t.productId())).isEqualTo(previous);
                continue;
            }
            int b = brandOf.get(t.productId());
            int s = segmentOf.get(t.customerId());
            if (t.customerId() != lastCustomer) {
                first[s][b]++;
            } else {
                n[s][previous][b]++;
            }
            lastOrder = t.orderId();
            lastCustomer = t.customerId();
            previous = b;
        }
        // Given the previous brand i, the next brand is a fresh draw from row i, so given the n_i
        // departures from i the count of i -> j is Binomial(n_i, P_ij) and the frequency is within
        // z sqrt(P (1 - P) / n_i) of P_ij. 80 transition cells and 20 first-brand cells: z for a
        // family-wise two-sided level of 0.001 (Bonferroni) is Phi^-1(1 - 0.001 / 200) = 4.42.
        double z = NormalDistribution.of(0, 1).inverseSurvivalProbability(0.001 / 200);
        double maxError = 0;
        for (int s = 0; s < segments; s++) {
            PlantedWorld.Segment seg = PLANTED.segments().get(s);
            check(first[s], seg.initialBrand(), z, seg.name() + " first brand");
            for (int i = 0; i < brands; i++) {
                maxError = Math.max(maxError,
                        check(n[s][i], seg.brandSwitching()[i], z, seg.name() + " from " + cat.brands().get(i).name()));
            }
        }
        System.out.printf("brand switching: max |frequency - planted| = %.4f%n", maxError);
    }

    private static double check(long[] counts, double[] p, double z, String what) {
        long total = java.util.Arrays.stream(counts).sum();
        assertThat(total).as(what).isGreaterThan(100);
        double max = 0;
        for (int j = 0; j < p.length; j++) {
            double f = counts[j] / (double) total;
            assertThat(Math.abs(f - p[j])).as(what + " to " + j).isLessThanOrEqualTo(
                    z * Math.sqrt(p[j] * (1 - p[j]) / total));
            max = Math.max(max, Math.abs(f - p[j]));
        }
        return max;
    }
}
