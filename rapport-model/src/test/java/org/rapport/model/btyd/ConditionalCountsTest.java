package org.rapport.model.btyd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapport.model.simulate.BgNbdSimulator;
import org.rapport.model.simulate.Cohort;
import org.rapport.model.simulate.MbgNbdSimulator;
import org.rapport.model.simulate.ParetoNbdSimulator;

/**
 * The conditional count distributions P(Y(t) = k | x, t<sub>x</sub>, T) of {@link ConditionalCounts}: they
 * sum to 1, their mean is each model's own E[Y(t) | x, t<sub>x</sub>, T] (computed by a different formula,
 * the papers' closed forms in 2F1), at a history of zero length they are the models' unconditional
 * P(X(t) = k), and on cohorts simulated from the model they predict the histogram of holdout counts.
 */
class ConditionalCountsTest {
    /** CDNOW fits (BG/NBD, MBG/NBD, Pareto/NBD) and Pareto/NBD with &alpha; far below and far above &beta;. */
    private static final List<PurchaseModel> MODELS = List.of(BgNbd.of(0.243, 4.414, 0.793, 2.426),
            MbgNbd.of(0.525, 6.183, 0.891, 1.614), ParetoNbd.of(0.553, 10.578, 0.606, 11.669),
            ParetoNbd.of(0.5, 5, 0.8, 40), ParetoNbd.of(1.2, 60, 0.5, 2), BgNbd.of(2.5, 3, 4.2, 1.5));

    /** (x, t_x, T): no repeat, a few, a lapsed heavy buyer, a very heavy recent buyer, one early repeat. */
    private static final double[][] HISTORIES = {{0, 0, 30}, {2, 10, 35}, {10, 12.5, 38}, {40, 36, 39}, {1, 0.5, 39}};

    @Test
    void sumsToOneWithTheModelsConditionalMean() {
        for (PurchaseModel m : MODELS) {
            for (double[] h : HISTORIES) {
                for (double t : new double[] {0.5, 39, 200}) {
                    double total = 0;
                    double mean = 0;
                    double expected = m.conditionalExpectedPurchases(t, h[0], h[1], h[2]);
                    for (int k = 0; ; k++) {
                        double lp = m.logConditionalProbabilityOfPurchases(k, t, h[0], h[1], h[2]);
                        assertThat(lp).as("%s %s k=%d", m, java.util.Arrays.toString(h), k).isLessThanOrEqualTo(1e-15);
                        double p = Math.exp(lp);
                        total += p;
                        mean += k * p;
                        // Past the mean, stop when the terms are negligible (they fall geometrically).
                        if (k > expected + 10 && lp < -60) {
                            break;
                        }
                    }
                    String what = m + " at " + java.util.Arrays.toString(h) + ", t = " + t;
                    // Both sides are sums of ~1e-16-accurate terms; 1e-12 leaves room for a thousand of them.
                    assertThat(total).as(what).isCloseTo(1, within(1e-12));
                    // Two independent formulas (the PMF series and the papers' 2F1 closed forms) agree.
                    assertThat(mean).as(what).isCloseTo(expected, within(1e-10 * (1 + expected)));
                }
            }
        }
    }

    @Test
    void anEmptyHistoryGivesTheUnconditionalDistribution() {
        for (PurchaseModel m : MODELS) {
            for (double t : new double[] {1, 39, 150}) {
                for (int k = 0; k <= 30; k++) {
                    double direct = m.probabilityOfPurchases(k, t);
                    double viaConditional = Math.exp(m.logConditionalProbabilityOfPurchases(k, t, 0, 0, 0));
                    // The models' own P(X(t) = k) is accurate to ~1e-15 absolute (1 - sum, B1 - sum B2).
                    assertThat(viaConditional).as("%s k=%d t=%s", m, k, t).isCloseTo(direct, within(1e-13 + 1e-11 * direct));
                }
            }
        }
    }

    @Test
    void aZeroPeriodHasNoPurchases() {
        for (PurchaseModel m : MODELS) {
            assertThat(m.logConditionalProbabilityOfPurchases(0, 0, 3, 5, 20)).isZero();
            assertThat(m.logConditionalProbabilityOfPurchases(2, 0, 3, 5, 20)).isEqualTo(Double.NEGATIVE_INFINITY);
        }
    }

    @Test
    void extremeCountsStayFiniteAndAccurateOnTheLogScale() {
        // P(k = 400 | a light buyer) is ~1e-500: out of the range of a double, but its logarithm is not.
        for (PurchaseModel m : MODELS) {
            double lp = m.logConditionalProbabilityOfPurchases(400, 39, 1, 5, 39);
            assertThat(lp).as(m.toString()).isFinite().isLessThan(-300);
            double next = m.logConditionalProbabilityOfPurchases(401, 39, 1, 5, 39);
            assertThat(next).isLessThan(lp);
        }
    }

    /**
     * Monte Carlo: 20,000 customers simulated from each model with a 39-week holdout; for k = 0..5 and
     * k &ge; 6 the number of customers with k holdout purchases must match &Sigma;<sub>i</sub> P(Y = k | history<sub>i</sub>).
     * The count is a sum of independent Bernoullis with variance &Sigma; p(1&minus;p); 4.5 standard
     * deviations (plus 1 for the discreteness) makes a false alarm over the 21 comparisons ~1e-4, while a
     * PMF without the posterior update, or with the wrong dropout toss, is off by tens of deviations.
     */
    @Test
    void predictsTheHoldoutHistogramOfSimulatedCohorts() {
        int n = 20_000;
        check(BgNbd.of(0.243, 4.414, 0.793, 2.426),
                BgNbdSimulator.of(0.243, 4.414, 0.793, 2.426).withHoldout(39).simulate(n, 11));
        check(MbgNbd.of(0.525, 6.183, 0.891, 1.614),
                MbgNbdSimulator.of(0.525, 6.183, 0.891, 1.614).withHoldout(39).simulate(n, 12));
        check(ParetoNbd.of(0.553, 10.578, 0.606, 11.669),
                ParetoNbdSimulator.of(0.553, 10.578, 0.606, 11.669).withHoldout(39).simulate(n, 13));
    }

    private static void check(PurchaseModel m, Cohort c) {
        int bins = 7;
        double[] expected = new double[bins];
        double[] variance = new double[bins];
        double[] observed = new double[bins];
        for (int i = 0; i < c.size(); i++) {
            double below = 0;
            for (int k = 0; k < bins; k++) {
                double p = k < bins - 1
                        ? Math.exp(m.logConditionalProbabilityOfPurchases(k, c.holdoutLength(), c.x()[i], c.tx()[i], c.bigT()[i]))
                        : 1 - below;
                below += p;
                expected[k] += p;
                variance[k] += p * (1 - p);
            }
            observed[(int) Math.min(bins - 1, c.holdout()[i])]++;
        }
        for (int k = 0; k < bins; k++) {
            assertThat(observed[k]).as("%s, customers with %s%d holdout purchases", m, k == bins - 1 ? ">= " : "", k)
                    .isCloseTo(expected[k], within(4.5 * Math.sqrt(variance[k]) + 1));
        }
        assertThat(expected[0]).isGreaterThan(c.size() * 0.5);
        assertThat(observed[1] + observed[2]).isGreaterThan(0);
    }
}
