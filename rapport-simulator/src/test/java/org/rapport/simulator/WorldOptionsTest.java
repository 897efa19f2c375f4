package org.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Options are immutable, validated with clear messages, and the planted world checks itself. */
class WorldOptionsTest {
    @Test
    void defaultsMirrorTheCdnowDesign() {
        WorldOptions o = WorldOptions.withDefaults();
        assertThat(o.customers()).isEqualTo(10_000);
        assertThat(o.start()).isEqualTo(LocalDate.of(2023, 1, 1));
        assertThat(o.firstPurchaseEnd()).isEqualTo(LocalDate.of(2023, 3, 31));
        // 39 weeks of calibration and 39 of holdout, as FHL (2005) on CDNOW.
        assertThat(o.calibrationEnd().toEpochDay() - o.start().toEpochDay() + 1).isEqualTo(39 * 7);
        assertThat(o.end().toEpochDay() - o.calibrationEnd().toEpochDay()).isEqualTo(39 * 7);
        assertThat(new double[] {o.r(), o.alpha(), o.a(), o.b()}).containsExactly(0.243, 4.414, 0.793, 2.426);
        assertThat(new double[] {o.p(), o.q(), o.gamma()}).containsExactly(6.25, 3.74, 15.44);
    }

    @Test
    void withersReturnCopiesAndLeaveTheOriginal() {
        WorldOptions base = WorldOptions.withDefaults();
        WorldOptions o = base.withCustomers(5).withSeed(9).withPurchaseModel(1, 2, 3, 4).withSpendModel(5, 6, 7)
                .withThreads(3).withSurveyFraction(0.5).withProspectsPerCustomer(2)
                .withStart(LocalDate.of(2020, 1, 1)).withFirstPurchaseEnd(LocalDate.of(2020, 2, 1))
                .withCalibrationEnd(LocalDate.of(2020, 6, 1)).withEnd(LocalDate.of(2020, 12, 31));
        assertThat(o.customers()).isEqualTo(5);
        assertThat(o.seed()).isEqualTo(9);
        assertThat(o.b()).isEqualTo(4);
        assertThat(o.gamma()).isEqualTo(7);
        assertThat(o.threads()).isEqualTo(3);
        assertThat(o.end()).isEqualTo(LocalDate.of(2020, 12, 31));
        assertThat(base.customers()).isEqualTo(10_000);
        assertThat(base.seed()).isEqualTo(1);
        assertThat(base.r()).isEqualTo(0.243);
    }

    @Test
    void badValuesAreRejectedWithTheirName() {
        WorldOptions o = WorldOptions.withDefaults();
        assertThatThrownBy(() -> o.withCustomers(0)).isInstanceOf(SimulatorException.class)
                .hasMessage("customers = 0 is not greater than 0");
        assertThatThrownBy(() -> o.withPurchaseModel(0.2, -1, 1, 1)).hasMessageContaining("alpha = -1.0");
        assertThatThrownBy(() -> o.withSpendModel(6, 0.5, 15)).hasMessageContaining("q = 0.5 is outside");
        assertThatThrownBy(() -> o.withSurveyFraction(1.5)).hasMessageContaining("surveyFraction = 1.5");
        assertThatThrownBy(() -> o.withThreads(0)).hasMessage("threads = 0 is not greater than 0");
    }

    @Test
    void datesOutOfOrderAreRejectedWhenSimulating() {
        WorldOptions o = WorldOptions.withDefaults().withCalibrationEnd(LocalDate.of(2023, 2, 1));
        assertThatThrownBy(() -> WorldSimulator.of(o)).isInstanceOf(SimulatorException.class)
                .hasMessage("firstPurchaseEnd (2023-03-31) must not be after calibrationEnd (2023-02-01)");
    }

    @Test
    void tooLargeAWorldIsNotHeldInMemory() {
        WorldSimulator s = WorldSimulator.of(WorldOptions.withDefaults().withCustomers(WorldSimulator.MAX_IN_MEMORY + 1));
        assertThatThrownBy(s::generate).isInstanceOf(SimulatorException.class)
                .hasMessageContaining("too many to hold in memory");
    }

    @Test
    void theDefaultWorldIsConsistent() {
        PlantedWorld w = PlantedWorld.defaults();
        assertThat(w.catalog().products()).hasSize(4 * 23);
        assertThat(w.catalog().products().stream().filter(p -> p.upgradeOf() != null)).hasSize(4 * 5);
        double[] cuts = w.ratingCuts();
        for (int k = 1; k < cuts.length; k++) {
            assertThat(cuts[k]).isGreaterThan(cuts[k - 1]);
        }
        // The symmetric cut: P(rating <= 4) = 0.80 puts the top cut at Phi^-1(0.8) = 0.8416.
        assertThat(cuts[3]).isCloseTo(0.8416212335729143, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void anUnbalancedSpendTiltIsRejected() {
        PlantedWorld w = PlantedWorld.defaults();
        List<PlantedWorld.Segment> segs = new ArrayList<>(w.segments());
        PlantedWorld.Segment s = segs.get(0);
        segs.set(0, new PlantedWorld.Segment(s.name(), s.weight(), 0.9, s.needMeans(), s.ageMean(), s.walletEffect(),
                s.categoryPreference(), s.initialBrand(), s.brandSwitching(), s.acquisitionChannel(),
                s.orderChannel(), s.feedbackTopic()));
        assertThatThrownBy(() -> copyWithSegments(w, segs)).isInstanceOf(SimulatorException.class)
                .hasMessageContaining("would no longer be Gamma(q, gamma)");
    }

    @Test
    void aSwitchingRowThatDoesNotSumToOneIsRejected() {
        PlantedWorld w = PlantedWorld.defaults();
        List<PlantedWorld.Segment> segs = new ArrayList<>(w.segments());
        PlantedWorld.Segment s = segs.get(1);
        double[][] m = {{0.5, 0.5, 0, 0}, {0.5, 0.4, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
        segs.set(1, new PlantedWorld.Segment(s.name(), s.weight(), s.spendTilt(), s.needMeans(), s.ageMean(),
                s.walletEffect(), s.categoryPreference(), s.initialBrand(), m, s.acquisitionChannel(),
                s.orderChannel(), s.feedbackTopic()));
        assertThatThrownBy(() -> copyWithSegments(w, segs))
                .hasMessage("segment quality_seekers brandSwitching row atelier sums to 0.9, not 1");
    }

    private static PlantedWorld copyWithSegments(PlantedWorld w, List<PlantedWorld.Segment> segs) {
        return new PlantedWorld(w.catalog(), w.needs(), w.needSd(), segs, w.regions(), w.acquisitionChannels(),
                w.orderChannels(), w.preferredChannelProbability(), w.categoryConcentration(), w.basketExtraMean(),
                w.ageSd(), w.householdSizes(), w.trustedCircle(), w.lifeEvents(), w.touchpoints(), w.ratingShares(),
                w.interactionsPerWeek(), w.feedbackPerWeek(), w.feedbackTopics(), w.wallet());
    }
}
