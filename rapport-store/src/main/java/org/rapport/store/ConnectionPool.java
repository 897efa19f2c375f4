package org.rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of connections to one open store for many threads (the server's request threads): each
 * query borrows a connection, binds its values, maps the rows and gives the connection back. The same
 * {@link Queries} as {@link RapportStore}, so a query is written once for the batch job and the server.
 * Whether a table exists or has rows is remembered for two seconds ({@link #forgetTables} after a job).
 */
public final class ConnectionPool implements Queries, AutoCloseable {
    private static final long TABLE_TTL_NANOS = 2_000_000_000L;

    private final RapportStore store;
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Known> filled = new ConcurrentHashMap<>();

    private record Known(boolean exists, long at) {
    }

    /** Work on a borrowed connection. @param <T> its result */
    @FunctionalInterface
    public interface Work<T> {
        /** @param c the connection (do not close it) @return the result @throws SQLException on failure */
        T run(Connection c) throws SQLException;
    }

    /**
     * @param store an open store
     * @param size the number of connections (at least 1)
     */
    public ConnectionPool(RapportStore store, int size) {
        this.store = store;
        this.idle = new ArrayBlockingQueue<>(Math.max(1, size));
        for (int i = 0; i < Math.max(1, size); i++) {
            Connection c = store.newConnection();
            all.add(c);
            idle.add(c);
        }
    }

    /** @return the store the connections belong to */
    public RapportStore store() {
        return store;
    }

    /**
     * Runs work on a borrowed connection, waiting up to 30 s for a free one.
     *
     * @param work the work
     * @param <T> its result
     * @return the work's result
     * @throws StoreException when no connection is free in time or the SQL fails
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

    @Override
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

    @Override
    public <T> Optional<T> queryFirst(String sql, RowMapper<T> mapper, Object... params) {
        return with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Sql.bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.<T>empty();
                }
            }
        });
    }

    @Override
    public long update(String sql, Object... params) {
        return with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Sql.bind(ps, params);
                ps.execute();
                return Math.max(ps.getLargeUpdateCount(), 0);
            }
        });
    }

    /** Remembered for two seconds: a page asks for the same tables many times. */
    @Override
    public boolean tableExists(String table) {
        return remembered(known, table, () -> Queries.super.tableExists(table));
    }

    /** Remembered for two seconds. */
    @Override
    public boolean hasRows(String table) {
        return tableExists(table) && remembered(filled, table, () -> Queries.super.hasRows(table));
    }

    private static boolean remembered(ConcurrentHashMap<String, Known> memo, String table,
                                      java.util.function.BooleanSupplier ask) {
        long now = System.nanoTime();
        Known k = memo.get(table);
        if (k != null && now - k.at < TABLE_TTL_NANOS) {
            return k.exists;
        }
        boolean v = ask.getAsBoolean();
        memo.put(table, new Known(v, now));
        return v;
    }

    /** Forgets what {@link #tableExists} and {@link #hasRows} remembered, e.g. after a job changed the tables. */
    public void forgetTables() {
        known.clear();
        filled.clear();
    }

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
