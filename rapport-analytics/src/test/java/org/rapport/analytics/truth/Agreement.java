package org.rapport.analytics.truth;

import org.rapport.store.RapportStore;

/** Agreement statistics computed in SQL over two label columns of one query. */
public final class Agreement {
    private Agreement() {
    }

    /**
     * Cohen's κ = (p_o − p_e) / (1 − p_e) between two labellings.
     *
     * @param store the store
     * @param pairs a fixed query returning (a, b) label pairs, one row per item
     * @return κ
     */
    public static double kappa(RapportStore store, String pairs) {
        return store.queryFirst("WITH p AS (" + pairs + "), n AS (SELECT count(*) AS n FROM p),"
                + " o AS (SELECT avg(CASE WHEN a = b THEN 1.0 ELSE 0.0 END) AS po FROM p),"
                + " ma AS (SELECT a AS k, count(*) AS c FROM p GROUP BY 1), mb AS (SELECT b AS k, count(*) AS c FROM p GROUP BY 1),"
                + " e AS (SELECT coalesce(sum(ma.c * mb.c), 0) / (SELECT n * n FROM n) AS pe FROM ma JOIN mb USING (k))"
                + " SELECT (po - pe) / (1 - pe) FROM o, e", rs -> rs.getDouble(1)).orElseThrow();
    }
}
