package org.rapport.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Row ids that cannot lag behind the data. DuckDB sequences came back from a write-ahead-log replay
 * behind the rows that used them (issue 15: every load after a kill failed on a duplicate key), so an
 * id is the larger of the column's maximum in the database plus one and the last id this process
 * handed out plus one. The maximum covers what other processes and earlier runs wrote; the memory
 * covers ids handed out by this open store whose rows are not committed yet (a server thread's). One
 * lock per database file; only one process can write a DuckDB file at a time.
 */
final class IdAllocator {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();
    private final Map<String, Long> last = new ConcurrentHashMap<>();
    private final RapportStore store;
    private final String key;

    IdAllocator(RapportStore store, String key) {
        this.store = store;
        this.key = key;
    }

    /**
     * @param table a table of this code (a constant, never user input)
     * @param column its id column
     * @return a fresh id, greater than every id in the column and every id handed out before
     */
    long next(String table, String column) {
        if (!NAME.matcher(table).matches() || !NAME.matcher(column).matches()) {
            throw new IllegalArgumentException("not a table or column name: " + table + "." + column);
        }
        String slot = table + "." + column;
        synchronized (lock(key)) {
            long inData;
            try (Connection c = store.newConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT coalesce(max(" + column + "), 0) FROM " + table)) {
                rs.next();
                inData = rs.getLong(1);
            } catch (SQLException e) {
                throw new StoreException(e, StoreException.QUERY_FAILED, StoreException.firstLine(e));
            }
            long id = Math.max(inData, last.getOrDefault(slot, 0L)) + 1;
            last.put(slot, id);
            return id;
        }
    }

    private static Object lock(String key) {
        return LOCKS.computeIfAbsent(key, k -> new Object());
    }
}
