package org.rapport.store;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one query API over the store, whoever holds the connection: the batch job's {@link RapportStore}
 * (one connection, one thread) and the server's {@link ConnectionPool} (several threads) both implement
 * it, so the shared queries ({@link org.rapport.store.query.Runs}, {@link org.rapport.store.query.StoredResults})
 * are written once. SQL text is a constant of the calling code; every value is bound.
 */
public interface Queries {
    /**
     * @param sql a constant SQL text with {@code ?} placeholders
     * @param mapper maps one row
     * @param params the values for the placeholders, bound in order
     * @param <T> the row type
     * @return the rows in result order
     */
    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params);

    /**
     * @param sql a constant SQL text with {@code ?} placeholders
     * @param mapper maps one row
     * @param params the values for the placeholders
     * @param <T> the row type
     * @return the first row, or empty when there is none (or when the mapper returns null)
     */
    <T> Optional<T> queryFirst(String sql, RowMapper<T> mapper, Object... params);

    /**
     * Runs a query whose first column of the first row is a number, e.g. {@code SELECT count(*) ...}.
     *
     * @param sql a constant SQL text with {@code ?} placeholders
     * @param params the values for the placeholders
     * @return the number; 0 when the value is SQL {@code NULL}
     * @throws StoreException if the query returns no row
     */
    default long queryLong(String sql, Object... params) {
        return queryFirst(sql, rs -> rs.getLong(1), params)
                .orElseThrow(() -> new StoreException(StoreException.QUERY_FAILED, "no row from " + sql));
    }

    /**
     * @param sql an {@code INSERT}, {@code UPDATE}, {@code DELETE} or DDL statement, constant text
     * @param params the values for the placeholders
     * @return the number of rows changed (0 for DDL)
     */
    long update(String sql, Object... params);

    /**
     * @param sql a constant SQL text with {@code ?} placeholders
     * @param params the values for the placeholders
     * @return every row as a map from column label to a JSON-friendly value ({@link #row})
     */
    default List<Map<String, Object>> rows(String sql, Object... params) {
        return query(sql, Queries::row, params);
    }

    /**
     * @param table a table name (lower case)
     * @return whether the table exists in the main schema
     */
    default boolean tableExists(String table) {
        return queryLong("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?",
                table) > 0;
    }

    /**
     * @param table a table name
     * @return whether the table exists and holds at least one row
     */
    default boolean hasRows(String table) {
        // The name was just found in information_schema, so it is a real table; it is quoted as an identifier.
        return tableExists(table) && queryFirst("SELECT 1 FROM " + Sql.ident(table) + " LIMIT 1", rs -> 1).isPresent();
    }

    /**
     * One row as a map from column label to value, with dates and timestamps as ISO text and big
     * numbers as doubles, ready for JSON.
     *
     * @param rs a result set positioned on a row
     * @return the row
     * @throws SQLException when a column cannot be read
     */
    static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            if (v instanceof Timestamp t) {
                v = t.toLocalDateTime().toString();
            } else if (v instanceof Date d) {
                v = d.toLocalDate().toString();
            } else if (v instanceof java.time.temporal.Temporal) {
                v = v.toString();
            } else if (v instanceof java.math.BigInteger || v instanceof java.math.BigDecimal) {
                v = ((Number) v).doubleValue();
            }
            m.put(md.getColumnLabel(i), v);
        }
        return m;
    }
}
