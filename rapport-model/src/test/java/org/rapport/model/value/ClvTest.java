package org.rapport.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.apache.commons.numbers.gamma.LogGamma;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rapport.model.fixtures.PoissonModel;
import org.rapport.model.ModelException;
import org.rapport.model.btyd.BgBb;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.MbgNbd;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.data.RfmTable;
import org.rapport.model.data.SpendTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.LogLikelihood;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fit.ModelFamily;
import org.rapport.model.fixtures.Fixtures;
import org.rapport.model.interval.Estimate;
import org.rapport.model.interval.IntervalMethod;
import org.rapport.model.spend.GammaGamma;

class ClvTest {
    /** Monthly periods on a weekly model, as lifetimes' freq="W". */
    private static final double MONTH = 4.345;
    private static final Clv CLV = Clv.withDefaults().withPeriodLength(MONTH).withHorizon(12).withDiscountRate(0.01)
            .withMargin(0.3);
    private static FitResult<BgNbd> bg;
    private static FitResult<GammaGamma> gg;
    private static double[] x;
    private static double[] tx;
    private static double[] bigT;
    private static double[] mbar;

    @BeforeAll
    static void fitCdnow() {
        bg = MaximumLikelihood.withDefaults().fit(BgNbd.FAMILY, Fixtures.cdnow());
        List<double[]> rows = Fixtures.cdnowRows();
        int n = rows.size();
        x = new double[n];
        tx = new double[n];
        bigT = new double[n];
        mbar = new double[n];
        for (int i = 0; i < n; i++) {
            double[] v = rows.get(i);
            x[i] = v[1];
            tx[i] = v[2];
            bigT[i] = v[3];
            mbar[i] = v[4];
        }
        gg = MaximumLikelihood.withDefaults().fit(GammaGamma.FAMILY, SpendTable.of(x, mbar));
    }

    @Test
    void isAGeometricSeriesForAConstantPurchaseRate() {
        double lambda = 0.1;
        double p = 6.25;
        double q = 3.74;
        double gamma = 15.44;
        GammaGamma spend = GammaGamma.of(p, q, gamma);
        // E[M | x = 2, mbar = 22.35] by the weighted-average form of the note's equation (5).
        double w = p * 2 / (p * 2 + q - 1);
        double em = (1 - w) * p * gamma / (q - 1) + w * 22.35;
        double d = 0.01;
        int h = 12;
        // One step per period: 0.3 E[M] lambda L sum_{k=1..12} (1+d)^-k = 0.3 E[M] lambda L (1 - (1+d)^-12) / d.
        double expected = 0.3 * em * lambda * MONTH * (1 - Math.pow(1 + d, -h)) / d;
        double actual = CLV.value(new PoissonModel(lambda), spend, 2, 30.43, 38.86, 22.35);
        assertThat(actual).isCloseTo(expected, offset(1e-12 * expected));
        // Four steps per period: sum_{j=1..48} lambda (L/4) v^j with v = (1+d)^(-1/4).
        double v = Math.pow(1 + d, -0.25);
        double expected4 = 0.3 * em * lambda * MONTH / 4 * v * (1 - Math.pow(v, 4 * h)) / (1 - v);
        double actual4 = CLV.withStepsPerPeriod(4).value(new PoissonModel(lambda), spend, 2, 30.43, 38.86, 22.35);
        assertThat(actual4).isCloseTo(expected4, offset(1e-12 * expected4));
        // Purchases discounted earlier within each period are worth more.
        assertThat(actual4).isGreaterThan(actual);
    }

    @Test
    void withoutDiscountingIsExpectedSpendTimesExpectedPurchasesOverTheHorizon() {
        BgNbd m = bg.model();
        GammaGamma s = gg.model();
        Clv undiscounted = CLV.withDiscountRate(0).withStepsPerPeriod(3);
        for (int i : new int[] {0, 1, 5, 100}) {
            // The increments telescope to E[Y(12 L)].
            double expected = 0.3 * s.conditionalExpectedAverageSpend(x[i], mbar[i])
                    * m.conditionalExpectedPurchases(12 * MONTH, x[i], tx[i], bigT[i]);
            assertThat(undiscounted.value(m, s, x[i], tx[i], bigT[i], mbar[i])).as("customer %d", i)
                    .isCloseTo(expected, offset(1e-12 * expected));
        }
    }

