package org.rapport.analytics.equity;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.analytics.RunContext;
import org.rapport.store.RapportStore;

/**
 * The prospects' side of customer equity ({@link CustomerEquity}): their count, expected acquisitions and
 * acquisition cost, and their value a (CLV_new) − a c by acquisition channel and by the customers'
 * segments (split by the look-alike probabilities of {@code prospect_segment}).
 */
final class ProspectEquity {
    private ProspectEquity() {
    }

    /**
     * @param bySegment segment → (expected prospects, value)
     * @param byChannel channel → (prospects, value)
     * @param prospects prospects
     * @param acquired expected acquisitions, Σ a
     * @param cost expected acquisition cost, Σ a c
     */
    record Potential(Map<String, double[]> bySegment, Map<String, double[]> byChannel, double prospects, double acquired,
                     double cost) {
    }

    /**
     * @param store the store
     * @param clvNew the value of a new customer
     * @param notes receives what the data lack
     * @return the prospects' figures
     */
    static Potential of(RapportStore store, double clvNew, List<String> notes) {
        Map<String, double[]> pSeg = new TreeMap<>();
        Map<String, double[]> pChan = new TreeMap<>();
        double prospects = 0;
        double acquired = 0;
        double cost = 0;
        if (RunContext.hasRows(store, "prospects")) {
            List<Object[]> rows = store.query("""
                    SELECT coalesce(segment, 'unknown'), coalesce(channel, 'unknown'), count(*),
                           sum(coalesce(acquisition_probability, 0)),
                           sum(coalesce(acquisition_probability, 0) * coalesce(acquisition_cost, 0)),
                           count(*) FILTER (WHERE acquisition_probability IS NULL)
                    FROM prospects GROUP BY 1, 2""", rs -> new Object[] {rs.getString(1), rs.getString(2),
                    rs.getLong(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6)});
            long noProb = 0;
            for (Object[] r : rows) {
                long n = (Long) r[2];
                double a = (Double) r[3];
                double c = (Double) r[4];
                double value = a * clvNew - c;
                prospects += n;
                acquired += a;
                cost += c;
                noProb += (Long) r[5];
                add(pChan, (String) r[1], n, value);
            }
            if (noProb > 0) {
                notes.add(String.format(Locale.ROOT, "%,d prospects have no acquisition probability: counted as 0", noProb));
            }
            bySegment(store, clvNew, pSeg, notes);
        } else {
            notes.add("no prospects loaded (rapport ingest prospects FILE): potential equity is 0");
        }
        return new Potential(pSeg, pChan, prospects, acquired, cost);
    }

    /**
     * The prospects' potential equity by the customers' segments: each prospect's value a(CLV_new) - a c is
     * split over the segments by its look-alike probabilities ({@code prospect_segment}, written when the
     * segments are discovered), so prospects and customers share one set of segment names; prospects not
     * placed yet are counted under {@code unplaced}. The counts are expected numbers of prospects, rounded.
     */
    private static void bySegment(RapportStore store, double clvNew, Map<String, double[]> pSeg, List<String> notes) {
        store.query("""
                SELECT coalesce(s.segment, 'unplaced'), sum(coalesce(s.probability, 1)),
                       sum(coalesce(s.probability, 1) * coalesce(p.acquisition_probability, 0)),
                       sum(coalesce(s.probability, 1) * coalesce(p.acquisition_probability, 0) * coalesce(p.acquisition_cost, 0))
                FROM prospects p LEFT JOIN prospect_segment s USING (prospect_id) GROUP BY 1""", rs -> {
            double[] v = pSeg.computeIfAbsent(rs.getString(1), k -> new double[2]);
            v[0] += Math.round(rs.getDouble(2));
            v[1] += rs.getDouble(3) * clvNew - rs.getDouble(4);
            return null;
        });
        if (pSeg.containsKey("unplaced")) {
            notes.add(String.format(Locale.ROOT, "%,.0f prospects are not placed in a segment yet (they are placed by the look-alike"
                    + " model when the segments are discovered: rapport segments discover)", pSeg.get("unplaced")[0]));
        }
    }

    private static void add(Map<String, double[]> m, String key, long n, double value) {
        double[] v = m.computeIfAbsent(key, k -> new double[2]);
        v[0] += n;
        v[1] += value;
    }
}
