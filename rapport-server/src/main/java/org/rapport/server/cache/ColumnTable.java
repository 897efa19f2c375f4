package org.rapport.server.cache;

import org.rapport.store.ConnectionPool;
import org.rapport.store.Queries;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A query's rows held in memory in typed columns, grouped by the key in the first column: the rows of
 * one key are found by a hash look-up and read without a query.
 *
 * <p>Values come out as {@code org.rapport.server.Queries.row} gives them (numbers boxed, dates as ISO
 * text, decimals as doubles), except timestamps, which come out as DuckDB writes them as text
 * ({@code CAST(ts AS VARCHAR)}: {@code 2023-03-05 14:30:00}), so a view built from a table answers
 * exactly as the same view built from SQL that casts its timestamps. Strings are kept once each, as UTF-8 ({@link StringPool}); numbers in
 * primitive arrays. The query must return the rows of a key together (order by the key); a key seen
 * again after another is an error, not a silent split.
 */
public final class ColumnTable {
    private final String[] labels;
    private final TypedColumn[] columns;
    private final int rows;
    private final int[] first;
    private final int[] count;

    private ColumnTable(String[] labels, TypedColumn[] columns, int rows, int[] first, int[] count) {
        this.labels = labels;
        this.columns = columns;
        this.rows = rows;
        this.first = first;
        this.count = count;
    }

    /**
     * Runs the query and copies its rows.
     *
     * @param c a connection
     * @param sql constant SQL whose first column is the key (rows with a null key are skipped), ordered by it
     * @param keys the keys' numbering; new keys are added
     * @param params bound values
     * @return the table
     * @throws SQLException on failure
     * @throws IllegalStateException if the rows of a key are not together
     */
    public static ColumnTable load(Connection c, String sql, KeyIndex keys, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                String[] labels = new String[n - 1];
                TypedColumn[] cols = new TypedColumn[n - 1];
                for (int j = 2; j <= n; j++) {
                    labels[j - 2] = md.getColumnLabel(j);
                    cols[j - 2] = TypedColumn.of(md.getColumnType(j));
                }
                int[] first = new int[Math.max(16, keys.size())];
                int[] count = new int[first.length];
                Arrays.fill(first, -1);
                int row = 0;
                int last = -1;
                while (rs.next()) {
                    String k = rs.getString(1);
                    if (k == null) {
                        continue;
                    }
                    int key = keys.add(k);
                    if (key >= first.length) {
                        int old = first.length;
                        first = Arrays.copyOf(first, Math.max(key + 1, old * 2));
                        count = Arrays.copyOf(count, first.length);
                        Arrays.fill(first, old, first.length, -1);
                    }
                    if (key != last) {
                        if (first[key] >= 0) {
                            throw new IllegalStateException("rows of key '" + k + "' are not together: the query must order by its key");
                        }
                        first[key] = row;
                        last = key;
                    }
                    count[key]++;
                    for (int j = 0; j < cols.length; j++) {
                        cols[j].read(rs, j + 2, row);
                    }
                    row++;
                }
                for (TypedColumn col : cols) {
                    col.trim(row);
                }
                return new ColumnTable(labels, cols, row, first, count);
            }
        }
    }

    /** @return the number of rows */
    public int rows() {
        return rows;
    }

    /** @param key a key number @return the number of its rows (0 if none) */
    public int rowsOf(int key) {
        return key < 0 || key >= first.length ? 0 : count[key];
    }

    /** @param key a key number @return its first row, or -1 if it has none */
    public int firstRow(int key) {
        return key < 0 || key >= first.length ? -1 : first[key];
    }

    /** @param label a column label @return its position among the value columns, or -1 */
    public int column(String label) {
        for (int j = 0; j < labels.length; j++) {
            if (labels[j].equals(label)) {
                return j;
            }
        }
        return -1;
    }

    /** @param row a row @param column a value column @return the value as {@code Queries.row} gives it, or null */
    public Object get(int row, int column) {
        return columns[column].get(row);
    }

    /** @param row a row @return its value columns as an ordered map label &rarr; value */
    public Map<String, Object> row(int row) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int j = 0; j < labels.length; j++) {
            m.put(labels[j], columns[j].get(row));
        }
        return m;
    }

    /** @return approximate bytes held */
    public long bytes() {
        long b = 8L * first.length;
        for (TypedColumn col : columns) {
            b += col.bytes();
        }
        return b;
    }
}
