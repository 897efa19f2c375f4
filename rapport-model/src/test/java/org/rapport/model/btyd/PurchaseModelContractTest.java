package org.rapport.model.btyd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.LogLikelihood;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fit.ModelFamily;
import org.rapport.model.fixtures.Fixtures;

/**
 * The contract every purchase model keeps, after Commons Statistics' {@code BaseContinuousDistributionTest}:
 * a concrete subclass names the family, a fitted-ish parameter vector and the data, and inherits the
 * checks. Properties (jqwik) range over customers' histories; the rest use the data set.
 *
 * <p>To add a model: extend this class and implement the two abstract methods; override {@link #data()}
 * and {@link #customers()} if the data are not CDNOW, and {@link #discreteTime()} for a model of discrete
 * opportunities (BG/BB), whose histories and horizons the properties then round to whole numbers.
 */
abstract class PurchaseModelContractTest {
    /** @return the family under test */
    protected abstract ModelFamily<RfmTable, ? extends PurchaseModel> family();

    /** @return parameters near the optimum for {@link #data()} (e.g. a peer's published estimates) */
    protected abstract double[] fittedParameters();

    /** @return the data set to fit */
    protected RfmTable data() {
        return Fixtures.cdnow();
    }

    /** @return the same data, one (x, t_x, T) per customer */
    protected List<double[]> customers() {
        List<double[]> out = new ArrayList<>();
        for (double[] v : Fixtures.cdnowRows()) {
            out.add(new double[] {v[1], v[2], v[3]});
        }
        return out;
    }

    /** @return true for a discrete-time model: t_x, T (n) and horizons are whole numbers of opportunities */
    protected boolean discreteTime() {
        return false;
    }

    /**
     * @param x repeat purchases
     * @param bigT the length of observation drawn by a property
     * @param f the recency as a fraction of T
     * @return a valid history {x, t_x, T}: as drawn in continuous time; in discrete time T rounded up to a
     *     whole number at least x and t_x a whole number in [x, T] (t_x = 0 for x = 0)
     */
    private double[] history(int x, double bigT, double f) {
        if (!discreteTime()) {
            return new double[] {x, x == 0 ? 0 : f * bigT, bigT};
        }
        double n = Math.max(x, Math.ceil(bigT));
        return new double[] {x, x == 0 ? 0 : x + Math.round(f * (n - x)), n};
    }

    /** @return the horizon t as drawn, or rounded to whole opportunities in discrete time */
    private double horizon(double t) {
        return discreteTime() ? Math.round(t) : t;
    }

    protected final PurchaseModel model() {
        return family().create(fittedParameters());
    }

    @Property(tries = 300)
    void probabilityAliveIsAProbabilityThatRisesWithRecency(@ForAll @IntRange(min = 1, max = 60) int x,
            @ForAll @DoubleRange(min = 0.01, max = 200) double bigT,
            @ForAll @DoubleRange(min = 0, max = 1) double f1, @ForAll @DoubleRange(min = 0, max = 1) double f2) {
        PurchaseModel m = model();
        double[] early = history(x, bigT, Math.min(f1, f2));
        double[] late = history(x, bigT, Math.max(f1, f2));
        double earlier = m.probabilityAlive(early[0], early[1], early[2]);
        double later = m.probabilityAlive(late[0], late[1], late[2]);
        assertThat(earlier).isBetween(0.0, 1.0);
        assertThat(later).isBetween(0.0, 1.0);
        // A later last purchase is evidence of life. Slack: both are computed to ~1e-14 relative.
        assertThat(later).isGreaterThanOrEqualTo(earlier * (1 - 1e-12));
        assertThat(m.probabilityAlive(0, 0, early[2])).isBetween(0.0, 1.0);
    }

    @Property(tries = 200)
    void conditionalExpectationRisesWithTheHorizon(@ForAll @IntRange(min = 0, max = 60) int x,
            @ForAll @DoubleRange(min = 0.01, max = 200) double bigT, @ForAll @DoubleRange(min = 0, max = 1) double f,
            @ForAll @DoubleRange(min = 0, max = 500) double t1, @ForAll @DoubleRange(min = 0, max = 500) double t2) {
        PurchaseModel m = model();
        double[] h = history(x, bigT, f);
        double shorter = m.conditionalExpectedPurchases(horizon(Math.min(t1, t2)), h[0], h[1], h[2]);
        double longer = m.conditionalExpectedPurchases(horizon(Math.max(t1, t2)), h[0], h[1], h[2]);
        assertThat(shorter).isGreaterThanOrEqualTo(0);
        assertThat(longer).isGreaterThanOrEqualTo(shorter * (1 - 1e-12));
    }

    @Property(tries = 200)
    void expectedPurchasesIncreaseWithTime(@ForAll @DoubleRange(min = 0, max = 1000) double t,
            @ForAll @DoubleRange(min = 0.01, max = 100) double dt) {
        PurchaseModel m = model();
        // E[X(t)] is strictly increasing; a gap of 0.01 time units (1 opportunity in discrete time) moves it
        // far beyond rounding.
        double from = discreteTime() ? Math.floor(t) : t;
        double to = discreteTime() ? from + Math.ceil(dt) : t + dt;
        assertThat(m.expectedPurchases(to)).isGreaterThan(m.expectedPurchases(from));
        assertThat(m.expectedPurchases(0)).isEqualTo(0);
    }

