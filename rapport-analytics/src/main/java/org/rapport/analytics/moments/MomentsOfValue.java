package org.rapport.analytics.moments;

import java.sql.Date;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.analytics.AnalyticsOptions;
import org.rapport.analytics.RunContext;
import org.rapport.analytics.Segments;
import org.rapport.analytics.Stats;
import org.rapport.store.RapportStore;

/**
 * Moments of value: which service touchpoints move later retention and spend, ranked by the equity at
 * stake.
 *
 * <p>For each touchpoint, among the customers rated there (ratings up to the calibration end when the
 * run has a holdout), two least-squares regressions:
 * <pre>
 *   log(1 + holdout purchases) = c + &beta;<sub>R</sub> rating + &gamma;<sub>1</sub> log(1 + x<sub>cal</sub>) + &gamma;<sub>2</sub> (T<sub>cal</sub> - t<sub>x,cal</sub>) + e
 *   log spend per order        = c + &beta;<sub>S</sub> rating + &gamma;<sub>1</sub> log(1 + x<sub>cal</sub>) + &gamma;<sub>2</sub> (T<sub>cal</sub> - t<sub>x,cal</sub>) + e
 * </pre>
 * where rating is the customer's mean rating at the touchpoint standardised by the touchpoint's mean and
 * standard deviation, and the controls are the past frequency and the time since the last purchase at
 * the calibration end (without a holdout: P(alive) as the outcome and the final x and recency). The
 * coefficients are reported standardised (&beta; &middot; sd(rating) / sd(outcome)), computed from the
 * group's sums, all touchpoints and segments in one grouped SQL pass. The equity at stake is the CLV of
 * the customers rated there; the impact &beta; &times; equity at stake ranks the touchpoints: the standard
 * deviations of later behaviour one standard deviation better experience is associated with, weighted by
 * how much value passes through the touchpoint. It is an association (see docs/analytics.md).
 */
public final class MomentsOfValue {
    private static final String SQL = """
            WITH st AS (SELECT touchpoint, avg(rating) AS mu, stddev_samp(rating) AS sd
                        FROM interactions WHERE rating IS NOT NULL AND date <= ? GROUP BY 1),
            cr AS (SELECT i.customer_id, i.touchpoint, avg((i.rating - st.mu) / st.sd) AS r, avg(i.rating) AS raw
                   FROM interactions i JOIN st USING (touchpoint)
                   WHERE i.rating IS NOT NULL AND i.date <= ? AND st.sd > 0 GROUP BY 1, 2),
            y AS (SELECT s.customer_id, CASE WHEN ? THEN ln(1 + coalesce(s.holdout_x, 0)) ELSE c.p_alive END AS u,
                         ln(s.total_spend / (s.x + 1)) AS v,
                         CASE WHEN ? THEN ln(1 + coalesce(s.x_cal, 0)) ELSE ln(1 + s.x) END AS a,
                         CASE WHEN ? THEN coalesce(s.t_cal - s.t_x_cal, 0) ELSE s.t - s.t_x END AS b,
                         coalesce(c.clv, 0) AS clv, g.segment
                  FROM customer_summary s JOIN customer_scores c USING (customer_id) JOIN a_segment g USING (customer_id)
                  WHERE s.total_spend > 0),
            j AS (SELECT y.*, cr.touchpoint, cr.r, cr.raw FROM cr JOIN y USING (customer_id))
            SELECT segment, touchpoint, count(*), sum(clv), avg(raw),
                   sum(r), sum(a), sum(b), sum(r * r), sum(r * a), sum(r * b), sum(a * a), sum(a * b), sum(b * b),
                   sum(u), sum(u * r), sum(u * a), sum(u * b), sum(u * u),
                   sum(v), sum(v * r), sum(v * a), sum(v * b), sum(v * v)
            FROM j GROUP BY GROUPING SETS ((touchpoint), (segment, touchpoint))""";

    private MomentsOfValue() {
    }

    /**
     * One touchpoint.
     *
     * @param touchpoint the touchpoint
     * @param customers customers rated there
     * @param averageRating their mean rating
     * @param equityAtStake their CLV summed
     * @param retentionEffect &beta;<sub>R</sub>
     * @param spendEffect &beta;<sub>S</sub>
     * @param retentionImpact &beta;<sub>R</sub> &times; equity at stake
     * @param spendImpact &beta;<sub>S</sub> &times; equity at stake
     * @param impact the sum of the two impacts, the overall rank
     */
    public record Touchpoint(String touchpoint, long customers, double averageRating, double equityAtStake,
                             double retentionEffect, double spendEffect, double retentionImpact, double spendImpact,
                             double impact) {
    }

    /**
     * The touchpoints of one segment, by impact.
     *
     * @param segment the segment
     * @param touchpoints by overall impact
     */
    public record SegmentMoments(String segment, List<Touchpoint> touchpoints) {
    }

