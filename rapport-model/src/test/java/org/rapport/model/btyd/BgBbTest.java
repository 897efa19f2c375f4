package org.rapport.model.btyd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.rapport.model.fixtures.Tolerance.assertPrinted;

import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.junit.jupiter.api.Test;
import org.rapport.model.fixtures.Gradients;
import org.rapport.model.ModelException;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.LogLikelihood;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fixtures.Fixtures;
import org.rapport.model.fixtures.Tolerance;

class BgBbTest {
    private static final Properties GOLDEN = Fixtures.golden("bgbb-donations.properties");
    private static final String[] NAMES = {"alpha", "beta", "gamma", "delta"};
    private static final double DONORS = 11_104;

    /** The donations data: frequency, recency, periods, weights (22 patterns). */
    static RfmTable donations() {
        List<String[]> rows = Fixtures.csv("donations.csv");
        RfmTable.Builder b = RfmTable.builder();
        for (String[] row : rows.subList(1, rows.size())) {
            b.accept(Double.parseDouble(row[0]), Double.parseDouble(row[1]), Double.parseDouble(row[2]),
                    Double.parseDouble(row[3]));
        }
        return b.build();
    }

    private static BgBb btyd() {
        return BgBb.of(g("btyd.alpha"), g("btyd.beta"), g("btyd.gamma"), g("btyd.delta"));
    }

    private static double g(String key) {
        return Double.parseDouble(GOLDEN.getProperty(key));
    }

    @Test
    void reproducesThePaperLifetimesAndBtydOnDonations() {
        RfmTable data = donations();
        assertThat(data.size()).isEqualTo(22);
        assertThat(data.customers()).isEqualTo(DONORS);
        FitResult<BgBb> fit = MaximumLikelihood.withDefaults().fit(BgBb.FAMILY, data);
        assertThat(fit.converged()).isTrue();
        assertThat(fit.modelName()).isEqualTo("bgbb");
        for (String p : NAMES) {
            assertPrinted(GOLDEN, "paper." + p, fit.parameter(p));
            assertPrinted(GOLDEN, "lifetimes." + p, fit.parameter(p));
        }
        assertPrinted(GOLDEN, "lifetimes.ll", fit.logLikelihood());
        // BTYD's printed estimates (L-BFGS-B, restarted twice) sit on the flat top of the same maximum: its LL
        // agrees to the printed digits, ours is not lower, and the parameters differ by under 1% of a
        // standard error (delta differs most, by 3.5e-4 against a standard error of 0.32).
        assertPrinted(GOLDEN, "btyd.ll", fit.logLikelihood());
        double btydLl = BgBb.FAMILY.logLikelihood(data).value(btyd().parameters(), null);
        assertThat(fit.logLikelihood()).isGreaterThanOrEqualTo(btydLl - 1e-9);
        for (String p : NAMES) {
            assertThat(fit.parameter(p)).as(p).isCloseTo(g("btyd." + p), within(0.01 * fit.standardError(p)));
        }
    }

    /**
     * BTYD's printed predictions, evaluated at BTYD's printed parameters. Tolerance: half a unit in the
     * last printed digit of the prediction, plus the change that rounding each parameter to its printed
     * digits can cause (|df/d&theta;| times half a unit of &theta;'s last digit, summed).
     */
    @Test
    void reproducesBtydPredictions() {
        assertBtyd("btyd.expectation10", m -> m.expectedPurchases(10));
        assertBtyd("btyd.customerA", m -> m.conditionalExpectedPurchases(10, 0, 0, 6));
        assertBtyd("btyd.customerB", m -> m.conditionalExpectedPurchases(10, 4, 5, 6));
        String[] tracking = GOLDEN.getProperty("btyd.tracking").trim().split("\\s+");
        for (int t = 1; t <= tracking.length; t++) {
            int year = t;
            assertBtyd(tracking[t - 1], "tracking year " + t,
                    m -> DONORS * (m.expectedPurchases(year) - m.expectedPurchases(year - 1)));
        }
        RfmTable data = donations();
        String[] byFrequency = GOLDEN.getProperty("btyd.byFrequency5").trim().split("\\s+");
        for (int x = 0; x <= 6; x++) {
            int bin = x;
            assertBtyd(byFrequency[x], "frequency bin " + x, m -> {
                double sum = 0;
                double n = 0;
                for (int i = 0; i < data.size(); i++) {
                    if (data.x(i) == bin) {
                        sum += data.count(i) * m.conditionalExpectedPurchases(5, data.x(i), data.tx(i), data.bigT(i));
                        n += data.count(i);
                    }
                }
                return sum / n;
            });
        }
    }