    @Test
    void batchEqualsOneByOneAndReusesRepeatedHistories() {
        // CDNOW plus a copy of itself: every (x, t_x, T) appears at least twice.
        int n = x.length;
        double[] x2 = concat(x, x);
        double[] tx2 = concat(tx, tx);
        double[] t2 = concat(bigT, bigT);
        double[] m2 = concat(mbar, mbar);
        double[] batch = CLV.values(bg.model(), gg.model(), x2, tx2, t2, m2);
        for (int i = 0; i < n; i++) {
            double one = CLV.value(bg.model(), gg.model(), x[i], tx[i], bigT[i], mbar[i]);
            assertThat(batch[i]).isEqualTo(one);
            assertThat(batch[n + i]).isEqualTo(one);
        }
        Clv.Scores s = CLV.estimates(bg, gg, IntervalMethod.DELTA, x2, tx2, t2, m2);
        for (int i = 0; i < n; i += 97) {
            Estimate e = CLV.estimate(bg, gg, IntervalMethod.DELTA, x[i], tx[i], bigT[i], mbar[i]);
            assertThat(s.get(i)).isEqualTo(e);
            assertThat(s.get(n + i)).isEqualTo(e);
            assertThat(e.value()).isEqualTo(batch[i]);
            assertThat(e.lower()).isPositive().isLessThan(e.value());
            assertThat(e.upper()).isGreaterThan(e.value());
        }
    }

    /** DET as the class comment defines it: discounted increments of E[Y(t) | x, t_x, T], no factorisation. */
    private static double directDet(Clv c, PurchaseModel m, double x, double tx, double bigT) {
        int s = c.stepsPerPeriod();
        double dt = c.periodLength() / s;
        double prev = 0;
        double sum = 0;
        for (int j = 1; j <= c.horizon() * s; j++) {
            double ey = m.conditionalExpectedPurchases(j * dt, x, tx, bigT);
            sum += (ey - prev) * Math.pow(1 + c.discountRate(), -(double) j / s);
            prev = ey;
        }
        return sum;
    }

    @Test
    void factorisedDetEqualsTheDirectSumForEveryModel() {
        // DET = P(alive | x, t_x, T) DET_alive(x, T) is exact; the two sums differ by roundings only: each
        // increment by a few ulps, the discount factors (exp/log1p against pow) by a few ulps.
        Clv fine = CLV.withStepsPerPeriod(3);
        MbgNbd mbg = MbgNbd.of(0.52484, 6.18299, 0.89136, 1.61400);
        int positive = 0;
        for (PurchaseModel m : new PurchaseModel[] {bg.model(), mbg}) {
            for (Clv c : new Clv[] {CLV, fine}) {
                double[] batch = c.values(m, gg.model(), x, tx, bigT, mbar);
                for (int i = 0; i < x.length; i++) {
                    double direct = directDet(c, m, x[i], tx[i], bigT[i]);
                    double det = c.discountedPurchases(m, x[i], tx[i], bigT[i]);
                    assertThat(det).as("%s customer %d", m.name(), i).isCloseTo(direct, offset(1e-12 * direct));
                    assertThat(batch[i]).isEqualTo(c.value(m, gg.model(), x[i], tx[i], bigT[i], mbar[i]));
                    positive += direct > 0 ? 1 : 0;
                }
            }
        }
        assertThat(positive).isEqualTo(4 * x.length);
        // BG/BB on the donations' design: 6 annual opportunities, a 10-year horizon.
        BgBb bb = BgBb.of(1.204, 0.750, 0.657, 2.783);
        Clv yearly = Clv.withDefaults().withHorizon(10).withDiscountRate(0.1);
        for (int n = 0; n <= 6; n++) {
            for (int xi = 0; xi <= n; xi++) {
                for (int txi = xi == 0 ? 0 : xi; txi <= (xi == 0 ? 0 : n); txi++) {
                    double direct = directDet(yearly, bb, xi, txi, n);
                    assertThat(yearly.discountedPurchases(bb, xi, txi, n)).as("x=%d t_x=%d n=%d", xi, txi, n)
                            .isCloseTo(direct, offset(1e-12 * direct));
                }
            }
        }
    }

