package org.rapport.model.btyd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.gamma.LogBeta;
import org.junit.jupiter.api.Test;
import org.rapport.model.ModelException;

/**
 * The factorisation E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) &middot; g(t; x, T) behind
 * {@link PurchaseModel#expectedPurchasesIfAlive}, checked two ways: against each model's direct
 * conditional expectation over a grid of histories, and against g computed independently from the
 * posterior of the latent rates given "alive at T", which involves (x, T) only.
 *
 * <p>Parameters: BG/NBD on CDNOW (Fader, Hardie &amp; Lee 2005, section 4), MBG/NBD on CDNOW
 * (lifetimes 0.11.3, see {@link MbgNbd}), BG/BB on the donations (Fader, Hardie &amp; Shang 2010).
 */
class PurchaseModelTest {
    private static final BgNbd BG = BgNbd.of(0.243, 4.414, 0.793, 2.426);
    private static final MbgNbd MBG = MbgNbd.of(0.52484, 6.18299, 0.89136, 1.61400);
    private static final BgBb BB = BgBb.of(1.204, 0.750, 0.657, 2.783);
    private static final double[] X = {0, 1, 2, 5, 20, 60};
    private static final double[] BIG_T = {0.5, 10, 38.86, 78};
    /** t_x as fractions of T (x &gt; 0). */
    private static final double[] RECENCY = {0.01, 1.0 / 3, 0.9, 1};
    private static final double[] FUTURE = {0.1, 4.345, 52, 520};

    @Test
    void factorisesTheContinuousTimeModelsOverAGrid() {
        for (PurchaseModel m : new PurchaseModel[] {BG, MBG}) {
            int checked = 0;
            for (double x : X) {
                for (double bigT : BIG_T) {
                    for (double f : x == 0 ? new double[] {0} : RECENCY) {
                        double tx = f * bigT;
                        for (double t : FUTURE) {
                            double direct = m.conditionalExpectedPurchases(t, x, tx, bigT);
                            double factorised = m.probabilityAlive(x, tx, bigT) * m.expectedPurchasesIfAlive(t, x, bigT);
                            // A few roundings apart: the factor P(alive | x, t*, T) is divided out again.
                            assertThat(factorised).as("%s x=%s t_x=%s T=%s t=%s", m.name(), x, tx, bigT, t)
                                    .isCloseTo(direct, within(1e-12 * direct));
                            checked += direct > 0 ? 1 : 0;
                        }
                    }
                }
            }
            // Histories like x = 60 with t_x = 0.01 T underflow P(alive) to 0 (both sides exactly 0); most do not.
            assertThat(checked).as(m.name()).isGreaterThan(300);
        }
    }

    @Test
    void factorisesBgBbOverAllHistoriesOfSmallPanels() {
        int checked = 0;
        for (int n : new int[] {1, 6, 11, 30}) {
            for (int x = 0; x <= n; x++) {
                for (int tx = x == 0 ? 0 : x; tx <= (x == 0 ? 0 : n); tx++) {
                    for (int t : new int[] {1, 5, 25}) {
                        double direct = BB.conditionalExpectedPurchases(t, x, tx, n);
                        double factorised = BB.probabilityAlive(x, tx, n) * BB.expectedPurchasesIfAlive(t, x, n);
                        // Both are exp(log of a product of beta functions - log L): the logs differ by a few
                        // ulps of values up to about 30, so the values by up to about 30 * 2^-52 * a few, 1e-14.
                        assertThat(factorised).as("x=%d t_x=%d n=%d n*=%d", x, tx, n, t)
                                .isCloseTo(direct, within(1e-12 * direct));
                        checked++;
                    }
                }
            }
        }
        // n(n+1)/2 histories with x > 0 plus x = 0, for each n; three futures each.
        assertThat(checked).isEqualTo(3 * (2 + 22 + 67 + 466));
    }

