package org.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.junit.jupiter.api.Test;

/** The needs-based segments: their sizes, survey answers, separability and spend tilt are as planted. */
class SegmentsTest {
    private static final World WORLD = Worlds.of(20_000, 2005);
    private static final PlantedWorld PLANTED = WORLD.options().world();

    private static int[] truthSegments(World w, int n) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = PLANTED.segmentIndex(w.truth().get(i).segment());
        }
        return s;
    }

    @Test
    void segmentSharesMatchTheWeights() {
        int n = WORLD.truth().size();
        int[] seg = truthSegments(WORLD, n);
        for (int k = 0; k < PLANTED.segments().size(); k++) {
            int kk = k;
            double share = java.util.Arrays.stream(seg).filter(s -> s == kk).count() / (double) n;
            double w = PLANTED.segments().get(k).weight();
            // Binomial share: within 4 standard errors (two-sided p = 6e-5 per segment).
            assertThat(Math.abs(share - w)).isLessThan(4 * Math.sqrt(w * (1 - w) / n));
        }
    }

    @Test
    void surveyAnswersHaveThePlantedMeansPerSegment() {
        int segments = PLANTED.segments().size();
        int needs = PLANTED.needs().size();
        double[][] sum = new double[segments][needs];
        double[][] sq = new double[segments][needs];
        int[] count = new int[segments];
        for (int i = 0; i < WORLD.customers().size(); i++) {
            int s = PLANTED.segmentIndex(WORLD.truth().get(i).segment());
            count[s]++;
            List<Integer> a = WORLD.customers().get(i).needs();
            for (int k = 0; k < needs; k++) {
                sum[s][k] += a.get(k);
                sq[s][k] += a.get(k) * a.get(k);
            }
        }
        for (int s = 0; s < segments; s++) {
            for (int k = 0; k < needs; k++) {
                double m = sum[s][k] / count[s];
                double sd = Math.sqrt((sq[s][k] - count[s] * m * m) / (count[s] - 1));
                // The expected answer accounts for rounding and clamping to 1..7. 25 cells at 4.5 standard
                // errors: family-wise two-sided p < 2e-4.
                assertThat(Math.abs(m - PLANTED.expectedAnswer(s, k)))
                        .as(PLANTED.segments().get(s).name() + " " + PLANTED.needs().get(k))
                        .isLessThan(4.5 * sd / Math.sqrt(count[s]));
            }
        }
    }

    @Test
    void standardisedKMeansOnTheNeedsRecoversTheSegments() {
        int n = 5_000;
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = WORLD.customers().get(i).needs().stream().mapToDouble(Integer::doubleValue).toArray();
        }
        int[] found = Clustering.kMeans(Clustering.standardise(x), PLANTED.segments().size(), 10, 1);
        double ari = Clustering.adjustedRand(found, truthSegments(WORLD, n));
        System.out.printf("adjusted Rand index of standardised 5-means on the needs: %.4f%n", ari);
        // The analytics issue asks for ARI >= 0.8; the world must allow it without making it trivial:
        // at needSd = 0.8 about 4% of customers sit closer to another segment's mean.
        assertThat(ari).isGreaterThanOrEqualTo(0.8).isLessThan(0.98);
    }

    @Test
    void spendRateKeepsItsGammaDistributionAndTiltsBySegment() {
        WorldOptions o = WORLD.options();
        GammaDistribution nu = GammaDistribution.of(o.q(), 1 / o.gamma());
        int segments = PLANTED.segments().size();
        double[] sum = new double[segments];
        double[] count = new double[segments];
        double all = 0;
        for (World.CustomerTruth t : WORLD.truth()) {
            double d = 2 * nu.cumulativeProbability(t.nu()) - 1;
            int s = PLANTED.segmentIndex(t.segment());
            sum[s] += d;
            count[s]++;
            all += d;
        }
        int n = WORLD.truth().size();
        // Over everybody u = F(nu) is uniform, so 2u - 1 has mean 0 and variance 1/3.
        assertThat(Math.abs(all / n)).isLessThan(4 * Math.sqrt(1.0 / 3 / n));
        for (int s = 0; s < segments; s++) {
            double c = PLANTED.segments().get(s).spendTilt();
            // Within segment k, u has density 1 + c (2u - 1): E[2u - 1] = c / 3, Var = 1/3 - c^2/9.
            double se = Math.sqrt((1.0 / 3 - c * c / 9) / count[s]);
            assertThat(Math.abs(sum[s] / count[s] - c / 3)).isLessThan(4 * se);
        }
    }
}