    @Test
    void deltaIntervalsMatchTheDirectComputation() {
        // The delta method as before the factorisation: the gradient of log DET from the direct sums of the
        // 8 perturbed models. Factorised, log DET = log P(alive) + log DET_alive and the two gradients are
        // taken apart: the same quantity, with the rounding of log DET (about 1e-16 |log DET|) divided by
        // the step 2e-4, i.e. about 1e-12 |log DET| in each component of the gradient and a relative change
        // of z se of that order in the bounds; 1e-10 leaves a factor 100 (|log DET| is below 10 here).
        BgNbd model = bg.model();
        double[] theta = logs(bg.parameters());
        double h = Clv.LOG_STEP;
        double z = FitResult.z(0.95);
        GammaGamma s = gg.model();
        Clv.Scores scores = CLV.estimates(bg, gg, IntervalMethod.DELTA, x, tx, bigT, mbar);
        for (int i = 0; i < x.length; i += 7) {
            double det = directDet(CLV, model, x[i], tx[i], bigT[i]);
            double[] gP = new double[4];
            for (int j = 0; j < 4; j++) {
                double[] pu = exps(shift(theta, j, h));
                double[] pd = exps(shift(theta, j, -h));
                gP[j] = (Math.log(directDet(CLV, BgNbd.of(pu[0], pu[1], pu[2], pu[3]), x[i], tx[i], bigT[i]))
                        - Math.log(directDet(CLV, BgNbd.of(pd[0], pd[1], pd[2], pd[3]), x[i], tx[i], bigT[i])))
                        / (2 * h);
            }
            double mi = x[i] > 0 ? mbar[i] : 0;
            double den = s.p() * x[i] + s.q() - 1;
            double[] gG = {(s.q() - 1) / den, -s.q() / den, s.gamma() / (s.gamma() + x[i] * mi)};
            double se = Math.sqrt(quad(bg.logCovariance(), gP) + quad(gg.logCovariance(), gG));
            double v = 0.3 * s.conditionalExpectedAverageSpend(x[i], mbar[i]) * det;
            assertThat(scores.value()[i]).as("customer %d", i).isCloseTo(v, offset(1e-12 * v));
            assertThat(scores.lower()[i]).as("customer %d", i)
                    .isCloseTo(v * Math.exp(-z * se), offset(1e-10 * v));
            assertThat(scores.upper()[i]).as("customer %d", i)
                    .isCloseTo(v * Math.exp(z * se), offset(1e-10 * v));
        }
    }

    @Test
    void threadsChangeNothingButTheSpeed() {
        double[] x2 = concat(x, x);
        double[] tx2 = concat(tx, tx);
        double[] t2 = concat(bigT, bigT);
        double[] m2 = concat(mbar, mbar);
        Clv c = CLV.withBootstrapDraws(50);
        Clv three = c.withThreads(3);
        assertThat(three.threads()).isEqualTo(3);
        assertThat(c.threads()).isEqualTo(1);
        assertThat(three.values(bg.model(), gg.model(), x2, tx2, t2, m2))
                .isEqualTo(c.values(bg.model(), gg.model(), x2, tx2, t2, m2));
        for (IntervalMethod method : IntervalMethod.values()) {
            Clv.Scores one = c.estimates(bg, gg, method, x2, tx2, t2, m2);
            Clv.Scores many = three.estimates(bg, gg, method, x2, tx2, t2, m2);
            assertThat(many.value()).as("%s", method).isEqualTo(one.value());
            assertThat(many.lower()).as("%s", method).isEqualTo(one.lower());
            assertThat(many.upper()).as("%s", method).isEqualTo(one.upper());
        }
        assertThatThrownBy(() -> c.withThreads(0)).isInstanceOf(ModelException.class)
                .hasMessage("threads = 0 is not greater than 0");
    }

