package org.rapport.model.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.rapport.model.ModelException;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.MbgNbd;
import org.rapport.model.spend.GammaGamma;

/**
 * The simulators against the models' own expectations. Each check is a z-test: the mean of n
 * independent residuals (observed minus expected) divided by its estimated standard error must lie
 * within &plusmn;{@value #Z}, a two-sided false-alarm probability of 6e-5 per check for a fresh seed.
 */
class SimulatorTest {
    static final double Z = 4;
    static final BgNbd CDNOW_BGNBD = BgNbd.of(0.243, 4.414, 0.793, 2.426);

    @Test
    void sameSeedSameCohortOtherSeedOtherCohort() {
        BgNbdSimulator s = BgNbdSimulator.of(CDNOW_BGNBD).withHoldout(39);
        Cohort a = s.simulate(1000, 7);
        Cohort b = s.simulate(1000, 7);
        Cohort c = s.simulate(1000, 8);
        assertThat(a.x()).isEqualTo(b.x());
        assertThat(a.tx()).isEqualTo(b.tx());
        assertThat(a.bigT()).isEqualTo(b.bigT());
        assertThat(a.holdout()).isEqualTo(b.holdout());
        assertThat(a.tx()).isNotEqualTo(c.tx());
        double[] m1 = GammaGammaSimulator.of(6.25, 3.74, 15.44).averageSpend(a.x(), 3);
        assertThat(GammaGammaSimulator.of(6.25, 3.74, 15.44).averageSpend(a.x(), 3)).isEqualTo(m1);
    }

    @Test
    void bgNbdCohortsAreValidAndFollowTheDesign() {
        Cohort c = BgNbdSimulator.of(CDNOW_BGNBD).simulate(20_000, 1);
        assertThat(c.hasHoldout()).isFalse();
        assertThatThrownBy(c::holdout).isInstanceOf(IllegalStateException.class).hasMessageContaining("withHoldout");
        for (int i = 0; i < c.size(); i++) {
            assertThat(c.bigT()[i]).isBetween(27.0, 39.0);
            assertThat(c.tx()[i]).isBetween(0.0, c.bigT()[i]);
            assertThat(c.x()[i] == 0).isEqualTo(c.tx()[i] == 0);
        }
        // Accepted by the summariser without error.
        assertThat(c.toRfmTable().customers()).isEqualTo(20_000);
    }

    @Test
    void mbgNbdCohortsMatchTheModelsExpectations() {
        MbgNbd truth = MbgNbd.of(0.525, 6.183, 0.891, 1.614);
        Cohort c = MbgNbdSimulator.of(0.525, 6.183, 0.891, 1.614).withHoldout(39).simulate(200_000, 13);
        assertThat(MbgNbdSimulator.of(0.525, 6.183, 0.891, 1.614).truth().parameters()).isEqualTo(truth.parameters());
        assertMeanZero("x - E[X(T)] (MBG/NBD)", c.size(), i -> c.x()[i] - truth.expectedPurchases(c.bigT()[i]));
        // Tests the toss at time zero: BG/NBD's expectation for these customers is far higher.
        assertMeanZero("y - E[Y(39) | x, t_x, T] (MBG/NBD)", c.size(), i -> c.holdout()[i]
                - truth.conditionalExpectedPurchases(39, c.x()[i], c.tx()[i], c.bigT()[i]));
    }

    @Test
    void bgNbdRepeatPurchasesMatchEquation7() {
        Cohort c = BgNbdSimulator.of(CDNOW_BGNBD).simulate(200_000, 11);
        assertMeanZero("x - E[X(T)]", c.size(), i -> c.x()[i] - CDNOW_BGNBD.expectedPurchases(c.bigT()[i]));
    }

    @Test
    void bgNbdHoldoutPurchasesMatchTheConditionalExpectation() {
        // Tests the simulator's continuation past T and BgNbd's equation (10) together.
        Cohort c = BgNbdSimulator.of(CDNOW_BGNBD).withHoldout(39).simulate(200_000, 12);
        assertMeanZero("y - E[Y(39) | x, t_x, T]", c.size(), i -> c.holdout()[i]
                - CDNOW_BGNBD.conditionalExpectedPurchases(39, c.x()[i], c.tx()[i], c.bigT()[i]));
        // Among customers with a repeat purchase, those last seen long ago buy less in the holdout.
        double recent = 0;
        double old = 0;
        int nRecent = 0;
        int nOld = 0;
        for (int i = 0; i < c.size(); i++) {
            if (c.x()[i] == 1) {
                if (c.bigT()[i] - c.tx()[i] < 5) {
                    recent += c.holdout()[i];
                    nRecent++;
                } else if (c.bigT()[i] - c.tx()[i] > 20) {
                    old += c.holdout()[i];
                    nOld++;
                }
            }
        }
        assertThat(recent / nRecent).isGreaterThan(old / nOld);
    }

