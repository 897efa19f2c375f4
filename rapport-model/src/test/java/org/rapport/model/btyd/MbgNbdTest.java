package org.rapport.model.btyd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.rapport.model.fixtures.Tolerance.assertPrinted;

import java.util.Properties;
import org.apache.commons.numbers.gamma.LogBeta;
import org.junit.jupiter.api.Test;
import org.rapport.model.fixtures.Gradients;
import org.rapport.model.ModelException;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.LogLikelihood;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fixtures.Fixtures;

class MbgNbdTest {
    private static final Properties GOLDEN = Fixtures.golden("mbgnbd-cdnow.properties");
    private static final String[] NAMES = {"r", "alpha", "a", "b"};

    private static double g(String key) {
        return Double.parseDouble(GOLDEN.getProperty(key));
    }

    private static MbgNbd lifetimes() {
        return MbgNbd.of(g("lifetimes.r"), g("lifetimes.alpha"), g("lifetimes.a"), g("lifetimes.b"));
    }

    @Test
    void reproducesLifetimesOnCdnow() {
        FitResult<MbgNbd> fit = MaximumLikelihood.withDefaults().fit(MbgNbd.FAMILY, Fixtures.cdnow());
        assertThat(fit.converged()).isTrue();
        assertThat(fit.modelName()).isEqualTo("mbgnbd");
        assertThat(fit.observations()).isEqualTo(2357);
        for (String p : NAMES) {
            assertPrinted(GOLDEN, "lifetimes." + p, fit.parameter(p));
        }
        assertPrinted(GOLDEN, "lifetimes.ll", fit.logLikelihood());
        // The optimum does not depend on the start: trying every start gives the same maximum.
        FitResult<MbgNbd> all = MaximumLikelihood.withDefaults().withAllStarts(true).fit(MbgNbd.FAMILY, Fixtures.cdnow());
        assertThat(all.logLikelihood()).isCloseTo(fit.logLikelihood(), within(1e-6));
    }

    @Test
    void compressedLikelihoodEqualsTheSumOverCustomers() {
        MbgNbd m = lifetimes();
        double perCustomer = 0;
        for (double[] v : Fixtures.cdnowRows()) {
            perCustomer += m.logLikelihood(v[1], v[2], v[3]);
        }
        double compressed = MbgNbd.FAMILY.logLikelihood(Fixtures.cdnow()).value(m.parameters(), null);
        // Same terms summed in a different order: agreement to a few ulps of |LL| ~ 1e4.
        assertThat(compressed).isCloseTo(perCustomer, within(1e-8));
    }

    @Test
    void analyticGradientMatchesCentralDifferences() {
        LogLikelihood ll = MbgNbd.FAMILY.logLikelihood(Fixtures.cdnow());
        double[] p = {0.4, 5.0, 1.3, 2.0};
        double[] grad = new double[4];
        ll.value(p, grad);
        double[] fd = Gradients.centralDifferences(ll, p);
        for (int i = 0; i < 4; i++) {
            // Central differences have error O(h^2 f''') plus rounding ~ eps |LL| / h (h = 1e-5 p) ~ 1e-12 * 1e4 / 1e-5
            // = 1e-3 absolute on gradients of order 1e2..1e4, within a relative 1e-5.
            assertThat(grad[i]).as(NAMES[i]).isCloseTo(fd[i], within(1e-5 * Math.max(1, Math.abs(grad[i]))));
        }
    }

    @Test
    void customerWithoutRepeatPurchaseMayHaveDroppedOutAtTimeZero() {
        MbgNbd m = lifetimes();
        double a = g("lifetimes.a");
        double b = g("lifetimes.b");
        // At T = 0 nothing but the toss at time zero has happened: P(alive) = P(survived it) = b / (a + b).
        assertThat(m.probabilityAlive(0, 0, 0)).isCloseTo(b / (a + b), within(1e-15));
        assertThat(m.probabilityAlive(0, 0, 38.86)).isLessThan(b / (a + b));
        // P(alive) rises with recency for a fixed frequency.
        assertThat(m.probabilityAlive(2, 30.43, 38.86)).isGreaterThan(m.probabilityAlive(2, 10, 38.86));
    }

