package org.rapport.analytics.groups;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.rapport.analytics.RunContext;

/** The SQL of {@link RelationshipGroups}: projected relationship lengths per distinct (x, T), then the groups. */
final class GroupTables {
    private GroupTables() {
    }

    /**
     * Writes the temporary table {@code a_rel_len(x, t, months)}: the expected months alive within the CLV
     * horizon of a live customer, once per distinct (x, T) of the scores (a few thousand at most on a
     * daily grid, far fewer than customers).
     */
    static void lengths(Connection c, RunContext run) throws SQLException {
        List<double[]> xt = new ArrayList<>();
        try (Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT DISTINCT x, t FROM customer_scores")) {
            while (rs.next()) {
                xt.add(new double[] {rs.getDouble(1), rs.getDouble(2)});
            }
        }
        double perMonth = run.periodLength();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE OR REPLACE TEMPORARY TABLE a_rel_len (x INTEGER, t DOUBLE, months DOUBLE)");
        }
        try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender("temp", "main", "a_rel_len")) {
            for (double[] r : xt) {
                a.beginRow();
                a.append((int) r[0]);
                a.append(r[1]);
                a.append(GroupRule.months(run.purchaseModel(), r[0], r[1], run.clvMonths(), perMonth));
                a.endRow();
            }
        }
    }

    /** Fills {@code customer_groups} from the scores, the lengths and the wallets. */
    static void fill(Connection f, double clvT, double loyT, double headT) throws SQLException {
        try (var ps = f.prepareStatement("INSERT INTO customer_groups " + GroupRule.SELECT + " ORDER BY customer_id")) {
            ps.setDouble(1, clvT);
            ps.setDouble(2, loyT);
            ps.setDouble(3, loyT);
            ps.setDouble(4, clvT);
            ps.setDouble(5, loyT);
            ps.setDouble(6, Double.isNaN(headT) ? 0 : headT);
            ps.executeUpdate();
        }
    }
}
