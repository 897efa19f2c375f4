package org.rapport.offers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Pool-adjacent-violators against hand-computed fits. */
class IsotonicTest {
    @Test
    void poolsViolatorsIntoWeightedMeans() {
        // (1,1) (2,3) (3,2) (4,4): 3 > 2 pools into 2.5 at x 2.5
        Isotonic f = Isotonic.fit(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}, new double[] {1, 1, 1, 1});
        assertThat(f.apply(1)).isEqualTo(1.0);
        assertThat(f.apply(2.5)).isEqualTo(2.5);
        assertThat(f.apply(4)).isEqualTo(4.0);
        // between block centres: linear, 1 + (2.5 - 1) * (1.75 - 1) / (2.5 - 1) = 1.75
        assertThat(f.apply(1.75)).isCloseTo(1.75, within(1e-12));
        // clamped outside
        assertThat(f.apply(0)).isEqualTo(1.0);
        assertThat(f.apply(9)).isEqualTo(4.0);
    }

    @Test
    void weightsAndChainsOfViolations() {
        // y 5, 3 (w 3), 1: 5 and 3 pool to (5 + 9) / 4 = 3.5, then 3.5 > 1 pools all: (5 + 9 + 1) / 5 = 3
        Isotonic f = Isotonic.fit(new double[] {0.1, 0.2, 0.3}, new double[] {5, 3, 1}, new double[] {1, 3, 1});
        assertThat(f.apply(0.1)).isCloseTo(3.0, within(1e-12));
        assertThat(f.apply(0.3)).isCloseTo(3.0, within(1e-12));
    }
}
