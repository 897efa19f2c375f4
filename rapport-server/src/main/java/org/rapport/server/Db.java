package org.rapport.server;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.rapport.store.RapportStore;
import org.rapport.store.RowMapper;
import org.rapport.store.Sql;
import org.rapport.store.StoreException;

/**
 * A small pool of DuckDB connections to the server's store, one borrowed per query: a DuckDB
 * connection is not thread-safe, the store's own connection belongs to the job thread. Every value is
 * bound ({@link Sql#bind}); SQL text is a constant of this module.
 */
public final class Db implements AutoCloseable {
    private final RapportStore store;
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();

    /**
     * @param store the open store
     * @param size connections in the pool (at least 1)
     */
    public Db(RapportStore store, int size) {
        this.store = store;
        this.idle = new ArrayBlockingQueue<>(Math.max(1, size));
        for (int i = 0; i < Math.max(1, size); i++) {
            Connection c = store.newConnection();
            all.add(c);
            idle.add(c);
        }
    }

    /** @return the store the pool connects to */
    public RapportStore store() {
        return store;
    }

    /** Work on a borrowed connection. @param <T> result type */
    @FunctionalInterface
    public interface Work<T> {
        /** @param c the connection @return the result @throws SQLException on failure */
        T run(Connection c) throws SQLException;
    }

    /**
     * Borrows a connection for the work and returns it to the pool.
     *
     * @param work the work
     * @param <T> result type
     * @return the work's result
     */
    public <T> T with(Work<T> work) {
        Connection c;
        try {
            c = idle.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(e, "interrupted while waiting for a database connection");
        }
        if (c == null) {
            throw new StoreException("no database connection free for 30 s");
        }
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e, StoreException.QUERY_FAILED, StoreException.firstLine(e));
        } finally {
            idle.add(c);
        }
    }

    /**
     * @param sql constant SQL with {@code ?} placeholders
     * @param mapper maps a row
     * @param params bound values
     * @param <T> row type
     * @return all rows
     */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Sql.bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                    return out;
                }
            }
        });
    }

    /**
     * @param sql constant SQL
     * @param mapper maps a row
     * @param params bound values
     * @param <T> row type
     * @return the first row, if any
     */
    public <T> Optional<T> first(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    /**
     * @param sql constant SQL whose first column is a number
     * @param params bound values
     * @return the number of the first row, 0 if none or NULL
     */
    public long queryLong(String sql, Object... params) {
        return first(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /**
     * Rows as ordered maps column label &rarr; value (dates and times as ISO text), ready for JSON.
     *
     * @param sql constant SQL
     * @param params bound values
     * @return the rows
     */
    public List<Map<String, Object>> rows(String sql, Object... params) {
        return query(sql, Db::row, params);
    }

    /**
     * @param rs a result set on a row
     * @return that row as an ordered map (dates and times as ISO text)
     * @throws SQLException on failure
     */
    public static Map<String, Object> row(ResultSet rs) throws SQLException {
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

    /**
     * @param sql constant DML/DDL
     * @param params bound values
     * @return rows changed
     */
    public long update(String sql, Object... params) {
        return with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Sql.bind(ps, params);
                ps.execute();
                return Math.max(ps.getLargeUpdateCount(), 0);
            }
        });
    }

    /**
     * @param table a table name in the main schema
     * @return whether it exists (the tables of other modules may not, yet)
     */
    public boolean tableExists(String table) {
        long now = System.nanoTime();
        Known k = known.get(table);
        if (k != null && now - k.at < TABLE_TTL_NANOS) {
            return k.exists;
        }
        boolean exists = queryLong("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?",
                table) > 0;
        known.put(table, new Known(exists, now));
        return exists;
    }

    /**
     * @param table a table name in the main schema
     * @return whether it exists and holds at least one row: the derived tables exist from the first
     *     open (migrations) but say nothing until an analysis filled them
     */
    public boolean hasRows(String table) {
        if (!tableExists(table)) {
            return false;
        }
        long now = System.nanoTime();
        Known k = filled.get(table);
        if (k != null && now - k.at < TABLE_TTL_NANOS) {
            return k.exists;
        }
        // The name was just found in information_schema, so it is a real table, quoted as an identifier.
        boolean rows = queryLong("SELECT count(*) FROM (SELECT 1 FROM \"" + table.replace("\"", "\"\"") + "\" LIMIT 1)") > 0;
        filled.put(table, new Known(rows, now));
        return rows;
    }

    /** Forgets which tables exist (after a job created some); they are looked up again on next use. */
    public void forgetTables() {
        known.clear();
        filled.clear();
    }

    /** How long the answer of {@link #tableExists} is kept: tables of other modules appear within this. */
    private static final long TABLE_TTL_NANOS = 2_000_000_000L;

    private record Known(boolean exists, long at) {
    }

    private final java.util.concurrent.ConcurrentHashMap<String, Known> known = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Known> filled = new java.util.concurrent.ConcurrentHashMap<>();

    /** Closes every connection of the pool. */
    @Override
    public void close() {
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing at shutdown: nothing more to do
            }
        }
    }
}
