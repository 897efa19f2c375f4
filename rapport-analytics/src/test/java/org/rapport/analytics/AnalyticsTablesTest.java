package org.rapport.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapport.analytics.schema.AnalyticsTables;
import org.rapport.store.RapportStore;

/** A rewritten table is the table the migration created: same columns, types, nullability and key. */
class AnalyticsTablesTest {
    static List<String> shape(RapportStore s, String table) {
        List<String> cols = s.query("""
                SELECT column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns
                WHERE table_name = ? ORDER BY ordinal_position""", rs -> rs.getString(1), table);
        List<String> keys = s.query("""
                SELECT constraint_type || ' ' || array_to_string(constraint_column_names, ',') FROM duckdb_constraints()
                WHERE table_name = ? ORDER BY 1""", rs -> rs.getString(1), table);
        return java.util.stream.Stream.concat(cols.stream(), keys.stream()).toList();
    }

    @Test
    void recreatedTablesMatchTheMigration() {
        try (RapportStore s = RapportStore.inMemory()) {
            for (String[] t : new String[][] {{"customer_groups", AnalyticsTables.CUSTOMER_GROUPS},
                {"customer_wallet", AnalyticsTables.CUSTOMER_WALLET}}) {
                List<String> migrated = shape(s, t[0]);
                assertThat(migrated).anyMatch(x -> x.startsWith("PRIMARY KEY customer_id"));
                s.inTransaction(c -> {
                    AnalyticsTables.recreate(c, t[1]);
                    return null;
                });
                assertThat(shape(s, t[0])).isEqualTo(migrated);
                s.inTransaction(c -> {
                    AnalyticsTables.refill(c, t[1], f -> {
                        try (var st = f.createStatement()) {
                            st.executeUpdate("INSERT INTO " + t[0] + " (customer_id, " + (t[0].equals("customer_groups")
                                    ? "relationship_group) VALUES ('a', 'barnacle'), ('b', 'stranger')" : "wallet) VALUES ('a', 1), ('b', 2)"));
                        }
                    });
                    return null;
                });
                assertThat(shape(s, t[0])).isEqualTo(migrated);
                assertThat(s.queryLong("SELECT count(*) FROM " + t[0])).isEqualTo(2);
            }
        }
    }

    @Test
    void refillRefusesADuplicateCustomerAndKeepsTheOldTable() {
        try (RapportStore s = RapportStore.inMemory()) {
            s.update("INSERT INTO customer_wallet (customer_id, wallet) VALUES ('old', 1)");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.inTransaction(c -> {
                AnalyticsTables.refill(c, AnalyticsTables.CUSTOMER_WALLET, f -> {
                    try (var st = f.createStatement()) {
                        st.executeUpdate("INSERT INTO customer_wallet (customer_id, wallet) VALUES ('a', 1), ('a', 2)");
                    }
                });
                return null;
            })).isInstanceOf(org.rapport.store.StoreException.class);
            assertThat(s.query("SELECT customer_id FROM customer_wallet", rs -> rs.getString(1))).containsExactly("old");
        }
    }
}
