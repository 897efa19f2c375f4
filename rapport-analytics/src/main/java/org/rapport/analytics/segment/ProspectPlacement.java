package org.rapport.analytics.segment;

import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.store.RapportStore;

/**
 * Places prospects in the customers' discovered segments with the same look-alike model that places the
 * unsurveyed customers ({@link LookAlikeModel}), from what is known about a prospect: its acquisition
 * channel ({@code prospects.channel}, the customers' {@code acquisition_channel}) and region. The model's
 * other blocks are unknown for a prospect and drop out of its posterior, so a prospect's probabilities
 * are P(segment | channel, region). Written to {@code prospect_segment}, one row per (prospect, segment);
 * customer equity splits the prospects' potential equity over the segments by these probabilities.
 */
final class ProspectPlacement {
    private ProspectPlacement() {
    }

    /**
     * Rewrites {@code prospect_segment}.
     *
     * @param store the store
     * @param frame the customers the discovery ran on
     * @param d the discovery (its model when it placed unsurveyed customers; else a model is fitted on every
     *          customer's cluster)
     * @return prospects placed
     */
    static long place(RapportStore store, CustomerFrame frame, SegmentDiscovery.Result d) {
        if (!CustomerFrame.hasRows(store, "prospects")) {
            store.update("DELETE FROM prospect_segment");
            return 0;
        }
        LookAlikeModel m = d.lookAlike() != null ? d.lookAlike().model() : supervised(frame, d);
        List<String> names = d.clusters().stream().map(SegmentDiscovery.Cluster::name).toList();
        List<String[]> prospects = store.query("SELECT DISTINCT prospect_id, channel, region FROM prospects ORDER BY 1",
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        List<String> ids = new ArrayList<>();
        List<String> segs = new ArrayList<>();
        List<Double> probs = new ArrayList<>();
        for (String[] p : prospects) {
            java.util.HashMap<String, String> known = new java.util.HashMap<>();
            known.put(LookAlikeData.ACQUISITION_CHANNEL, p[1]);
            known.put(LookAlikeData.REGION, p[2]);
            double[] post = m.posterior(known);
            for (int c = 0; c < post.length; c++) {
                ids.add(p[0]);
                segs.add(names.get(c));
                probs.add(post[c]);
            }
        }
        store.inTransaction(c -> {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("DELETE FROM prospect_segment");
            }
            try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender("main", "prospect_segment")) {
                for (int i = 0; i < ids.size(); i++) {
                    a.beginRow().append(ids.get(i)).append(segs.get(i)).append(probs.get(i)).endRow();
                }
            }
            return null;
        });
        return prospects.size();
    }

    /** Every customer's cluster as the label (a full survey: nobody was placed by look-alike). */
    private static LookAlikeModel supervised(CustomerFrame frame, SegmentDiscovery.Result d) {
        LookAlikeData data = LookAlikeData.of(frame);
        int k = d.k();
        int n = frame.size();
        int[] rows = java.util.stream.IntStream.range(0, n).toArray();
        double[] w = new double[n * k];
        for (int i = 0; i < n; i++) {
            w[i * k + d.labels()[i]] = 1;
        }
        return LookAlikeModel.fit(data, k, rows, w, null, 1);
    }
}
