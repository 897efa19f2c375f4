package org.rapport.analytics;

import org.rapport.store.RapportStore;

/**
 * The purchase lines with their product's brand, category and margin, materialised once as the
 * temporary table {@code a_lines(customer_id, ord, ts, amount, brand, category, margin_rate)} on the
 * store's connection: {@code purchase_lines} is a view that nets returns over every transaction line,
 * and equity and brands read it several times. {@link Analytics} refreshes it before the analyses and
 * drops it after; a direct caller of an analysis gets it created on first use.
 */
public final class Lines {
    private static final String CREATE = """
            TEMP TABLE a_lines AS
            SELECT l.customer_id, coalesce(l.order_id, CAST(l.order_day AS VARCHAR)) AS ord, l.ts, l.amount,
                   p.brand, p.category, p.margin_rate
            FROM purchase_lines l JOIN products p USING (product_id)""";

    private Lines() {
    }

    /** @param store the store; (re)creates a_lines from the current data */
    public static void refresh(RapportStore store) {
        store.update("CREATE OR REPLACE " + CREATE);
    }

    /** @param store the store; creates a_lines unless this connection has it */
    public static void ensure(RapportStore store) {
        store.update("CREATE " + CREATE.replace("TEMP TABLE a_lines", "TEMP TABLE IF NOT EXISTS a_lines"));
    }

    /** @param store the store; drops a_lines */
    public static void drop(RapportStore store) {
        store.update("DROP TABLE IF EXISTS a_lines");
    }
}
