package org.rapport.model.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.data.SpendTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.interval.Estimate;
import org.rapport.model.interval.IntervalMethod;
import org.rapport.model.spend.GammaGamma;
import org.rapport.model.value.Clv;

/**
 * Simulation with known truth: do the 95% intervals cover the truth at the claimed rate?
 *
 * <p><b>Design.</b> R = {@value #R} seeded replications. Each simulates {@value #N} customers from
 * CDNOW's BG/NBD estimates (r 0.243, &alpha; 4.414, a 0.793, b 2.426; CDNOW's design: births over weeks
 * 0-12, calibration to week 39) and their spend from CDNOW's Gamma-Gamma estimates (p 6.25, q 3.74,
 * &gamma; 15.44), fits both models, and records whether each 95% interval contains the truth: the 4 + 3
 * parameters (log-scale Wald intervals of {@link FitResult#interval}) and the CLV of fixed customer
 * profiles at the true parameters (delta method for two profiles, parametric bootstrap for one).
 *
 * <p><b>Acceptance bound.</b> If an interval has its nominal 95% coverage, its misses over R = 100
 * independent replications are Binomial(100, 0.05) (mean 5, sd 2.2). A check fails when misses
 * &ge; {@value #MAX_MISSES} (empirical coverage &le; 0.87): P(Binomial(100, 0.05) &ge; 13) = 0.0015, so nine
 * checks raise a false alarm for a fresh seed with probability &le; 0.013 (Bonferroni). Against a true
 * coverage of 0.80 the check fails with probability 0.975 (P(Binomial(100, 0.2) &le; 12) = 0.025).
 * Intervals that are too <i>wide</i> barely show in a miss count, so the standard errors are also
 * checked against the spread of the estimates across replications: the ratio of the mean reported
 * se(log &theta;) to the empirical sd of log &theta;&#770; must lie in [0.75, 1.33]; with R = 100 the empirical sd
 * has a relative standard error of about 1/&radic;(2(R-1)) = 7%, so the band is about 4 standard errors wide.
 */
class CoverageTest {
    static final int R = 100;
    static final int N = 2000;
    static final int MAX_MISSES = 13;
    static final double[] BG = {0.243, 4.414, 0.793, 2.426};
    static final double[] GG = {6.25, 3.74, 15.44};
    /** Profiles (x, t_x, T, mbar): CDNOW's customer 1, and a one-time buyer. */
    static final double[][] PROFILES = {{2, 30.43, 38.86, 22.35}, {0, 0, 38.86, 0}};
    static final Clv CLV = Clv.withDefaults().withPeriodLength(4.345).withHorizon(12).withDiscountRate(0.01)
            .withMargin(0.3).withBootstrapDraws(200);

    static int[] bgMisses = new int[4];
    static int[] ggMisses = new int[3];
    static int[] clvDeltaMisses = new int[PROFILES.length];
    static int clvBootstrapMisses;
    static double[][] bgLogEstimates = new double[4][R];
    static double[][] bgLogSe = new double[4][R];
    static double[][] ggLogEstimates = new double[3][R];
    static double[][] ggLogSe = new double[3][R];
    static long millis;

