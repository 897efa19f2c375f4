package org.rapport.analytics;

import org.rapport.store.RapportStore;

/**
 * Every scored customer's segment for the breakdowns: {@code customer_segment} (written by the
 * segments analysis) when it exists and has rows, else one segment {@code all}. Exposed to SQL as the
 * temporary view {@code a_segment(customer_id, segment)} on the store's connection, so the queries of
 * the analyses stay fixed text whichever source applies.
 */
public final class Segments {
    /** The segment of everyone when no segments are defined. */
    public static final String ALL = "all";
    /** The segment of a scored customer missing from customer_segment. */
    public static final String UNASSIGNED = "unassigned";
    /** The note when no segments are defined. */
    public static final String NO_SEGMENTS = "no segments defined yet (run rapport segments discover): one segment 'all'";

    private Segments() {
    }

    /**
     * Creates or replaces the view {@code a_segment}.
     *
     * @param store the store
     * @return true when the segments come from customer_segment, false for the single 'all'
     */
    public static boolean prepare(RapportStore store) {
        boolean defined = RunContext.hasRows(store, "customer_segment");
        if (defined) {
            store.update("""
                    CREATE OR REPLACE TEMP VIEW a_segment AS
                    SELECT c.customer_id, coalesce(s.segment, 'unassigned') AS segment
                    FROM customer_scores c LEFT JOIN customer_segment s USING (customer_id)""");
        } else {
            store.update("CREATE OR REPLACE TEMP VIEW a_segment AS SELECT customer_id, 'all' AS segment FROM customer_scores");
        }
        return defined;
    }
}