    @Test
    void paretoNbdPurchasesMatchTheClosedFormMean() {
        double r = 0.553;
        double alpha = 10.578;
        double s = 0.606;
        double beta = 11.669;
        // E[X(t)] = r beta / (alpha (s - 1)) [1 - (beta / (beta + t))^(s - 1)], Schmittlein, Morrison & Colombo (1987).
        java.util.function.DoubleUnaryOperator ex = t -> r * beta / (alpha * (s - 1))
                * (1 - Math.pow(beta / (beta + t), s - 1));
        Cohort c = ParetoNbdSimulator.of(r, alpha, s, beta).withHoldout(39).simulate(200_000, 13);
        assertMeanZero("x - E[X(T)]", c.size(), i -> c.x()[i] - ex.applyAsDouble(c.bigT()[i]));
        // A new customer's purchases in (T, T + 39] are E[X(T + 39)] - E[X(T)].
        assertMeanZero("y - (E[X(T+39)] - E[X(T)])", c.size(),
                i -> c.holdout()[i] - (ex.applyAsDouble(c.bigT()[i] + 39) - ex.applyAsDouble(c.bigT()[i])));
        for (int i = 0; i < c.size(); i++) {
            assertThat(c.tx()[i]).isBetween(0.0, c.bigT()[i]);
        }
    }

    @Test
    void gammaGammaSpendMatchesTheModelsMeans() {
        GammaGamma truth = GammaGamma.of(6.25, 3.74, 15.44);
        GammaGammaSimulator sim = GammaGammaSimulator.of(truth);
        int n = 200_000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 4;
        }
        double[] mbar = new double[n];
        double[] mean = new double[n];
        sim.averageSpend(x, org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(14L), mbar, mean);
        // One transaction's value has mean p gamma / (q - 1) (variance finite because q > 2).
        assertMeanZero("mbar - E[M] (x = 1)", n / 4, i -> mbar[4 * i + 1] - truth.meanSpend());
        // E[M | x, mbar] is the conditional mean of the customer's true mean spend p / nu: residuals have mean
        // zero within each x and are uncorrelated with mbar.
        for (int k = 1; k < 4; k++) {
            int xk = k;
            assertMeanZero("p/nu - E[M | x, mbar], x = " + k, n / 4,
                    i -> mean[4 * i + xk] - truth.conditionalExpectedAverageSpend(xk, mbar[4 * i + xk]));
            assertMeanZero("mbar (p/nu - E[M | x, mbar]), x = " + k, n / 4, i -> mbar[4 * i + xk]
                    * (mean[4 * i + xk] - truth.conditionalExpectedAverageSpend(xk, mbar[4 * i + xk])));
        }
        for (int i = 0; i < n; i += 4) {
            assertThat(mbar[i]).isZero();
        }
    }

    @Test
    void rejectsImpossibleDesigns() {
        assertThatThrownBy(() -> BgNbdSimulator.of(CDNOW_BGNBD).withCalibration(10).simulate(5, 1))
                .isInstanceOf(ModelException.class)
                .hasMessage("birth window = 12.0 is longer than the calibration period = 10.0,"
                        + " so some customers would be born after it ends");
        assertThatThrownBy(() -> ParetoNbdSimulator.of(1, 1, 1, 1).withHoldout(-1)).isInstanceOf(ModelException.class)
                .hasMessage("holdout = -1.0 is negative");
        assertThatThrownBy(() -> BgNbdSimulator.of(0, 1, 1, 1)).hasMessage("r = 0.0 is not greater than 0");
        assertThatThrownBy(() -> GammaGammaSimulator.of(1, 1, 1).averageSpend(new double[] {1.5}, 1))
                .hasMessage("x = 1.5 is not a whole number");
    }

    /** z-test of mean zero over n independent residuals. */
    private static void assertMeanZero(String what, int n, IntToDoubleFunction residual) {
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double v = residual.applyAsDouble(i);
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / n;
        double sd = Math.sqrt((sumSq - n * mean * mean) / (n - 1));
        double z = mean / (sd / Math.sqrt(n));
        System.out.printf("%s: mean %.5f, z = %.2f%n", what, mean, z);
        assertThat(Math.abs(z)).as("%s: mean %s, z", what, mean).isLessThan(Z);
    }
}