    /**
     * Central differences with step h = 1e-5 p err by ~h²|f'''|/6 + &epsilon;|LL|/h: with |LL| ~ 1e4 and
     * parameters ~1, both are ~1e-6 absolute, while the gradient at a point 20% off the optimum is
     * 1e1&ndash;1e4. A tolerance of 1e-5 of the largest component leaves a margin of about 100 for the worst
     * component and still catches any mistake in a derivative term.
     */
    @Test
    void analyticGradientMatchesCentralDifferences() {
        LogLikelihood ll = family().logLikelihood(data());
        double[] fitted = fittedParameters();
        double[][] factors = {{1.2, 0.8, 1.2, 0.8}, {0.8, 1.25, 0.9, 1.3}, {1, 1, 1, 1}};
        for (double[] f : factors) {
            double[] p = fitted.clone();
            for (int i = 0; i < p.length; i++) {
                p[i] *= f[i];
            }
            double[] grad = new double[p.length];
            ll.value(p, grad);
            double[] fd = new double[p.length];
            double scale = 0;
            for (int i = 0; i < p.length; i++) {
                double h = 1e-5 * p[i];
                double[] up = p.clone();
                double[] down = p.clone();
                up[i] += h;
                down[i] -= h;
                fd[i] = (ll.value(up, null) - ll.value(down, null)) / (2 * h);
                scale = Math.max(scale, Math.abs(fd[i]));
            }
            // At the fitted point the gradient is ~0: compare on the scale of the perturbed points instead.
            scale = Math.max(scale, 1);
            for (int i = 0; i < p.length; i++) {
                assertThat(grad[i]).as("%s: dLL/d%s at %s", family().name(), family().parameterNames().get(i),
                        Arrays.toString(p)).isCloseTo(fd[i], Offset.offset(1e-5 * scale));
            }
        }
    }

    /**
     * One table from per-customer arrays (RfmTable.of), another from the customers in a shuffled order,
     * pre-merged into weights and spread over three builders that are then combined: the fits must agree.
     * They are the same table, so anything beyond rounding would be a bug in the accumulator or a
     * dependence of the fit on row order; 1e-8 relative is far above rounding.
     */
    @Test
    void compressedAndUncompressedDataGiveTheSameFit() {
        List<double[]> customers = customers();
        int n = customers.size();
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] bigT = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = customers.get(i)[0];
            tx[i] = customers.get(i)[1];
            bigT[i] = customers.get(i)[2];
        }
        RfmTable direct = RfmTable.of(x, tx, bigT);
        List<double[]> shuffled = new ArrayList<>(customers);
        Collections.shuffle(shuffled, new Random(20240601));
        RfmTable.Builder[] parts = {RfmTable.builder(), RfmTable.builder(), RfmTable.builder()};
        for (int i = 0; i < shuffled.size(); i++) {
            double[] c = shuffled.get(i);
            // Each customer enters as two half-weights in different builders.
            parts[i % 3].accept(c[0], c[1], c[2], 0.5);
            parts[(i + 1) % 3].accept(c[0], c[1], c[2], 0.5);
        }
        RfmTable merged = parts[2].combine(parts[0]).combine(parts[1]).build();
        assertThat(merged.customers()).isEqualTo(n);
        assertThat(merged.size()).isEqualTo(direct.size());

        FitResult<? extends PurchaseModel> a = MaximumLikelihood.withDefaults().fit(family(), direct);
        FitResult<? extends PurchaseModel> b = MaximumLikelihood.withDefaults().fit(family(), merged);
        double[] pa = a.parameters();
        double[] pb = b.parameters();
        for (int i = 0; i < pa.length; i++) {
            assertThat(pb[i]).isCloseTo(pa[i], Offset.offset(1e-8 * Math.abs(pa[i])));
        }
        assertThat(b.logLikelihood()).isCloseTo(a.logLikelihood(), Offset.offset(1e-8 * Math.abs(a.logLikelihood())));
    }

    /** The model's per-customer log-likelihood, summed over customers, is the family's likelihood of the table. */
    @Test
    void perCustomerLikelihoodsSumToTheFamilyLikelihood() {
        PurchaseModel m = model();
        double sum = 0;
        for (double[] c : customers()) {
            sum += m.logLikelihood(c[0], c[1], c[2]);
        }
        double family = family().logLikelihood(data()).value(fittedParameters(), null);
        // Two orders of summation over ~2,000 terms of size ~10: rounding ~1e-11 absolute.
        assertThat(sum).isCloseTo(family, Offset.offset(1e-9 * Math.abs(family)));
    }

    @Test
    void purchaseCountProbabilitiesSumToOneWithMeanExpectedPurchases() {
        PurchaseModel m = model();
        for (double t : new double[] {1, 39}) {
            double total = 0;
            double mean = 0;
            // Beyond n = 300 the NBD tail (t/(alpha+t))^n is below 1e-20 for the fitted CDNOW parameters.
            for (int n = 0; n < 300; n++) {
                double p = m.probabilityOfPurchases(n, t);
                // Slack of 1e-15 below 0: BG/NBD's (8) ends in 1 - (a partial NBD sum), which rounds to
                // about -1e-18 far in the tail (n > 100 at t = 39).
                assertThat(p).isBetween(-1e-15, 1.0);
                total += p;
                mean += n * p;
            }
            assertThat(total).as("%s, t = %s", family().name(), t).isCloseTo(1, Offset.offset(1e-10));
            assertThat(mean).as("%s, t = %s", family().name(), t).isCloseTo(m.expectedPurchases(t), Offset.offset(1e-8));
        }
    }
}
