package org.rapport.offers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The maths of campaign results against hand-computed examples, and the control group's draw. */
class CampaignResultsTest {
    @Test
    void responsesAndMarginsWithTheirIntervals() {
        // treated: 10 customers, 3 bought, margins 10, 20, 30 and seven 0: mean 6, sample variance
        // (16 + 196 + 576 + 7 x 36) / 9 = 1040 / 9; control: 5 customers, 1 bought for 10: mean 2,
        // variance (64 + 4 x 4) / 4 = 20.
        boolean[] tr = {true, true, true, false, false, false, false, false, false, false};
        double[] tm = {10, 20, 30, 0, 0, 0, 0, 0, 0, 0};
        boolean[] cr = {true, false, false, false, false};
        double[] cm = {10, 0, 0, 0, 0};
        CampaignResults r = CampaignResults.of("c", LocalDateTime.of(2024, 1, 1, 9, 0), tr, tm, cr, cm);
        double z = 1.959963984540054;
        assertThat(r.treated().response()).isEqualTo(0.3);
        assertThat(r.treated().responseLow()).isCloseTo(0.3 - z * Math.sqrt(0.21 / 10), within(1e-12));
        assertThat(r.control().response()).isEqualTo(0.2);
        assertThat(r.treated().marginVariance()).isCloseTo(1040.0 / 9, within(1e-9));
        assertThat(r.control().marginVariance()).isCloseTo(20.0, within(1e-12));
        // 0.3 - 0.2 = 0.1, se = sqrt(0.21 / 10 + 0.16 / 5) = sqrt(0.053) = 0.2302173
        assertThat(r.incrementalResponse()).isCloseTo(0.1, within(1e-12));
        assertThat(r.incrementalResponseLow()).isCloseTo(0.1 - z * 0.23021728866442676, within(1e-9));
        assertThat(r.incrementalResponseHigh()).isCloseTo(0.1 + z * 0.23021728866442676, within(1e-9));
        // 6 - 2 = 4, se = sqrt(1040 / 90 + 20 / 5) = sqrt(15.5556) = 3.944053
        assertThat(r.incrementalMarginPerCustomer()).isCloseTo(4.0, within(1e-12));
        assertThat(r.incrementalMarginPerCustomerHigh()).isCloseTo(4 + z * Math.sqrt(1040.0 / 90 + 4), within(1e-9));
        assertThat(r.incrementalMarginPerCustomerHigh() - 4).isCloseTo(7.7303, within(1e-4));
        // in all: 4 x 10 treated = 40, interval 40 +- 77.303
        assertThat(r.incrementalMargin()).isCloseTo(40.0, within(1e-9));
        assertThat(r.incrementalMarginLow()).isCloseTo(40 - 77.303, within(1e-3));
    }

    @Test
    void withoutControlTheIncrementsAreUnknown() {
        CampaignResults r = CampaignResults.of("c", LocalDateTime.of(2024, 1, 1, 9, 0), new boolean[] {true, false}, new double[] {5, 0},
                new boolean[0], new double[0]);
        assertThat(r.treated().response()).isEqualTo(0.5);
        assertThat(r.incrementalResponse()).isNaN();
        assertThat(r.incrementalMargin()).isNaN();
    }

    @Test
    void theControlGroupIsAnExactSeededDraw() {
        boolean[] a = ControlGroup.draw(1_000, 0.1, 42);
        boolean[] b = ControlGroup.draw(1_000, 0.1, 42);
        boolean[] c = ControlGroup.draw(1_000, 0.1, 43);
        int n = 0;
        for (boolean x : a) {
            n += x ? 1 : 0;
        }
        assertThat(n).isEqualTo(100);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        assertThat(ControlGroup.draw(7, 0, 1)).containsOnly(false);
    }

    @Test
    void aControlShareOutsideZeroToNinetyPercentIsRefused() {
        assertThat(OfferConfig.controlShare("0.9")).isEqualTo(0.9);
        assertThat(OfferConfig.defaults().controlShare()).isEqualTo(0.1);
        for (String bad : new String[] {"0.95", "-0.1", "abc", "NaN"}) {
            assertThatThrownBy(() -> OfferConfig.controlShare(bad)).isInstanceOf(OfferException.class)
                    .hasMessageContaining("'control-share' = '" + bad + "' is not a share in [0, 0.9]");
        }
    }
}
