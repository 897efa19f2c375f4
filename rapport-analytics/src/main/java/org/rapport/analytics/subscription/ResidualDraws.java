package org.rapport.analytics.subscription;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.rapport.model.fit.FitResult;
import org.rapport.model.interval.Estimate;
import org.rapport.model.retention.ShiftedBetaGeometric;

/**
 * A predictive interval for what the running memberships will pay, discounted: for each of {@link #DRAWS}
 * draws, (&alpha;, &beta;) from the fit's normal on the log scale (parameter uncertainty), then each member's
 * lapse probability from its posterior Beta(&alpha;, &beta; + n) given n renewals (the member's own
 * uncertainty), then the member's value at that probability, fee (1 - &theta;)(1 + d)/(d + &theta;), the
 * expectation of the discounted payments DERL counts. The plans' draws add up draw by draw for the total.
 * Seeded by the run, so the interval is the same on every run of the same data.
 */
final class ResidualDraws {
    /** Draws per interval. */
    static final int DRAWS = 200;

    private final UniformRandomProvider rng;
    private final ZigguratSampler.NormalizedGaussian normal;
    private final double[] total = new double[DRAWS];
    private boolean any;

    ResidualDraws(long runId) {
        this.rng = RandomSource.XO_RO_SHI_RO_128_PP.create(0x5EB5C81B7L ^ runId);
        this.normal = ZigguratSampler.NormalizedGaussian.of(rng);
    }

    /**
     * @param fit a plan's sBG fit
     * @param running its running members as (renewals, fee) pairs
     * @param d the discount rate per month
     * @param point the plan's point value (inside the interval's report)
     * @param level the interval level
     * @return the plan's interval
     */
    Estimate add(FitResult<ShiftedBetaGeometric> fit, List<double[]> running, double d, double point, double level) {
        double[] p = fit.parameters();
        double[][] c = fit.logCovariance();
        // The 2x2 Cholesky factor of the log-scale covariance.
        double l11 = Math.sqrt(Math.max(c[0][0], 0));
        double l21 = l11 > 0 ? c[1][0] / l11 : 0;
        double l22 = Math.sqrt(Math.max(c[1][1] - l21 * l21, 0));
        double[] plan = new double[DRAWS];
        for (int b = 0; b < DRAWS; b++) {
            double z1 = normal.sample();
            double z2 = normal.sample();
            double alpha = p[0] * Math.exp(l11 * z1);
            double beta = p[1] * Math.exp(l21 * z1 + l22 * z2);
            var ga = AhrensDieterMarsagliaTsangGammaSampler.of(rng, alpha, 1);
            double v = 0;
            for (double[] m : running) {
                double x = ga.sample();
                double y = AhrensDieterMarsagliaTsangGammaSampler.of(rng, beta + m[0], 1).sample();
                double theta = x / (x + y);
                v += m[1] * (1 - theta) * (1 + d) / (d + theta);
            }
            plan[b] = v;
            total[b] += v;
        }
        any = true;
        return interval(plan, point, level);
    }

    /**
     * @param point the total point value
     * @param level the level
     * @return the total's interval, or null when no plan was added
     */
    Estimate totalInterval(double point, double level) {
        return any ? interval(total.clone(), point, level) : null;
    }

    private static Estimate interval(double[] draws, double point, double level) {
        Arrays.sort(draws);
        double lo = draws[(int) Math.floor((1 - level) / 2 * (draws.length - 1))];
        double hi = draws[(int) Math.ceil((1 + level) / 2 * (draws.length - 1))];
        return new Estimate(point, Math.min(lo, point), Math.max(hi, point), level);
    }
}