    @BeforeAll
    static void replicate() {
        long t0 = System.nanoTime();
        BgNbd bgTruth = BgNbd.of(BG[0], BG[1], BG[2], BG[3]);
        GammaGamma ggTruth = GammaGamma.of(GG[0], GG[1], GG[2]);
        BgNbdSimulator purchases = BgNbdSimulator.of(bgTruth);
        GammaGammaSimulator spend = GammaGammaSimulator.of(ggTruth);
        for (int k = 0; k < R; k++) {
            Cohort c = purchases.simulate(N, 1000 + k);
            double[] mbar = spend.averageSpend(c.x(), 5000 + k);
            FitResult<BgNbd> bg = MaximumLikelihood.withDefaults().fit(BgNbd.FAMILY, c.toRfmTable());
            FitResult<GammaGamma> gg = MaximumLikelihood.withDefaults().fit(GammaGamma.FAMILY,
                    SpendTable.of(c.x(), mbar));
            record(bg, BG, bgMisses, bgLogEstimates, bgLogSe, k);
            record(gg, GG, ggMisses, ggLogEstimates, ggLogSe, k);
            for (int j = 0; j < PROFILES.length; j++) {
                double[] v = PROFILES[j];
                double truth = CLV.value(bgTruth, ggTruth, v[0], v[1], v[2], v[3]);
                Estimate e = CLV.estimate(bg, gg, IntervalMethod.DELTA, v[0], v[1], v[2], v[3]);
                clvDeltaMisses[j] += e.contains(truth) ? 0 : 1;
                if (j == 0) {
                    Estimate b = CLV.withSeed(9000 + k).estimate(bg, gg, IntervalMethod.PARAMETRIC_BOOTSTRAP,
                            v[0], v[1], v[2], v[3]);
                    clvBootstrapMisses += b.contains(truth) ? 0 : 1;
                }
            }
        }
        millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("R=%d N=%d in %d ms; misses bg %s gg %s clv delta %s clv bootstrap %d%n", R, N, millis,
                java.util.Arrays.toString(bgMisses), java.util.Arrays.toString(ggMisses),
                java.util.Arrays.toString(clvDeltaMisses), clvBootstrapMisses);
    }

    private static void record(FitResult<?> fit, double[] truth, int[] misses, double[][] est, double[][] se, int k) {
        List<String> names = fit.parameterNames();
        double[][] cov = fit.logCovariance();
        for (int i = 0; i < truth.length; i++) {
            misses[i] += fit.interval(names.get(i), 0.95).contains(truth[i]) ? 0 : 1;
            est[i][k] = Math.log(fit.parameters()[i]);
            se[i][k] = Math.sqrt(cov[i][i]);
        }
    }

    @Test
    void bgNbdParameterIntervalsCoverTheTruth() {
        for (int i = 0; i < 4; i++) {
            assertThat(bgMisses[i]).as("BG/NBD parameter %d misses in %d", i, R).isLessThan(MAX_MISSES);
        }
    }

    @Test
    void gammaGammaParameterIntervalsCoverTheTruth() {
        for (int i = 0; i < 3; i++) {
            assertThat(ggMisses[i]).as("Gamma-Gamma parameter %d misses in %d", i, R).isLessThan(MAX_MISSES);
        }
    }

    @Test
    void standardErrorsMatchTheSpreadOfTheEstimates() {
        for (int i = 0; i < 4; i++) {
            assertThat(ratio(bgLogSe[i], bgLogEstimates[i])).as("BG/NBD parameter %d", i).isBetween(0.75, 1.33);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(ratio(ggLogSe[i], ggLogEstimates[i])).as("Gamma-Gamma parameter %d", i).isBetween(0.75, 1.33);
        }
    }

    @Test
    void clvDeltaIntervalsCoverTheClvAtTheTrueParameters() {
        for (int j = 0; j < PROFILES.length; j++) {
            assertThat(clvDeltaMisses[j]).as("CLV profile %d misses in %d", j, R).isLessThan(MAX_MISSES);
        }
    }

    @Test
    void clvBootstrapIntervalsCoverTheClvAtTheTrueParameters() {
        assertThat(clvBootstrapMisses).as("CLV bootstrap misses in %d", R).isLessThan(MAX_MISSES);
    }

    /** Mean reported se over the empirical sd of the estimates. */
    private static double ratio(double[] se, double[] est) {
        double mean = 0;
        double meanSe = 0;
        for (int k = 0; k < R; k++) {
            mean += est[k] / R;
            meanSe += se[k] / R;
        }
        double ss = 0;
        for (int k = 0; k < R; k++) {
            ss += (est[k] - mean) * (est[k] - mean);
        }
        double r = meanSe / Math.sqrt(ss / (R - 1));
        System.out.printf("se ratio %.3f%n", r);
        return r;
    }
}