    @Test
    void theFirstInvalidCustomerIsReportedWhateverTheThreads() {
        // 4,714 customers in two chunks of customers (4,096 + 618): the second thread meets customer 4,500
        // first, but the message must name customer 100, as one thread would.
        double[] m2 = concat(mbar, mbar);
        m2[100] = -4;
        m2[4500] = -3;
        for (int run = 0; run < 5; run++) {
            for (Clv c : new Clv[] {CLV, CLV.withThreads(2)}) {
                assertThatThrownBy(() -> c.values(bg.model(), gg.model(), concat(x, x), concat(tx, tx),
                        concat(bigT, bigT), m2)).hasMessage("mbar = -4.0 is not greater than 0");
                assertThatThrownBy(() -> c.estimates(bg, gg, IntervalMethod.DELTA, concat(x, x), concat(tx, tx),
                        concat(bigT, bigT), m2)).hasMessage("mbar = -4.0 is not greater than 0");
            }
        }
    }

    @Test
    void batchesScoredConcurrentlyEqualOneBatch() throws Exception {
        // The pipeline scores disjoint batches from several threads with one shared Clv.
        int n = x.length;
        int parts = 4;
        Clv.Scores whole = CLV.estimates(bg, gg, IntervalMethod.DELTA, x, tx, bigT, mbar);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parts);
        try {
            List<java.util.concurrent.Future<Clv.Scores>> futures = new java.util.ArrayList<>();
            for (int k = 0; k < parts; k++) {
                int from = k * n / parts;
                int to = (k + 1) * n / parts;
                futures.add(pool.submit(() -> CLV.estimates(bg, gg, IntervalMethod.DELTA,
                        java.util.Arrays.copyOfRange(x, from, to), java.util.Arrays.copyOfRange(tx, from, to),
                        java.util.Arrays.copyOfRange(bigT, from, to), java.util.Arrays.copyOfRange(mbar, from, to))));
            }
            for (int k = 0; k < parts; k++) {
                int from = k * n / parts;
                Clv.Scores part = futures.get(k).get();
                for (int i = 0; i < part.size(); i++) {
                    assertThat(part.get(i)).isEqualTo(whole.get(from + i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deltaIntervalIsTheDeltaMethodOnLogClv() {
        // Independent assembly: central differences of log CLV in all 7 log-parameters, block-diagonal
        // covariance, se = sqrt(g' S g); compare with the half-width log(upper / value) / z.
        double[] profile = {2, 30.43, 38.86, 22.35};
        double[] thetaP = logs(bg.parameters());
        double[] thetaG = logs(gg.parameters());
        double step = 1e-4;
        double[] gP = new double[4];
        for (int j = 0; j < 4; j++) {
            gP[j] = (logClv(shift(thetaP, j, step), thetaG, profile) - logClv(shift(thetaP, j, -step), thetaG, profile))
                    / (2 * step);
        }
        double[] gG = new double[3];
        for (int j = 0; j < 3; j++) {
            gG[j] = (logClv(thetaP, shift(thetaG, j, step), profile) - logClv(thetaP, shift(thetaG, j, -step), profile))
                    / (2 * step);
        }
        double se = Math.sqrt(quad(bg.logCovariance(), gP) + quad(gg.logCovariance(), gG));
        Estimate e = CLV.estimate(bg, gg, IntervalMethod.DELTA, profile[0], profile[1], profile[2], profile[3]);
        double z = FitResult.z(0.95);
        // Central differences with step 1e-4 are accurate to ~1e-8 relative; the GG part of Clv is analytic.
        assertThat(Math.log(e.upper() / e.value()) / z).isCloseTo(se, offset(1e-6 * se));
        assertThat(Math.log(e.value() / e.lower()) / z).isCloseTo(se, offset(1e-6 * se));
    }

    @Test
    void bootstrapAgreesWithTheDeltaMethodWhereClvIsNearlyLogLinear() {
        Estimate delta = CLV.estimate(bg, gg, IntervalMethod.DELTA, 2, 30.43, 38.86, 22.35);
        Estimate boot = CLV.withBootstrapDraws(4000).estimate(bg, gg, IntervalMethod.PARAMETRIC_BOOTSTRAP,
                2, 30.43, 38.86, 22.35);
        assertThat(boot.value()).isEqualTo(delta.value());
        // Both are first-order equivalent. Monte Carlo error of a 2.5% quantile from B = 4000 draws:
        // sqrt(0.025 * 0.975 / 4000) / phi(1.96) = 0.042 standard deviations, 2% of the 1.96 half-width;
        // allow 10% for that (5 sd) plus the curvature the delta method ignores.
        double deltaLow = Math.log(delta.value() / delta.lower());
        double deltaHigh = Math.log(delta.upper() / delta.value());
        assertThat(Math.log(boot.value() / boot.lower())).isCloseTo(deltaLow, offset(0.10 * deltaLow));
        assertThat(Math.log(boot.upper() / boot.value())).isCloseTo(deltaHigh, offset(0.10 * deltaHigh));
    }

    @Test
    void bootstrapIsReproducibleForASeed() {
        Clv c = CLV.withBootstrapDraws(200).withSeed(42);
        int n = 100;
        double[] xs = java.util.Arrays.copyOf(x, n);
        double[] txs = java.util.Arrays.copyOf(tx, n);
        double[] ts = java.util.Arrays.copyOf(bigT, n);
        double[] ms = java.util.Arrays.copyOf(mbar, n);
        Clv.Scores a = c.estimates(bg, gg, IntervalMethod.PARAMETRIC_BOOTSTRAP, xs, txs, ts, ms);
        Clv.Scores b = c.estimates(bg, gg, IntervalMethod.PARAMETRIC_BOOTSTRAP, xs, txs, ts, ms);
        Clv.Scores other = c.withSeed(43).estimates(bg, gg, IntervalMethod.PARAMETRIC_BOOTSTRAP, xs, txs, ts, ms);
        assertThat(a.lower()).isEqualTo(b.lower());
        assertThat(a.upper()).isEqualTo(b.upper());
        assertThat(a.upper()).isNotEqualTo(other.upper());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.lower()[i]).isPositive().isLessThan(a.upper()[i]);
        }
    }

    @Test
    void aCustomerAlmostSurelyGoneHasAZeroIntervalNotNaN() {
        // x = 600 purchases all in the first week of 39: P(alive) underflows to 0 in BgNbd, so every
        // expectation is exactly 0; x = 300 is tiny (about 1e-266) but still representable.
        Estimate gone = CLV.estimate(bg, gg, IntervalMethod.DELTA, 600, 1, 39, 20);
        assertThat(new double[] {gone.value(), gone.lower(), gone.upper()}).containsOnly(0.0);
        Estimate faint = CLV.estimate(bg, gg, IntervalMethod.DELTA, 300, 1, 39, 20);
        assertThat(faint.value()).isPositive().isLessThan(1e-250);
        assertThat(faint.lower()).isPositive().isLessThan(faint.value());
        assertThat(faint.upper()).isGreaterThan(faint.value()).isFinite();
    }

    @Test
    void longerHorizonsAndLowerRatesAreWorthMore() {
        double base = CLV.value(bg.model(), gg.model(), 2, 30.43, 38.86, 22.35);
        assertThat(CLV.withHorizon(24).value(bg.model(), gg.model(), 2, 30.43, 38.86, 22.35)).isGreaterThan(base);
        assertThat(CLV.withDiscountRate(0.05).value(bg.model(), gg.model(), 2, 30.43, 38.86, 22.35))
                .isLessThan(base);
        assertThat(CLV.withMargin(0.6).value(bg.model(), gg.model(), 2, 30.43, 38.86, 22.35))
                .isCloseTo(2 * base, offset(1e-12 * base));
    }

    @Test
    void rejectsInvalidOptionsAndInputs() {
        assertThatThrownBy(() -> Clv.withDefaults().withHorizon(0)).isInstanceOf(ModelException.class)
                .hasMessage("horizon = 0 is not greater than 0");
        assertThatThrownBy(() -> Clv.withDefaults().withDiscountRate(-0.1)).isInstanceOf(ModelException.class)
                .hasMessage("discount rate = -0.1 is negative");
        assertThatThrownBy(() -> Clv.withDefaults().withMargin(0)).isInstanceOf(ModelException.class)
                .hasMessage("margin = 0.0 is not greater than 0");
        assertThatThrownBy(() -> Clv.withDefaults().withPeriodLength(Double.NaN)).isInstanceOf(ModelException.class)
                .hasMessage("period length = NaN is not a finite number");
        assertThatThrownBy(() -> Clv.withDefaults().withStepsPerPeriod(0)).isInstanceOf(ModelException.class)
                .hasMessage("steps per period = 0 is not greater than 0");
        assertThatThrownBy(() -> CLV.value(bg.model(), gg.model(), 2, 40, 38.86, 22.35))
                .isInstanceOf(ModelException.class).hasMessage("t_x = 40.0 is greater than T = 38.86");
        assertThatThrownBy(() -> CLV.values(bg.model(), gg.model(), new double[] {1, 2}, new double[] {1, 1},
                new double[] {5, 5}, new double[] {10, -3})).isInstanceOf(ModelException.class)
                .hasMessage("mbar = -3.0 is not greater than 0");
        assertThatThrownBy(() -> CLV.values(bg.model(), gg.model(), new double[1], new double[1], new double[1],
                new double[2])).hasMessageContaining("same length");
        // A purchase model that breaks down is reported, not turned into a NaN CLV.
        assertThatThrownBy(() -> CLV.value(new PoissonModel(Double.NaN), gg.model(), 2, 30, 38, 20))
                .isInstanceOf(ModelException.class)
                .hasMessage("the poisson model gives discounted expected purchases NaN for x = 2.0, t_x = 30.0, T = 38.0");
    }

    /**
     * A Poisson family with a second parameter the likelihood ignores: its information matrix is singular,
     * so the fit has no covariance and a CLV interval must be refused, not returned as NaN.
     */
    private static final class UnidentifiedPoisson implements ModelFamily<RfmTable, PurchaseModel> {
        @Override
        public String name() {
            return "unidentified";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("lambda", "unused");
        }

        @Override
        public PurchaseModel create(double[] p) {
            return new PoissonModel(p[0]);
        }

        @Override
        public LogLikelihood logLikelihood(RfmTable d) {
            return (p, g) -> {
                double ll = 0;
                double dl = 0;
                for (int i = 0; i < d.size(); i++) {
                    ll += d.count(i) * (d.x(i) * Math.log(p[0]) - p[0] * d.bigT(i));
                    dl += d.count(i) * (d.x(i) / p[0] - d.bigT(i));
                }
                if (g != null) {
                    g[0] = dl;
                    g[1] = 0;
                }
                return ll;
            };
        }

        @Override
        public List<double[]> startingValues(RfmTable d) {
            return List.of(new double[] {0.1, 1});
        }

        @Override
        public double observations(RfmTable d) {
            return d.customers();
        }

        @Override
        public int distinctRows(RfmTable d) {
            return d.size();
        }
    }

    @Test
    void refusesAnIntervalWhenAFitHasNoCovariance() {
        FitResult<PurchaseModel> fit = MaximumLikelihood.withDefaults().fit(new UnidentifiedPoisson(),
                Fixtures.cdnow());
        assertThat(fit.parameter("lambda")).isCloseTo(Fixtures.cdnow().meanX() / Fixtures.cdnow().meanT(),
                offset(1e-6));
        for (IntervalMethod method : IntervalMethod.values()) {
            assertThatThrownBy(() -> CLV.estimate(fit, gg, method, 2, 30.43, 38.86, 22.35))
                    .isInstanceOf(ModelException.class)
                    .hasMessage("no interval for CLV: the covariance of the unidentified fit is not available"
                            + " (its information matrix is not positive definite)");
        }
        // The point value needs no covariance.
        assertThat(CLV.value(fit.model(), gg.model(), 2, 30.43, 38.86, 22.35)).isPositive();
    }

    private static double logClv(double[] thetaP, double[] thetaG, double[] v) {
        double[] p = exps(thetaP);
        double[] g = exps(thetaG);
        return Math.log(CLV.value(BgNbd.of(p[0], p[1], p[2], p[3]), GammaGamma.of(g[0], g[1], g[2]),
                v[0], v[1], v[2], v[3]));
    }

    private static double[] shift(double[] t, int j, double h) {
        double[] s = t.clone();
        s[j] += h;
        return s;
    }

    private static double quad(double[][] c, double[] g) {
        double s = 0;
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g.length; j++) {
                s += g[i] * c[i][j] * g[j];
            }
        }
        return s;
    }

    private static double[] logs(double[] p) {
        double[] t = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            t[i] = Math.log(p[i]);
        }
        return t;
    }

    private static double[] exps(double[] t) {
        double[] p = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            p[i] = Math.exp(t[i]);
        }
        return p;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