    /**
     * The result, stored as analysis {@code moments}.
     *
     * @param runId the run
     * @param retentionOutcome what retention means here
     * @param overall every touchpoint by overall impact
     * @param byRetention touchpoint names by retention impact
     * @param bySpend touchpoint names by spend impact
     * @param bySegment per segment
     * @param notes what the data lacked
     */
    public record Result(long runId, String retentionOutcome, List<Touchpoint> overall, List<String> byRetention,
                         List<String> bySpend, List<SegmentMoments> bySegment, List<String> notes) {
    }

    /**
     * The standardised coefficient of the rating in the least-squares regression of y on an intercept,
     * the rating r and the two controls a, b, from the sums of a group.
     *
     * @param n observations
     * @param sr &Sigma;r, &Sigma;a, &Sigma;b, &Sigma;r&sup2;, &Sigma;ra, &Sigma;rb, &Sigma;a&sup2;, &Sigma;ab, &Sigma;b&sup2; in that order
     * @param sy &Sigma;y, &Sigma;yr, &Sigma;ya, &Sigma;yb, &Sigma;y&sup2;
     * @return &beta;<sub>r</sub> &middot; sd(r) / sd(y), NaN when undefined (fewer than 10 observations, a constant variable)
     */
    public static double standardisedBeta(double n, double[] sr, double[] sy) {
        double varR = sr[3] / n - (sr[0] / n) * (sr[0] / n);
        double varY = sy[4] / n - (sy[0] / n) * (sy[0] / n);
        if (n < 10 || !(varR > 1e-12) || !(varY > 1e-12)) {
            return Double.NaN;
        }
        double[][] xtx = {
            {n, sr[0], sr[1], sr[2]},
            {sr[0], sr[3], sr[4], sr[5]},
            {sr[1], sr[4], sr[6], sr[7]},
            {sr[2], sr[5], sr[7], sr[8]}};
        double[] xty = {sy[0], sy[1], sy[2], sy[3]};
        try {
            return Stats.solveNormal(xtx, xty)[1] * Math.sqrt(varR / varY);
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    /**
     * Ranks the touchpoints.
     *
     * @param store the store
     * @param run the latest run
     * @param o options
     * @return the result
     */
    public static Result compute(RapportStore store, RunContext run, AnalyticsOptions o) {
        List<String> notes = new ArrayList<>();
        boolean segmented = Segments.prepare(store);
        if (!segmented) {
            notes.add(Segments.NO_SEGMENTS);
        }
        String outcome = run.hasHoldout() ? "log(1 + purchases in the holdout after " + run.calibrationEnd() + ")"
                : "P(alive) at the end of the data (no holdout: ratings and outcome are not separated in time)";
        if (!RunContext.hasRows(store, "interactions")) {
            notes.add("no interactions loaded (rapport ingest interactions FILE): no moments of value");
            return new Result(run.runId(), outcome, List.of(), List.of(), List.of(), List.of(), notes);
        }
        Date cut = Date.valueOf(run.hasHoldout() ? run.calibrationEnd() : run.holdoutEnd());
        List<Touchpoint> overall = new ArrayList<>();
        Map<String, List<Touchpoint>> seg = new TreeMap<>();
        store.query(SQL, rs -> {
            String s = rs.getString(1);
            double n = rs.getLong(3);
            double equity = rs.getDouble(4);
            double[] sr = new double[9];
            for (int k = 0; k < 9; k++) {
                sr[k] = rs.getDouble(6 + k);
            }
            double[] su = new double[5];
            double[] sv = new double[5];
            for (int k = 0; k < 5; k++) {
                su[k] = rs.getDouble(15 + k);
                sv[k] = rs.getDouble(20 + k);
            }
            double br = standardisedBeta(n, sr, su);
            double bs = standardisedBeta(n, sr, sv);
            double ir = Double.isNaN(br) ? 0 : br * equity;
            double is = Double.isNaN(bs) ? 0 : bs * equity;
            Touchpoint t = new Touchpoint(rs.getString(2), (long) n, rs.getDouble(5), equity, br, bs, ir, is, ir + is);
            if (s == null) {
                overall.add(t);
            } else {
                seg.computeIfAbsent(s, k -> new ArrayList<>()).add(t);
            }
            return null;
        }, cut, cut, run.hasHoldout(), run.hasHoldout(), run.hasHoldout());
        Comparator<Touchpoint> byImpact = Comparator.comparingDouble(Touchpoint::impact).reversed();
        overall.sort(byImpact);
        List<String> byRetention = overall.stream().sorted(Comparator.comparingDouble(Touchpoint::retentionImpact).reversed())
                .map(Touchpoint::touchpoint).toList();
        List<String> bySpend = overall.stream().sorted(Comparator.comparingDouble(Touchpoint::spendImpact).reversed())
                .map(Touchpoint::touchpoint).toList();
        List<SegmentMoments> bySegment = new ArrayList<>();
        seg.forEach((k, v) -> {
            v.sort(byImpact);
            bySegment.add(new SegmentMoments(k, v));
        });
        if (overall.isEmpty()) {
            notes.add("no rated interaction up to " + cut + ": no moments of value");
        }
        return new Result(run.runId(), outcome, overall, byRetention, bySpend, bySegment, notes);
    }
}
