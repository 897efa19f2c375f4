package org.rapport.model.covariates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.rapport.model.ModelException;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.ParetoNbd;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fit.ModelFamily;
import org.rapport.model.simulate.BgNbdSimulator;
import org.rapport.model.simulate.Cohort;
import org.rapport.model.simulate.ParetoNbdSimulator;

/**
 * Planted truth: worlds of customers with two binary covariates (four groups of equal size), each group
 * simulated from the base model at its own parameters &theta; exp(sign &gamma;'z) ({@link Link}), over 52 weeks
 * with births over the first 26. The fit with covariates must recover &theta; and &gamma; and the
 * likelihood-ratio test must see the covariates; in a world without covariate effects it must not.
 *
 * <p>Criterion over 3 seeds &times; 2 models &times; 8 parameters = 48 95% intervals: for a right fit the
 * misses are about Binomial(48, 0.05) (mean 2.4), so at least 42 must hold the truth (P(7 or more misses)
 * &asymp; 1%), and every planted value must lie within 3.29 standard errors (99.9%; P(any of 48 beyond)
 * &asymp; 5%, on the fixed seeds here none is).
 */
class CovariateRecoveryTest {
    private static final double[] GAMMA_TRANS = {0.6, -0.4};
    private static final double[] GAMMA_LIFE = {0.5, -0.3};
    private static final int PER_GROUP = 2_500;

    @Test
    void recoversPlantedCovariateEffectsInsideTheirIntervals() {
        int held = 0;
        int total = 0;
        for (long seed : new long[] {1, 2, 3}) {
            for (boolean pareto : new boolean[] {true, false}) {
                ModelFamily<RfmTable, ? extends PurchaseModel> family = pareto ? ParetoNbd.FAMILY : BgNbd.FAMILY;
                double[] theta = pareto ? new double[] {0.6, 8, 0.6, 10} : new double[] {0.6, 8, 0.8, 2.5};
                CovariateTable data = world(family, theta, GAMMA_TRANS, GAMMA_LIFE, seed);
                StaticCovariates.Fit fit = StaticCovariates.fit(family, data, MaximumLikelihood.withDefaults());
                FitResult<CovariateModel> with = fit.with();
                assertThat(with.converged()).isTrue();
                assertThat(fit.pValue()).as("%s seed %d LR %s", family.name(), seed, fit.likelihoodRatio())
                        .isLessThan(1e-6);
                double[] truth = concat(theta, GAMMA_TRANS, GAMMA_LIFE);
                List<String> names = with.parameterNames();
                StringBuilder line = new StringBuilder(family.name() + " seed " + seed + ":");
                for (int i = 0; i < names.size(); i++) {
                    String n = names.get(i);
                    boolean cov = n.contains(".");
                    double est = cov ? fit.coefficient(n) : Math.log(with.parameter(n));
                    double t = cov ? truth[i] : Math.log(truth[i]);
                    double zScore = (est - t) / Math.sqrt(with.logCovariance()[i][i]);
                    line.append(String.format(Locale.ROOT, " %s %.3f (z %.2f)", n, cov ? est : Math.exp(est), zScore));
                    assertThat(Math.abs(zScore)).as("%s seed %d %s", family.name(), seed, n).isLessThan(3.29);
                    held += Math.abs(zScore) < 1.96 ? 1 : 0;
                    total++;
                }
                System.out.println(line);
            }
        }
        System.out.printf(Locale.ROOT, "planted covariate effects: %d of %d 95%% intervals hold the truth%n", held, total);
        assertThat(held).isGreaterThanOrEqualTo(42);
    }

    /**
     * Without covariate effects LR ~ chi-squared(4): the test rejects at 0.1% with probability 0.001 for a
     * right likelihood, so p &gt; 0.001 on both models.
     */
    @Test
    void likelihoodRatioDoesNotSeeCovariatesThatDoNothing() {
        for (boolean pareto : new boolean[] {true, false}) {
            ModelFamily<RfmTable, ? extends PurchaseModel> family = pareto ? ParetoNbd.FAMILY : BgNbd.FAMILY;
            double[] theta = pareto ? new double[] {0.6, 8, 0.6, 10} : new double[] {0.6, 8, 0.8, 2.5};
            CovariateTable data = world(family, theta, new double[2], new double[2], 7);
            StaticCovariates.Fit fit = StaticCovariates.fit(family, data, MaximumLikelihood.withDefaults());
            System.out.printf(Locale.ROOT, "null world %s: LR %.3f, p %.3f%n", family.name(), fit.likelihoodRatio(),
                    fit.pValue());
            assertThat(fit.degreesOfFreedom()).isEqualTo(4);
            assertThat(fit.pValue()).isGreaterThan(0.001);
        }
    }

    @Test
    void badCovariatesAreReportedByName() {
        double[] x = {0, 1, 2, 3};
        double[] tx = {0, 1, 2, 3};
        double[] bigT = {4, 4, 4, 4};
        assertThatThrownBy(() -> CovariateTable.of(List.of("region"), x, tx, bigT,
                new double[][] {{1}, {1}, {1}, {1}})).isInstanceOf(ModelException.class)
                .hasMessageContaining("covariate region is constant");
        assertThatThrownBy(() -> CovariateTable.of(List.of("web", "store"), x, tx, bigT,
                new double[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}})).isInstanceOf(ModelException.class)
                .hasMessageContaining("covariate store is collinear");
        assertThatThrownBy(() -> CovariateTable.of(List.of("vip"), x, tx, bigT,
                new double[][] {{1}, {0}, {0}, {0}})).isInstanceOf(ModelException.class)
                .hasMessageContaining("covariate vip: no customer with a non-zero value made a repeat purchase");
        assertThatThrownBy(() -> CovariateTable.of(List.of("age"), x, tx, bigT,
                new double[][] {{1}, {Double.NaN}, {0}, {0}})).isInstanceOf(ModelException.class)
                .hasMessageContaining("covariate age: customer 1 has the value NaN");
    }

    /** Four groups z in {0,1}^2, each simulated at its own parameters; the groups' seeds differ. */
    static CovariateTable world(ModelFamily<RfmTable, ? extends PurchaseModel> family, double[] theta,
                                double[] gt, double[] gl, long seed) {
        Link[] links = Link.of(family.name());
        List<double[]> zs = List.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {0, 1}, new double[] {1, 1});
        List<double[]> rows = new ArrayList<>();
        List<double[]> z = new ArrayList<>();
        for (int g = 0; g < zs.size(); g++) {
            double[] p = CovariateModel.scaled(theta, links, gt, gl, zs.get(g));
            Cohort c = family.name().equals("pnbd")
                    ? ParetoNbdSimulator.of(p[0], p[1], p[2], p[3]).withCalibration(52).withBirthWindow(26)
                            .simulate(PER_GROUP, seed * 100 + g)
                    : BgNbdSimulator.of(p[0], p[1], p[2], p[3]).withCalibration(52).withBirthWindow(26)
                            .simulate(PER_GROUP, seed * 100 + g);
            for (int i = 0; i < c.size(); i++) {
                rows.add(new double[] {c.x()[i], c.tx()[i], c.bigT()[i]});
                z.add(zs.get(g));
            }
        }
        int n = rows.size();
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] bigT = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rows.get(i)[0];
            tx[i] = rows.get(i)[1];
            bigT[i] = rows.get(i)[2];
        }
        return CovariateTable.of(List.of("channel", "region"), x, tx, bigT, z.toArray(new double[0][]));
    }

    private static double[] concat(double[] a, double[] b, double[] c) {
        double[] out = new double[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }
}