    /**
     * Checks E[X(t)], P(alive) and E[Y(t) | x, t_x, T] against a one-dimensional integral over the dropout
     * probability p, with the gamma-distributed rate integrated out by hand. This derivation shares no
     * code or closed form with the model: it starts from the individual-level story (a customer alive at T
     * with rate &lambda; buys (1/p)(1 - e^{-&lambda; p t}) times in expectation in the next t).
     */
    @Test
    void predictionsMatchNumericalIntegration() {
        MbgNbd m = lifetimes();
        double r = g("lifetimes.r");
        double alpha = g("lifetimes.alpha");
        double a = g("lifetimes.a");
        double b = g("lifetimes.b");
        double t = 39;
        // E[X(t)] = E_p[(1-p)/p (1 - (alpha/(alpha + p t))^r)]
        double ex = betaIntegral(a, b, (p, q) -> q * rateTerm(r, alpha, p * t) / p);
        assertThat(m.expectedPurchases(t)).isCloseTo(ex, within(1e-9));
        double[][] customers = {{0, 0, 38.86}, {2, 30.43, 38.86}, {10, 35, 38}, {1, 2, 30}};
        for (double[] c : customers) {
            double x = c[0];
            double tx = c[1];
            double bigT = c[2];
            // Common factor Gamma(r+x) alpha^r / Gamma(r) (alpha+T)^-(r+x) dropped from numerator and denominator.
            double ratio = Math.pow((alpha + bigT) / (alpha + tx), r + x);
            double alive = betaIntegral(a, b, (p, q) -> Math.pow(q, x + 1));
            double dead = betaIntegral(a, b, (p, q) -> p * Math.pow(q, x) * ratio);
            double future = betaIntegral(a, b, (p, q) -> Math.pow(q, x + 1) / p * rateTerm(r + x, alpha + bigT, p * t));
            assertThat(m.probabilityAlive(x, tx, bigT)).as("P(alive) %s", c[0])
                    .isCloseTo(alive / (alive + dead), within(1e-9));
            assertThat(m.conditionalExpectedPurchases(t, x, tx, bigT)).as("E[Y] x=%s", c[0])
                    .isCloseTo(future / (alive + dead), within(1e-8));
        }
    }

    @Test
    void probabilitiesOfPurchaseCountsSumToOneAndMatchTheMean() {
        MbgNbd m = lifetimes();
        double total = 0;
        double mean = 0;
        for (int n = 0; n < 600; n++) {
            double p = m.probabilityOfPurchases(n, 39);
            total += p;
            mean += n * p;
        }
        // The tail beyond n = 600 is below 1e-12 for these parameters (NBD tail with r = 0.52, alpha = 6.2).
        assertThat(total).isCloseTo(1, within(1e-10));
        assertThat(mean).isCloseTo(m.expectedPurchases(39), within(1e-8));
        assertThat(m.probabilityOfPurchases(0, 0)).isCloseTo(1, within(1e-15));
    }

