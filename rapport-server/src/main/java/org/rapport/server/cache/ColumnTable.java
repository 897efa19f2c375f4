package org.rapport.server.cache;

import org.rapport.store.ConnectionPool;
import org.rapport.store.Queries;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
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
    private final Column[] columns;
    private final int rows;
    private final int[] first;
    private final int[] count;

    private ColumnTable(String[] labels, Column[] columns, int rows, int[] first, int[] count) {
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
                Column[] cols = new Column[n - 1];
                for (int j = 2; j <= n; j++) {
                    labels[j - 2] = md.getColumnLabel(j);
                    cols[j - 2] = Column.of(md.getColumnType(j));
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
                for (Column col : cols) {
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
        for (Column col : columns) {
            b += col.bytes();
        }
        return b;
    }

    /** One typed column. */
    private abstract static class Column {
        final BitSet nulls = new BitSet();

        static Column of(int sqlType) {
            return switch (sqlType) {
                case Types.BOOLEAN, Types.BIT -> new Bools();
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> new Ints();
                case Types.BIGINT -> new Longs();
                case Types.REAL, Types.FLOAT -> new Floats();
                case Types.DOUBLE, Types.DECIMAL, Types.NUMERIC -> new Doubles();
                case Types.DATE -> new Dates();
                case Types.TIMESTAMP -> new Timestamps();
                default -> new Strings();
            };
        }

        abstract void read(ResultSet rs, int j, int row) throws SQLException;

        abstract Object value(int row);

        abstract void trim(int rows);

        abstract long bytes();

        final Object get(int row) {
            return nulls.get(row) ? null : value(row);
        }

        static int grow(int length) {
            return Math.max(1024, length + (length >> 1));
        }
    }

    private static final class Bools extends Column {
        private boolean[] v = new boolean[0];

        @Override
        void read(ResultSet rs, int j, int row) throws SQLException {
            if (row == v.length) {
                v = Arrays.copyOf(v, grow(v.length));
            }
            v[row] = rs.getBoolean(j);
            nulls.set(row, rs.wasNull());
        }

        @Override
        Object value(int row) {
            return v[row];
        }

        @Override
        void trim(int rows) {
            v = Arrays.copyOf(v, rows);
        }

        @Override
        long bytes() {
            return v.length;
        }
    }

    /** Whole numbers in an {@code int[]}; {@link Dates} keeps epoch days in the same way. */
    private static class Ints extends Column {
        int[] v = new int[0];

        @Override
        void read(ResultSet rs, int j, int row) throws SQLException {
            if (row == v.length) {
                v = Arrays.copyOf(v, grow(v.length));
            }
            v[row] = readInt(rs, j, row);
        }

        int readInt(ResultSet rs, int j, int row) throws SQLException {
            int x = rs.getInt(j);
            nulls.set(row, rs.wasNull());
            return x;
        }

        @Override
        Object value(int row) {
            return v[row];
        }

        @Override
        void trim(int rows) {
            v = Arrays.copyOf(v, rows);
        }

        @Override
        long bytes() {
            return 4L * v.length;
        }
    }

    /** Long numbers in a {@code long[]}; {@link Timestamps} keeps epoch microseconds in the same way. */
    private static class Longs extends Column {
        long[] v = new long[0];

        @Override
        void read(ResultSet rs, int j, int row) throws SQLException {
            if (row == v.length) {
                v = Arrays.copyOf(v, grow(v.length));
            }
            v[row] = readLong(rs, j, row);
        }

        long readLong(ResultSet rs, int j, int row) throws SQLException {
            long x = rs.getLong(j);
            nulls.set(row, rs.wasNull());
            return x;
        }

        @Override
        Object value(int row) {
            return v[row];
        }

        @Override
        void trim(int rows) {
            v = Arrays.copyOf(v, rows);
        }

        @Override
        long bytes() {
            return 8L * v.length;
        }
    }

    private static final class Floats extends Column {
        private float[] v = new float[0];

        @Override
        void read(ResultSet rs, int j, int row) throws SQLException {
            if (row == v.length) {
                v = Arrays.copyOf(v, grow(v.length));
            }
            v[row] = rs.getFloat(j);
            nulls.set(row, rs.wasNull());
        }

        @Override
        Object value(int row) {
            return v[row];
        }

        @Override
        void trim(int rows) {
            v = Arrays.copyOf(v, rows);
        }

        @Override
        long bytes() {
            return 4L * v.length;
        }
    }

    private static final class Doubles extends Column {
        private double[] v = new double[0];

        @Override
        void read(ResultSet rs, int j, int row) throws SQLException {
            if (row == v.length) {
                v = Arrays.copyOf(v, grow(v.length));
            }
            v[row] = rs.getDouble(j);
            nulls.set(row, rs.wasNull());
        }

        @Override
        Object value(int row) {
            return v[row];
        }

        @Override
        void trim(int rows) {
            v = Arrays.copyOf(v, rows);
        }

        @Override
        long bytes() {
            return 8L * v.length;
        }
    }

    private static final class Dates extends Ints {
        @Override
        int readInt(ResultSet rs, int j, int row) throws SQLException {
            Date d = rs.getDate(j);
            nulls.set(row, d == null);
            return d == null ? 0 : (int) d.toLocalDate().toEpochDay();
        }

        @Override
        Object value(int row) {
            return LocalDate.ofEpochDay(v[row]).toString();
        }
    }

    private static final class Timestamps extends Longs {
        private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

        @Override
        long readLong(ResultSet rs, int j, int row) throws SQLException {
            Timestamp t = rs.getTimestamp(j);
            nulls.set(row, t == null);
            return t == null ? 0 : ChronoUnit.MICROS.between(EPOCH, t.toLocalDateTime());
        }

        @Override
        Object value(int row) {
            // As DuckDB writes a timestamp as text: 2023-03-05 14:30:00, fractions of a second trimmed.
            long us = v[row];
            LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(us, 1_000_000L), 0, ZoneOffset.UTC);
            StringBuilder b = new StringBuilder(26).append(t.toLocalDate()).append(' ');
            two(b, t.getHour()).append(':');
            two(b, t.getMinute()).append(':');
            two(b, t.getSecond());
            int micros = (int) Math.floorMod(us, 1_000_000L);
            if (micros != 0) {
                String f = String.format(java.util.Locale.ROOT, "%06d", micros).replaceAll("0+$", "");
                b.append('.').append(f);
            }
            return b.toString();
        }

        private static StringBuilder two(StringBuilder b, int v) {
            return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
        }
    }

    /** Text: each distinct value once in a pool, a number per row. */
    private static final class Strings extends Column {
        private final StringPool pool = new StringPool();
        private Map<String, Integer> distinct = new HashMap<>();
        private int[] v = new int[0];

        @Override
        void read(ResultSet rs, int j, int row) throws SQLException {
            if (row == v.length) {
                v = Arrays.copyOf(v, grow(v.length));
            }
            String s = rs.getString(j);
            nulls.set(row, s == null);
            v[row] = s == null ? -1 : distinct.computeIfAbsent(s, pool::add);
        }

        @Override
        Object value(int row) {
            return pool.get(v[row]);
        }

        @Override
        void trim(int rows) {
            v = Arrays.copyOf(v, rows);
            pool.trim();
            distinct = null; // only needed while loading
        }

        @Override
        long bytes() {
            return 4L * v.length + pool.bytes();
        }
    }
}
