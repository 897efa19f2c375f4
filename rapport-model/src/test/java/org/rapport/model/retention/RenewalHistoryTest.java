package org.rapport.model.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.rapport.model.ModelException;
import org.rapport.model.data.RetentionSeries;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;

/**
 * One cohort written contract by contract is the cohort table of Fader &amp; Hardie (2007): the same
 * log-likelihood (B3) and so the same fit as the paper's "regular" customers (alpha 0.704, beta 1.182,
 * LL -1680.27, table 1 years 0..7).
 */
class RenewalHistoryTest {
    private static final double[] REGULAR = {1000, 631, 468, 382, 326, 289, 262, 241};

    /** The cohort as contracts: those lost in year t made t - 1 renewals and lapsed; the survivors run. */
    private static RenewalHistory contracts(double[] active) {
        int n = (int) active[0];
        int[] renewals = new int[n];
        boolean[] lapsed = new boolean[n];
        int i = 0;
        for (int t = 1; t < active.length; t++) {
            for (int k = 0; k < active[t - 1] - active[t]; k++) {
                renewals[i] = t - 1;
                lapsed[i++] = true;
            }
        }
        while (i < n) {
            renewals[i++] = active.length - 1;
        }
        return RenewalHistory.of(renewals, lapsed);
    }

    @Test
    void oneCohortHasTheLikelihoodAndFitOfTheCohortTable() {
        RenewalHistory h = contracts(REGULAR);
        RetentionSeries series = RetentionSeries.of(REGULAR);
        for (double[] p : new double[][] {{0.704, 1.182}, {1, 1}, {2.5, 0.4}}) {
            double[] g1 = new double[2];
            double[] g2 = new double[2];
            double a = RenewalHistory.FAMILY.logLikelihood(h).value(p, g1);
            double b = ShiftedBetaGeometric.FAMILY.logLikelihood(series).value(p, g2);
            assertThat(a).isCloseTo(b, within(1e-9 * Math.abs(b)));
            assertThat(g1[0]).isCloseTo(g2[0], within(1e-9 * Math.max(1, Math.abs(g2[0]))));
            assertThat(g1[1]).isCloseTo(g2[1], within(1e-9 * Math.max(1, Math.abs(g2[1]))));
        }
        FitResult<ShiftedBetaGeometric> fit = MaximumLikelihood.withDefaults().fit(RenewalHistory.FAMILY, h);
        // The paper prints three decimals: half a unit in the last digit.
        assertThat(fit.parameter("alpha")).isCloseTo(0.704, within(0.0005));
        assertThat(fit.parameter("beta")).isCloseTo(1.182, within(0.0005));
        assertThat(fit.logLikelihood()).isCloseTo(-1680.27, within(0.005));
        assertThat(h.contracts()).isEqualTo(1000);
        assertThat(h.rows()).isEqualTo(8);
    }

    @Test
    void dataThatCannotSeparateAlphaAndBetaAreRefusedByName() {
        assertThatThrownBy(() -> MaximumLikelihood.withDefaults().fit(RenewalHistory.FAMILY,
                RenewalHistory.of(new int[] {3, 4, 5}, new boolean[] {false, false, false})))
                .isInstanceOf(ModelException.class).hasMessageContaining("no contract lapsed");
        assertThatThrownBy(() -> MaximumLikelihood.withDefaults().fit(RenewalHistory.FAMILY,
                RenewalHistory.of(new int[] {0, 0, 5}, new boolean[] {true, true, false})))
                .isInstanceOf(ModelException.class).hasMessageContaining("one renewal decision");
        assertThatThrownBy(() -> RenewalHistory.of(new int[] {-1}, new boolean[] {true}))
                .isInstanceOf(ModelException.class).hasMessageContaining("negative");
    }
}