    @Test
    void expectationsAreContinuousAcrossTheRemovableSingularityAtAEqualsOne() {
        // (a - 1) divides both expectations; the limit is finite. Compare interpolated values near 1
        // with values at a = 1 +/- 1e-3, which use the closed form directly: the functions are smooth in
        // a, so they must lie on a line to O(1e-6) (second-order term of a Taylor expansion).
        double[] as = {1 - 1e-3, 1 - 3e-5, 1, 1 + 5e-5, 1 + 1e-3};
        double[] ex = new double[as.length];
        double[] ey = new double[as.length];
        for (int i = 0; i < as.length; i++) {
            MbgNbd m = MbgNbd.of(0.5, 6, as[i], 1.6);
            ex[i] = m.expectedPurchases(39);
            ey[i] = m.conditionalExpectedPurchases(39, 2, 30.43, 38.86);
        }
        for (int i = 1; i < as.length - 1; i++) {
            double w = (as[i] - as[0]) / (as[4] - as[0]);
            assertThat(ex[i]).isCloseTo(ex[0] + w * (ex[4] - ex[0]), within(1e-5));
            assertThat(ey[i]).isCloseTo(ey[0] + w * (ey[4] - ey[0]), within(1e-5));
            assertThat(Double.isFinite(ex[i]) && Double.isFinite(ey[i])).isTrue();
        }
    }

    @Test
    void rejectsDataThatCannotIdentifyTheModel() {
        RfmTable none = RfmTable.builder().accept(0, 0, 10).accept(0, 0, 20).build();
        assertThatThrownBy(() -> MaximumLikelihood.withDefaults().fit(MbgNbd.FAMILY, none))
                .isInstanceOf(ModelException.class).hasMessageContaining("cannot fit mbgnbd")
                .hasMessageContaining("no customer made a repeat purchase");
        RfmTable one = RfmTable.builder().accept(2, 5, 10, 40).build();
        assertThatThrownBy(() -> MaximumLikelihood.withDefaults().fit(MbgNbd.FAMILY, one))
                .isInstanceOf(ModelException.class).hasMessageContaining("same (x, t_x, T)");
        assertThatThrownBy(() -> MbgNbd.of(0.5, 6, -1, 1.6))
                .isInstanceOf(ModelException.class).hasMessageContaining("a = -1.0 is not greater than 0");
    }

    /** 1 - (alpha0/(alpha0+s))^r0 = E[1 - e^(-lambda s)] for lambda ~ Gamma(r0, alpha0); s = p t. */
    private static double rateTerm(double r0, double alpha0, double s) {
        return -Math.expm1(-r0 * Math.log1p(s / alpha0));
    }

    /** An integrand given p and q = 1 - p (q computed without cancellation near p = 1). */
    @FunctionalInterface
    private interface Integrand {
        double value(double p, double q);
    }

    /**
     * &int;<sub>0</sub><sup>1</sup> h(p) Beta(p; a, b) dp by tanh-sinh (double-exponential) quadrature
     * (Takahasi &amp; Mori 1974), which converges geometrically in the number of nodes despite the p^(a-1) and
     * (1-p)^(b-1) endpoint singularities. Run with steps 1/32 and 1/64; the two must agree to 1e-12
     * before the value is used.
     */
    private static double betaIntegral(double a, double b, Integrand h) {
        double coarse = tanhSinh(a, b, h, 1.0 / 32);
        double fine = tanhSinh(a, b, h, 1.0 / 64);
        assertThat(fine).as("quadrature converged").isCloseTo(coarse, within(1e-12));
        return fine;
    }

    private static double tanhSinh(double a, double b, Integrand h, double step) {
        double logNorm = -LogBeta.value(a, b);
        double sum = 0;
        int k = (int) Math.ceil(4.5 / step);
        for (int i = -k; i <= k; i++) {
            double tau = i * step;
            double s = Math.PI / 2 * Math.sinh(tau);
            double p = 1 / (1 + Math.exp(-2 * s));
            double q = 1 / (1 + Math.exp(2 * s));
            if (p == 0 || q == 0) {
                continue;
            }
            // dp/dtau = (pi/2) cosh(tau) / (2 cosh(s)^2) = pi cosh(tau) p q
            double logDensity = logNorm + (a - 1) * Math.log(p) + (b - 1) * Math.log(q);
            sum += Math.PI * Math.cosh(tau) * p * q * Math.exp(logDensity) * h.value(p, q);
        }
        return sum * step;
    }
}
