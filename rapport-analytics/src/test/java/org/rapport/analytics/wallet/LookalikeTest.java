package org.rapport.analytics.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The look-alike quantile and its fallback to coarser cells, on hand-made customers. */
class LookalikeTest {
    @Test
    void quantileOfTheCellElseOfACoarserOne() {
        // 40 customers in region 0 spending 1..40, 5 in region 1 spending 100..104, one segment, household 1.
        ShareOfWallet.Data d = new ShareOfWallet.Data();
        d.n = 45;
        d.yearly = new double[45];
        d.region = new int[45];
        d.segment = new int[45];
        d.household = new double[45];
        Arrays.fill(d.household, 1);
        for (int i = 0; i < 40; i++) {
            d.yearly[i] = i + 1;
        }
        for (int i = 40; i < 45; i++) {
            d.yearly[i] = 60 + i;
            d.region[i] = 1;
        }
        d.regions = List.of("r0", "r1");
        d.segments = List.of("s");
        boolean[] all = new boolean[45];
        Arrays.fill(all, true);
        double[] w = WalletEstimators.lookalike(d, 0.9, all);
        // region 0 has 40 >= 30 customers: type-7 quantile of 1..40 at 0.9 = 1 + 0.9 * 39 = 36.1
        assertThat(w[0]).isCloseTo(36.1, within(1e-12));
        // region 1 has 5 < 30: falls back to the segment (all 45): sorted 1..40, 100..104,
        // h = 44 * 0.9 = 39.6 -> 40 + 0.6 * (100 - 40) = 76
        assertThat(w[44]).isCloseTo(76.0, within(1e-12));
    }
}
