package org.rapport.analytics.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Rewrites the per-customer tables of the analytics. A rewrite drops and re-creates the table inside
 * the caller's transaction instead of deleting its rows: DuckDB re-inserting a million primary keys that
 * the same transaction deleted is two orders of magnitude slower than filling a fresh table (measured:
 * 4 minutes against seconds on a million customers). The definitions below are those of migration
 * {@code analytics} V001 ({@code V001__analytics.sql}); a later migration that changes a table must
 * change its definition here too (AnalyticsTablesTest compares the two).
 */
public final class AnalyticsTables {
    /** {@code customer_groups}, as created by V001. */
    public static final String CUSTOMER_GROUPS = """
            CREATE TABLE customer_groups (
                customer_id VARCHAR PRIMARY KEY,
                relationship_group VARCHAR NOT NULL,
                barnacle_action VARCHAR,
                clv DOUBLE,
                loyalty DOUBLE
            )""";

    /** {@code customer_wallet}, as created by V001. */
    public static final String CUSTOMER_WALLET = """
            CREATE TABLE customer_wallet (
                customer_id VARCHAR PRIMARY KEY,
                wallet DOUBLE,
                wallet_source VARCHAR,
                yearly_spend DOUBLE,
                share_of_wallet DOUBLE,
                headroom DOUBLE
            )""";

    private AnalyticsTables() {
    }

    /**
     * Drops and re-creates a table, empty, in the connection's current transaction.
     *
     * @param c the connection
     * @param ddl {@link #CUSTOMER_GROUPS} or {@link #CUSTOMER_WALLET}
     * @throws SQLException if the store fails
     */
    public static void recreate(Connection c, String ddl) throws SQLException {
        String table = ddl == CUSTOMER_GROUPS ? "customer_groups" : ddl == CUSTOMER_WALLET ? "customer_wallet" : null;
        if (table == null) {
            throw new IllegalArgumentException("not an analytics table definition");
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DROP TABLE IF EXISTS " + table);
            st.executeUpdate(ddl);
        }
    }
}
