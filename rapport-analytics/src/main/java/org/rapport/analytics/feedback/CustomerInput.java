package org.rapport.analytics.feedback;

import java.util.ArrayList;
import java.util.List;
import org.rapport.analytics.AnalyticsOptions;
import org.rapport.analytics.RunContext;
import org.rapport.analytics.Segments;
import org.rapport.store.RapportStore;

/**
 * Customer input to R&amp;D: feedback and feature requests by segment and topic, weighted by the equity of
 * the customers asking. A topic's weight is the CLV summed over the distinct customers who raised it
 * (each customer counts once per topic however often they wrote), so R&amp;D hears the valuable
 * customers first rather than the loudest.
 */
public final class CustomerInput {
    /** Example texts kept per topic. */
    public static final int EXAMPLES = 3;

    private CustomerInput() {
    }

    /**
     * One topic in one segment.
     *
     * @param segment the segment ({@code all} for every customer)
     * @param topic the topic
     * @param items feedback items
     * @param customers distinct customers
     * @param equity their CLV summed
     * @param equityShare share of the segment's feedback equity
     * @param averageRating mean rating (NaN when none)
     * @param examples up to {@value #EXAMPLES} distinct texts, most frequent first
     */
    public record Topic(String segment, String topic, long items, long customers, double equity, double equityShare,
                        double averageRating, List<String> examples) {
    }

    /**
     * The result, stored as analysis {@code feedback}.
     *
     * @param runId the run
     * @param items feedback items
     * @param overall topics over all customers, by equity
     * @param bySegment topics per segment, by segment then equity
     * @param notes what the data lacked
     */
    public record Result(long runId, long items, List<Topic> overall, List<Topic> bySegment, List<String> notes) {
    }

    /**
     * Aggregates the feedback.
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
        if (!RunContext.hasRows(store, "feedback")) {
            notes.add("no feedback loaded (rapport ingest feedback FILE): no customer input");
            return new Result(run.runId(), 0, List.of(), List.of(), notes);
        }
        long items = store.queryLong("SELECT count(*) FROM feedback");
        List<Topic> all = store.query("""
                WITH f AS (SELECT f.customer_id, coalesce(f.topic, '(none)') AS topic, f.text, f.rating,
                                  coalesce(g.segment, 'unscored') AS segment
                           FROM feedback f LEFT JOIN a_segment g USING (customer_id)),
                cu AS (SELECT DISTINCT segment, topic, customer_id FROM f),
                eq AS (SELECT cu.segment, cu.topic, count(*) AS customers, coalesce(sum(c.clv), 0) AS equity
                       FROM cu LEFT JOIN customer_scores c USING (customer_id) GROUP BY GROUPING SETS ((cu.topic), (cu.segment, cu.topic))),
                tx AS (SELECT segment, topic, text, count(*) AS n FROM f WHERE text IS NOT NULL
                       GROUP BY GROUPING SETS ((topic, text), (segment, topic, text))),
                ex AS (SELECT segment, topic, list(text ORDER BY n DESC, text)[1:?] AS examples FROM tx GROUP BY segment, topic),
                it AS (SELECT segment, topic, count(*) AS items, avg(rating) AS rating FROM f
                       GROUP BY GROUPING SETS ((topic), (segment, topic)))
                SELECT it.segment, it.topic, it.items, eq.customers, eq.equity,
                       eq.equity / sum(eq.equity) OVER (PARTITION BY it.segment), it.rating, ex.examples
                FROM it JOIN eq ON eq.topic = it.topic AND eq.segment IS NOT DISTINCT FROM it.segment
                LEFT JOIN ex ON ex.topic = it.topic AND ex.segment IS NOT DISTINCT FROM it.segment
                ORDER BY it.segment NULLS FIRST, eq.equity DESC, it.topic""", rs -> {
            double rating = rs.getDouble(7);
            boolean noRating = rs.wasNull();
            java.sql.Array a = rs.getArray(8);
            List<String> examples = new ArrayList<>();
            if (a != null) {
                for (Object t : (Object[]) a.getArray()) {
                    examples.add(String.valueOf(t));
                }
            }
            String s = rs.getString(1);
            return new Topic(s, rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getDouble(5),
                    rs.getDouble(6), noRating ? Double.NaN : rating, examples);
        }, EXAMPLES);
        List<Topic> overall = new ArrayList<>();
        List<Topic> bySegment = new ArrayList<>();
        for (Topic t : all) {
            if (t.segment() == null) {
                overall.add(new Topic(Segments.ALL, t.topic(), t.items(), t.customers(), t.equity(), t.equityShare(),
                        t.averageRating(), t.examples()));
            } else {
                bySegment.add(t);
            }
        }
        return new Result(run.runId(), items, overall, segmented ? bySegment : List.of(), notes);
    }
}