    /**
     * Known truth: 20,000 simulated customers with 4 to 10 opportunities each, drawn from the model's own
     * story with fixed seed 20100601. Every estimate must lie within 3 standard errors of the truth (a
     * 99.7% interval each; the seed is fixed, so the outcome is deterministic).
     */
    @Test
    void recoversSimulatedTruthWithVaryingNumbersOfOpportunities() {
        double[] truth = {1.2, 0.75, 0.66, 2.78};
        UniformRandomProvider rng = new SplittableRandom(20100601L)::nextLong;
        ContinuousDistribution.Sampler p = BetaDistribution.of(truth[0], truth[1]).createSampler(rng);
        ContinuousDistribution.Sampler theta = BetaDistribution.of(truth[2], truth[3]).createSampler(rng);
        RfmTable.Builder b = RfmTable.builder();
        for (int c = 0; c < 20_000; c++) {
            double pc = p.sample();
            double thetaC = theta.sample();
            int n = 4 + c % 7;
            int x = 0;
            int tx = 0;
            boolean alive = true;
            for (int i = 1; i <= n && alive; i++) {
                alive = rng.nextDouble() >= thetaC;
                if (alive && rng.nextDouble() < pc) {
                    x++;
                    tx = i;
                }
            }
            b.accept(x, tx, n);
        }
        FitResult<BgBb> fit = MaximumLikelihood.withDefaults().fit(BgBb.FAMILY, b.build());
        assertThat(fit.converged()).isTrue();
        for (int i = 0; i < 4; i++) {
            assertThat(fit.parameter(NAMES[i])).as(NAMES[i])
                    .isCloseTo(truth[i], within(3 * fit.standardError(NAMES[i])));
        }
    }

    @Test
    void compressedLikelihoodEqualsTheSumOfThePatternLikelihoods() {
        RfmTable data = donations();
        BgBb m = btyd();
        double sum = 0;
        for (int i = 0; i < data.size(); i++) {
            sum += data.count(i) * m.logLikelihood(data.x(i), data.tx(i), data.bigT(i));
        }
        // The fitting path uses tabulated log-gammas, the model LogBeta: agreement to ~1e-12 relative.
        double family = BgBb.FAMILY.logLikelihood(data).value(m.parameters(), null);
        assertThat(family).isCloseTo(sum, within(1e-7));
    }

    @Test
    void analyticGradientMatchesCentralDifferences() {
        LogLikelihood ll = BgBb.FAMILY.logLikelihood(donations());
        double[] p = {0.8, 1.3, 1.7, 0.9};
        double[] grad = new double[4];
        ll.value(p, grad);
        double[] fd = Gradients.centralDifferences(ll, p);
        for (int i = 0; i < 4; i++) {
            // Rounding in the difference ~ eps |LL| / h (h = 1e-5 p) ~ 1e-16 * 4e4 / 1e-5 = 4e-7; gradients are ~1e3..1e4.
            assertThat(grad[i]).as(NAMES[i]).isCloseTo(fd[i], within(1e-5 * Math.max(1, Math.abs(grad[i]))));
        }
    }

    @Test
    void purchaseCountDistributionSumsToOneAndMatchesTheMean() {
        BgBb m = btyd();
        for (int n : new int[] {0, 1, 6, 11}) {
            double total = 0;
            double mean = 0;
            for (int x = 0; x <= n + 2; x++) {
                double p = m.probabilityOfPurchases(x, n);
                total += p;
                mean += x * p;
            }
            assertThat(total).as("n=%d", n).isCloseTo(1, within(1e-12));
            assertThat(mean).as("n=%d", n).isCloseTo(m.expectedPurchases(n), within(1e-12));
        }
        assertThat(m.probabilityOfPurchases(7, 6)).isZero();
    }

    @Test
    void probabilityAliveFollowsTheStory() {
        BgBb m = btyd();
        // Last transaction at the last opportunity: the donor was alive at n for sure.
        assertThat(m.probabilityAlive(6, 6, 6)).isCloseTo(1, within(1e-14));
        assertThat(m.probabilityAlive(3, 6, 6)).isCloseTo(1, within(1e-14));
        // Equation (11) is one dropout toss further: P(alive at n+1) = P(alive at n) E[1 - theta | alive at n].
        double p11 = m.probabilityAliveAt(1, 4, 5, 6);
        assertThat(p11).isLessThan(m.probabilityAlive(4, 5, 6));
        // P(alive) rises with recency for a fixed frequency.
        assertThat(m.probabilityAlive(2, 5, 6)).isGreaterThan(m.probabilityAlive(2, 4, 6));
        assertThat(m.probabilityAlive(1, 5, 6)).isGreaterThan(m.probabilityAlive(1, 1, 6));
        // Alive probabilities and the likelihood agree: the likelihood is the sum over the death times
        // (alive at n, or died at the start of t_x+1..n), and P(alive at n) is the first share of it.
        double logL = m.logLikelihood(1, 1, 6);
        double aliveShare = Math.exp(LogBeta.value(g("btyd.alpha") + 1, g("btyd.beta") + 5) - LogBeta.value(g("btyd.alpha"), g("btyd.beta"))
                + LogBeta.value(g("btyd.gamma"), g("btyd.delta") + 6) - LogBeta.value(g("btyd.gamma"), g("btyd.delta")) - logL);
        assertThat(m.probabilityAlive(1, 1, 6)).isCloseTo(aliveShare, within(1e-14));
    }

