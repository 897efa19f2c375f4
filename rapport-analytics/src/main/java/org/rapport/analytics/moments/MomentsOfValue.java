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
 * how much value passes through the touchpoint. It is an association (see docs/analytics.md). Each
 * coefficient has its classical standard error and t-test ({@link RatingEffect}); the p-values of a family
 * (all touchpoints' two effects, overall or within a segment) are Holm-adjusted, and a touchpoint neither
 * of whose effects is significant at {@value #ALPHA} family-wise is marked {@code noise}.
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
     * @param retentionStandardError standard error of &beta;<sub>R</sub> (same scale)
     * @param spendStandardError standard error of &beta;<sub>S</sub>
     * @param retentionPValue p-value of &beta;<sub>R</sub> = 0, Holm-adjusted over the family (every touchpoint's two
     *                        effects, overall or within the segment)
     * @param spendPValue p-value of &beta;<sub>S</sub> = 0, Holm-adjusted likewise
     * @param verdict {@code retention}, {@code spend}, {@code retention and spend} (the effects whose adjusted
     *                p-value is below {@value #ALPHA}) or {@code noise}
     */
    public record Touchpoint(String touchpoint, long customers, double averageRating, double equityAtStake,
                             double retentionEffect, double spendEffect, double retentionImpact, double spendImpact,
                             double impact, double retentionStandardError, double spendStandardError,
                             double retentionPValue, double spendPValue, String verdict) {
    }

    /** Family-wise error rate of the verdicts. */
    public static final double ALPHA = 0.05;

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
        return RatingEffect.of(n, sr, sy).beta();
    }

    /** A touchpoint's row before the family's Holm adjustment. */
    private record Raw(String touchpoint, long customers, double averageRating, double equity, RatingEffect r, RatingEffect s) {
    }

    /** The touchpoints of one family with Holm-adjusted p-values and verdicts, by impact. */
    private static List<Touchpoint> family(List<Raw> raws) {
        double[] p = new double[2 * raws.size()];
        for (int i = 0; i < raws.size(); i++) {
            p[2 * i] = raws.get(i).r().pValue();
            p[2 * i + 1] = raws.get(i).s().pValue();
        }
        double[] adj = RatingEffect.holm(p);
        List<Touchpoint> out = new ArrayList<>();
        for (int i = 0; i < raws.size(); i++) {
            Raw x = raws.get(i);
            double br = x.r().beta();
            double bs = x.s().beta();
            double ir = Double.isNaN(br) ? 0 : br * x.equity();
            double is = Double.isNaN(bs) ? 0 : bs * x.equity();
            boolean sr = adj[2 * i] < ALPHA;
            boolean ss = adj[2 * i + 1] < ALPHA;
            String verdict = sr && ss ? "retention and spend" : sr ? "retention" : ss ? "spend" : "noise";
            out.add(new Touchpoint(x.touchpoint(), x.customers(), x.averageRating(), x.equity(), br, bs, ir, is, ir + is,
                    x.r().standardError(), x.s().standardError(), adj[2 * i], adj[2 * i + 1], verdict));
        }
        out.sort(Comparator.comparingDouble(Touchpoint::impact).reversed());
        return out;
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
        List<Raw> overallRaw = new ArrayList<>();
        Map<String, List<Raw>> seg = new TreeMap<>();
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
            Raw t = new Raw(rs.getString(2), (long) n, rs.getDouble(5), equity, RatingEffect.of(n, sr, su), RatingEffect.of(n, sr, sv));
            if (s == null) {
                overallRaw.add(t);
            } else {
                seg.computeIfAbsent(s, k -> new ArrayList<>()).add(t);
            }
            return null;
        }, cut, cut, run.hasHoldout(), run.hasHoldout(), run.hasHoldout());
        overallRaw.sort(Comparator.comparing(Raw::touchpoint));
        List<Touchpoint> overall = family(overallRaw);
        List<String> byRetention = overall.stream().sorted(Comparator.comparingDouble(Touchpoint::retentionImpact).reversed())
                .map(Touchpoint::touchpoint).toList();
        List<String> bySpend = overall.stream().sorted(Comparator.comparingDouble(Touchpoint::spendImpact).reversed())
                .map(Touchpoint::touchpoint).toList();
        List<SegmentMoments> bySegment = new ArrayList<>();
        seg.forEach((k, v) -> {
            v.sort(Comparator.comparing(Raw::touchpoint));
            bySegment.add(new SegmentMoments(k, family(v)));
        });
        if (overall.isEmpty()) {
            notes.add("no rated interaction up to " + cut + ": no moments of value");
        }
        return new Result(run.runId(), outcome, overall, byRetention, bySpend, bySegment, notes);
    }
}