    /**
     * BG/NBD: given alive at T, the joint likelihood of the history is (1-p)<sup>x</sup> &lambda;<sup>x</sup>
     * e<sup>-&lambda;T</sup>, so p ~ Beta(a, b+x) and &lambda; ~ Gamma(r+x, &alpha;+T), independent. A live customer
     * with (&lambda;, p) makes (1 - e<sup>-&lambda;pt</sup>)/p purchases in expectation (Fader, Hardie &amp; Lee 2005,
     * E[X(t) | &lambda;, p]); averaging over &lambda; gives 1 - ((&alpha;+T)/(&alpha;+T+pt))<sup>r+x</sup>, then over p
     * by quadrature. MBG/NBD: the same with p ~ Beta(a, b+x+1), one more survived toss.
     */
    @Test
    void continuousTimeModelsAgreeWithThePosteriorGivenAlive() {
        double r = 0.243;
        double alpha = 4.414;
        double a = 0.793;
        double b = 2.426;
        double rm = 0.52484;
        double alpham = 6.18299;
        double am = 0.89136;
        double bm = 1.61400;
        for (double x : X) {
            for (double bigT : BIG_T) {
                for (double t : FUTURE) {
                    double g = posteriorMean(a, b + x, perPurchaseRate(r + x, alpha + bigT, t));
                    double gm = posteriorMean(am, bm + x + 1, perPurchaseRate(rm + x, alpham + bigT, t));
                    // The quadrature converged to 1e-14 relative (checked inside). The models compute
                    // g = C [1 - w 2F1(...)] with C = (a+b+x-1)/(a-1) (BG/NBD; a+b+x for MBG/NBD) and w 2F1 near
                    // 1 when t is small against alpha + T: an error e in the 2F1 series (up to a few hundred
                    // roundings of 1e-16) is an error |C| e in g however small g is; allow e = 1e-13.
                    double c = Math.abs((a + b + x - 1) / (a - 1));
                    double cm = Math.abs((am + bm + x) / (am - 1));
                    assertThat(BG.expectedPurchasesIfAlive(t, x, bigT)).as("bgnbd x=%s T=%s t=%s", x, bigT, t)
                            .isCloseTo(g, within(1e-12 * g + 1e-13 * c));
                    assertThat(MBG.expectedPurchasesIfAlive(t, x, bigT)).as("mbgnbd x=%s T=%s t=%s", x, bigT, t)
                            .isCloseTo(gm, within(1e-12 * gm + 1e-13 * cm));
                }
            }
        }
    }

    /**
     * BG/BB: given alive at n, p ~ Beta(&alpha;+x, &beta;+n-x) and &theta; ~ Beta(&gamma;, &delta;+n); the customer is alive at
     * n+i with probability E[(1-&theta;)<sup>i</sup>] = B(&gamma;, &delta;+n+i)/B(&gamma;, &delta;+n) and then transacts with
     * probability E[p] = (&alpha;+x)/(&alpha;+&beta;+n).
     */
    @Test
    void bgBbAgreesWithThePosteriorGivenAlive() {
        double alpha = 1.204;
        double beta = 0.750;
        double gamma = 0.657;
        double delta = 2.783;
        for (int n : new int[] {0, 1, 6, 30}) {
            for (int x = 0; x <= n; x++) {
                for (int t : new int[] {1, 5, 25}) {
                    double alive = 0;
                    for (int i = 1; i <= t; i++) {
                        alive += Math.exp(LogBeta.value(gamma, delta + n + i) - LogBeta.value(gamma, delta + n));
                    }
                    double g = (alpha + x) / (alpha + beta + n) * alive;
                    // The model sums the alive probabilities in closed form (ratios of gamma functions), the
                    // test term by term: agreement to about 1e-14, checked to 1e-12.
                    assertThat(BB.expectedPurchasesIfAlive(t, x, n)).as("x=%d n=%d n*=%d", x, n, t)
                            .isCloseTo(g, within(1e-12 * g));
                }
            }
        }
    }

