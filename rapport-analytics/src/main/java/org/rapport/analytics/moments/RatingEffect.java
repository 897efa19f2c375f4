package org.rapport.analytics.moments;

import org.apache.commons.statistics.distribution.TDistribution;
import org.rapport.analytics.Stats;

/**
 * The rating's coefficient in the least-squares regression of an outcome y on an intercept, the rating r
 * and two controls a, b, from a group's sums, with its classical standard error
 * (&sigma;&sup2; [(X'X)<sup>-1</sup>]<sub>rr</sub>, &sigma;&sup2; = RSS / (n - 4)) and the two-sided p-value of
 * t = &beta; / SE on n - 4 degrees of freedom. All three are on the standardised scale
 * (&beta; &middot; sd(r) / sd(y)); the p-value does not depend on the scale.
 *
 * @param beta standardised coefficient, NaN when undefined (fewer than 10 observations, a constant variable)
 * @param standardError its standard error (NaN when undefined)
 * @param pValue two-sided p-value of β = 0 (NaN when undefined)
 */
public record RatingEffect(double beta, double standardError, double pValue) {
    static final RatingEffect UNDEFINED = new RatingEffect(Double.NaN, Double.NaN, Double.NaN);

    /**
     * @param n observations
     * @param sr &Sigma;r, &Sigma;a, &Sigma;b, &Sigma;r&sup2;, &Sigma;ra, &Sigma;rb, &Sigma;a&sup2;, &Sigma;ab, &Sigma;b&sup2; in that order
     * @param sy &Sigma;y, &Sigma;yr, &Sigma;ya, &Sigma;yb, &Sigma;y&sup2;
     * @return the effect
     */
    public static RatingEffect of(double n, double[] sr, double[] sy) {
        double varR = sr[3] / n - (sr[0] / n) * (sr[0] / n);
        double varY = sy[4] / n - (sy[0] / n) * (sy[0] / n);
        if (n < 10 || !(varR > 1e-12) || !(varY > 1e-12)) {
            return UNDEFINED;
        }
        double[][] xtx = {
            {n, sr[0], sr[1], sr[2]},
            {sr[0], sr[3], sr[4], sr[5]},
            {sr[1], sr[4], sr[6], sr[7]},
            {sr[2], sr[5], sr[7], sr[8]}};
        double[] xty = {sy[0], sy[1], sy[2], sy[3]};
        try {
            double[] beta = Stats.solveNormal(xtx, xty);
            double[] inv = Stats.solveNormal(xtx, new double[] {0, 1, 0, 0});
            // RSS = y'y - 2 b'X'y + b'X'X b (exact at any b, so the tiny ridge does not bias it)
            double rss = sy[4];
            for (int i = 0; i < 4; i++) {
                rss -= 2 * beta[i] * xty[i];
                for (int j = 0; j < 4; j++) {
                    rss += beta[i] * xtx[i][j] * beta[j];
                }
            }
            double scale = Math.sqrt(varR / varY);
            double se = Math.sqrt(Math.max(rss, 0) / (n - 4) * inv[1]);
            double t = beta[1] / se;
            double p = se > 0 ? 2 * TDistribution.of(n - 4).survivalProbability(Math.abs(t)) : Double.NaN;
            return new RatingEffect(beta[1] * scale, se * scale, p);
        } catch (IllegalArgumentException e) {
            return UNDEFINED;
        }
    }

    /**
     * Holm's step-down adjustment (Holm 1979, "A simple sequentially rejective multiple test procedure"):
     * the i-th smallest of m p-values becomes max over j &le; i of min(1, (m - j + 1) p<sub>(j)</sub>); rejecting
     * where the adjusted value is below α keeps the chance of any false rejection in the family below α.
     * NaN p-values are left out of the family and stay NaN.
     *
     * @param p p-values
     * @return the adjusted p-values, same order
     */
    public static double[] holm(double[] p) {
        Integer[] order = java.util.stream.IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
                .sorted(java.util.Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
        double[] out = new double[p.length];
        java.util.Arrays.fill(out, Double.NaN);
        int m = order.length;
        double run = 0;
        for (int j = 0; j < m; j++) {
            run = Math.max(run, Math.min(1, (m - j) * p[order[j]]));
            out[order[j]] = run;
        }
        return out;
    }
}