    /**
     * DERT from its 2F1 closed form against the direct discounted sum of the per-opportunity expected
     * transactions, each taken as a difference of equation (13): E[X(n, n+k)] - E[X(n, n+k-1)].
     */
    @Test
    void discountedExpectedResidualTransactionsMatchTheDiscountedSum() {
        BgBb m = btyd();
        double[][] patterns = {{0, 0, 6}, {4, 5, 6}, {6, 6, 6}, {1, 1, 6}};
        for (double d : new double[] {0.1, 0.02, 0.5}) {
            for (double[] c : patterns) {
                double sum = 0;
                double previous = 0;
                // (1+d)^-k with k = 4000 is below 1e-34 for d = 0.02: the truncated tail is negligible.
                for (int k = 1; k <= 4000; k++) {
                    double cumulative = m.conditionalExpectedPurchases(k, c[0], c[1], c[2]);
                    sum += (cumulative - previous) * Math.pow(1 + d, -k);
                    previous = cumulative;
                }
                assertThat(m.discountedExpectedResidualTransactions(d, c[0], c[1], c[2]))
                        .as("d=%s x=%s", d, c[0]).isCloseTo(sum, within(1e-10 * Math.max(1, sum)));
            }
        }
    }

    /** The closed forms divide by gamma - 1; near 1 the model sums term by term. Both agree with the sum. */
    @Test
    void expectationsAgreeWithTheSurvivalSumForEveryGamma() {
        for (double gamma : new double[] {0.3, 0.6567808, 0.9995, 1, 1.0004, 1.5, 4}) {
            BgBb m = BgBb.of(1.2, 0.75, gamma, 2.78);
            double alive = 0;
            for (int i = 1; i <= 30; i++) {
                alive += Math.exp(LogBeta.value(gamma, 2.78 + i) - LogBeta.value(gamma, 2.78));
            }
            assertThat(m.expectedPurchases(30)).as("gamma=%s", gamma)
                    .isCloseTo(1.2 / (1.2 + 0.75) * alive, within(1e-11));
        }
    }

    @Test
    void rejectsInvalidHistories() {
        BgBb m = btyd();
        assertThatThrownBy(() -> m.logLikelihood(3, 2, 6)).isInstanceOf(ModelException.class)
                .hasMessageContaining("x = 3 transactions cannot fit in t_x = 2 opportunities");
        assertThatThrownBy(() -> m.conditionalExpectedPurchases(1, 1, 1, 6.5)).isInstanceOf(ModelException.class)
                .hasMessageContaining("n = 6.5 is not a whole number");
        assertThatThrownBy(() -> m.conditionalExpectedPurchases(1.5, 1, 1, 6)).isInstanceOf(ModelException.class)
                .hasMessageContaining("n* = 1.5 is not a whole number");
        assertThatThrownBy(() -> m.probabilityAlive(1, 7, 6)).isInstanceOf(ModelException.class)
                .hasMessageContaining("t_x = 7 is greater than n = 6");
        RfmTable bad = RfmTable.builder().accept(2, 1, 6).accept(0, 0, 6).build();
        assertThatThrownBy(() -> BgBb.FAMILY.logLikelihood(bad)).isInstanceOf(ModelException.class)
                .hasMessageContaining("cannot fit in t_x = 1");
    }

    @Test
    void rejectsDataThatCannotIdentifyTheModel() {
        RfmTable none = RfmTable.builder().accept(0, 0, 6, 100).accept(0, 0, 5, 50).build();
        assertThatThrownBy(() -> MaximumLikelihood.withDefaults().fit(BgBb.FAMILY, none))
                .isInstanceOf(ModelException.class).hasMessageContaining("cannot fit bgbb")
                .hasMessageContaining("no customer made a repeat purchase");
        RfmTable one = RfmTable.builder().accept(3, 5, 6, 1000).build();
        assertThatThrownBy(() -> MaximumLikelihood.withDefaults().fit(BgBb.FAMILY, one))
                .isInstanceOf(ModelException.class).hasMessageContaining("cannot fit bgbb")
                .hasMessageContaining("all customers have the same (x, t_x, T)");
    }

    private static void assertBtyd(String key, ToDoubleFunction<BgBb> f) {
        assertBtyd(GOLDEN.getProperty(key), key, f);
    }

    private static void assertBtyd(String printed, String what, ToDoubleFunction<BgBb> f) {
        double[] p = btyd().parameters();
        double bound = Tolerance.printed(printed);
        for (int i = 0; i < p.length; i++) {
            double h = 1e-5 * p[i];
            double[] q = p.clone();
            q[i] = p[i] + h;
            double up = f.applyAsDouble(BgBb.of(q[0], q[1], q[2], q[3]));
            q[i] = p[i] - h;
            double down = f.applyAsDouble(BgBb.of(q[0], q[1], q[2], q[3]));
            bound += Math.abs(up - down) / (2 * h) * Tolerance.printed(GOLDEN.getProperty("btyd." + NAMES[i]));
        }
        assertThat(f.applyAsDouble(btyd())).as("%s (printed %s, tolerance %.2g)", what, printed, bound)
                .isCloseTo(Double.parseDouble(printed), within(bound));
    }
}
