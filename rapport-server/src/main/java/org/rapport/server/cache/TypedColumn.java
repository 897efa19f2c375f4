package org.rapport.server.cache;

import java.sql.Date;
import java.sql.ResultSet;
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
import java.util.Map;

/** One typed column of a {@link ColumnTable}: values in a primitive array or a string pool, nulls in a bit set. */
abstract class TypedColumn {
    final BitSet nulls = new BitSet();

    static TypedColumn of(int sqlType) {
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

    static final class Bools extends TypedColumn {
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
    static class Ints extends TypedColumn {
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
    static class Longs extends TypedColumn {
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

    static final class Floats extends TypedColumn {
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

    static final class Doubles extends TypedColumn {
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

    static final class Dates extends Ints {
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

    static final class Timestamps extends Longs {
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
    static final class Strings extends TypedColumn {
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