    @Test
    void isZeroForNoFutureAndChecksItsInputs() {
        assertThat(BG.expectedPurchasesIfAlive(0, 3, 20)).isZero();
        assertThatThrownBy(() -> BG.expectedPurchasesIfAlive(-1, 3, 20)).isInstanceOf(ModelException.class)
                .hasMessage("t = -1.0 is negative");
        assertThatThrownBy(() -> BG.expectedPurchasesIfAlive(5, 2.5, 20)).isInstanceOf(ModelException.class)
                .hasMessage("x = 2.5 is not a whole number");
        assertThatThrownBy(() -> BB.expectedPurchasesIfAlive(2.5, 1, 6)).isInstanceOf(ModelException.class)
                .hasMessage("n* = 2.5 is not a whole number");
    }

    @Test
    void refusesToConditionOnAnImpossibleLife() {
        // A model for which every customer is dead: g is undefined, and it says so instead of returning NaN.
        PurchaseModel dead = new PurchaseModel() {
            @Override
            public String name() {
                return "dead";
            }

            @Override
            public double[] parameters() {
                return new double[0];
            }

            @Override
            public double expectedPurchases(double t) {
                return 0;
            }

            @Override
            public double conditionalExpectedPurchases(double t, double x, double tx, double bigT) {
                return 0;
            }

            @Override
            public double probabilityAlive(double x, double tx, double bigT) {
                return 0;
            }

            @Override
            public double probabilityOfPurchases(int n, double t) {
                return n == 0 ? 1 : 0;
            }

            @Override
            public double logLikelihood(double x, double tx, double bigT) {
                return 0;
            }
        };
        assertThatThrownBy(() -> dead.expectedPurchasesIfAlive(5, 2, 20)).isInstanceOf(ModelException.class)
                .hasMessage("the dead model gives P(alive) = 0.0 for x = 2.0, t_x = 20.0, T = 20.0: cannot condition"
                        + " on being alive");
    }

    /** @return p &#8614; 1 - (c/(c+pt))<sup>s</sup>, the mean of 1 - e<sup>-&lambda;pt</sup> over &lambda; ~ Gamma(s, c) */
    private static DoubleUnaryOperator perPurchaseRate(double s, double c, double t) {
        return p -> -Math.expm1(-s * Math.log1p(p * t / c));
    }

    /**
     * E[h(p) / p] for p ~ Beta(a, b), by tanh-sinh quadrature (p = (1 + tanh(&pi;/2 sinh u)) / 2), which
     * is insensitive to the p<sup>a-1</sup> singularity at 0; converged when steps h and h/2 agree.
     */
    private static double posteriorMean(double a, double b, DoubleUnaryOperator h) {
        double coarse = tanhSinh(a, b, h, 1.0 / 32);
        double fine = tanhSinh(a, b, h, 1.0 / 64);
        assertThat(fine).isCloseTo(coarse, within(1e-14 * fine));
        return fine;
    }

    private static double tanhSinh(double a, double b, DoubleUnaryOperator h, double step) {
        double logB = LogBeta.value(a, b);
        double sum = 0;
        int k = (int) Math.round(4 / step);
        for (int i = -k; i <= k; i++) {
            double u = i * step;
            double v = Math.PI / 2 * Math.sinh(u);
            // p = 1 / (1 + e^(-2v)) and 1 - p = 1 / (1 + e^(2v)), each without cancellation.
            double logP = -log1pExp(-2 * v);
            double logQ = -log1pExp(2 * v);
            double p = Math.exp(logP);
            // Beta density times dp/du = pi cosh(u) p (1 - p), divided by p.
            double w = Math.exp((a - 1) * logP + b * logQ - logB) * Math.PI * Math.cosh(u);
            sum += w * h.applyAsDouble(p);
        }
        return sum * step;
    }

    private static double log1pExp(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }
}
