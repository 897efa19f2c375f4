package org.rapport.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.function.Consumer;

import org.duckdb.DuckDBConnection;
import org.rapport.store.schema.Migration;
import org.rapport.store.schema.MigrationProvider;
import org.rapport.store.schema.Migrations;
import org.rapport.store.schema.Migrator;

/**
 * The Rapport store: one DuckDB database file with a versioned schema ({@code docs/schema.md}).
 *
 * <p>{@link #open(Path)} creates the file if needed and applies pending migrations: the store's own
 * ({@code org/rapport/store/schema/V*.sql}), those of every {@link MigrationProvider} found by
 * {@link ServiceLoader}, and any passed to {@link #open(Path, List)}. Every connection has
 * {@code autoinstall_known_extensions} and {@code autoload_known_extensions} off, so a query that would
 * need a DuckDB extension fails at once instead of downloading it; CSV, Parquet and JSON are built in.
 *
 * <p>Queries from Java use prepared statements only: the helpers below bind every value, and callers
 * pass SQL text that is a constant of their code. The store's connection is not thread-safe; a thread
 * other than the owner uses {@link #newConnection()}. Only one process can open a database file for
 * writing at a time ({@link StoreException#IN_USE}).
 */
public final class RapportStore implements Queries, AutoCloseable {
    /** The base tables created by migration store V001, in the order of {@code docs/schema.md}. */
    public static final List<String> TABLES = List.of("transactions", "customers", "customer_attributes",
            "customer_needs", "products", "life_events", "interactions", "prospects", "feedback",
            "household_links", "memberships", "loads", "rejects");
    /** The views over {@code transactions} that net returns into their orders (store V001). */
    public static final List<String> VIEWS = List.of("net_lines", "purchase_lines", "purchases");

    private static final String[] SETTINGS = {
        "SET autoinstall_known_extensions = false",
        "SET autoload_known_extensions = false",
        // Lets Ingestor poll QueryProgress from another thread; nothing is printed.
        "SET enable_progress_bar = true",
        "SET enable_progress_bar_print = false",
    };

    private final Path file;
    private final DuckDBConnection connection;
    private final List<Migration> applied;
    private final IdAllocator ids;
    private Optional<RunJournal.Recovered> recovered = Optional.empty();
    private Path holding;

    private RapportStore(Path file, DuckDBConnection connection, List<Migration> applied) {
        this.file = file;
        this.connection = connection;
        this.applied = applied;
        this.ids = new IdAllocator(this, file == null ? "memory@" + System.identityHashCode(this) : file.toString());
    }

    /**
     * A new id for a row of {@code table}: greater than every id in {@code column} and every id this
     * store handed out before, so ids never lag the data, even after a crash left a write-ahead log
     * (DuckDB sequences did; docs/schema.md "After a crash"). Safe from any thread.
     *
     * @param table a table name, a constant of the calling code
     * @param column its id column
     * @return the id
     */
    public long nextId(String table, String column) {
        ensureOpen();
        return ids.next(table, column);
    }

    /**
     * Opens (or creates) a store and applies pending migrations from this module and from every
     * {@link MigrationProvider} on the class path.
     *
     * @param dbFile the database file, e.g. {@code ./rapport.duckdb}; its folder must exist
     * @return the open store
     * @throws StoreException if the file cannot be opened, is in use, or a migration fails
     */
    public static RapportStore open(Path dbFile) {
        return open(dbFile, List.of());
    }

    /**
     * Opens (or creates) a store and applies pending migrations: this module's, those of every
     * {@link MigrationProvider} on the class path, and {@code extra} (for example
     * {@code Migrations.fromClasspath("pipeline", "org/rapport/pipeline/schema", loader)}).
     *
     * @param dbFile the database file; its folder must exist
     * @param extra further migrations, of any module but {@code "store"}
     * @return the open store
     * @throws StoreException if the file cannot be opened, is in use, or a migration fails
     */
    public static RapportStore open(Path dbFile, List<Migration> extra) {
        Path abs = dbFile.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new StoreException(StoreException.CANNOT_OPEN, dbFile, "the folder " + parent + " does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new StoreException(StoreException.CANNOT_OPEN, dbFile, "it is a folder");
        }
        return connect("jdbc:duckdb:" + abs, abs, extra);
    }

    /**
     * Opens a store that lives in memory only, with the same schema; for tests and one-off runs.
     *
     * @return the open store; everything is lost at {@link #close()}
     */
    public static RapportStore inMemory() {
        return inMemory(List.of());
    }

    /**
     * Opens a store that lives in memory only, with the same schema and further migrations.
     *
     * @param extra further migrations, as for {@link #open(Path, List)}
     * @return the open store; everything is lost at {@link #close()}
     */
    public static RapportStore inMemory(List<Migration> extra) {
        return connect("jdbc:duckdb:", null, extra);
    }

    private static RapportStore connect(String url, Path file, List<Migration> extra) {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        // Stream large results (scores of a million customers) instead of materialising them.
        p.setProperty("jdbc_stream_results", "true");
        p.setProperty("memory_limit", memoryLimit());
        DuckDBConnection c;
        try {
            c = (DuckDBConnection) DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            String why = StoreException.firstLine(e);
            String name = file == null ? "(in memory)" : file.toString();
            if (why.contains("lock")) {
                throw new StoreException(e, StoreException.IN_USE, name, HolderNote.message(file, why));
            }
            throw new StoreException(e, StoreException.CANNOT_OPEN, name, why);
        }
        try {
            configure(c);
            List<Migration> all = new ArrayList<>(Migrations.store());
            for (MigrationProvider provider : ServiceLoader.load(MigrationProvider.class)) {
                all.addAll(provider.migrations());
            }
            all.addAll(extra);
            List<Migration> applied = Migrator.apply(c, all);
            RapportStore store = new RapportStore(file, c, applied);
            store.recovered = RunJournal.recover(store);
            return store;
        } catch (RuntimeException e) {
            closeQuietly(c, e);
            throw e;
        }
    }

    /**
     * DuckDB's memory limit. DuckDB takes 80% of the machine's memory by default, and the JVM's heap
     * comes on top of that: a 10M-customer run with a 12 GB heap on a 24 GB machine was killed for
     * want of memory. So the default is 80% of physical memory less the JVM's maximum heap, at least
     * 1 GB; DuckDB spills what does not fit to a temporary folder next to the database. The system
     * property {@code rapport.duckdb.memory} or the environment variable {@code RAPPORT_DUCKDB_MEMORY}
     * (DuckDB's syntax, e.g. {@code 8GB}) overrides it.
     *
     * @return the limit in DuckDB's syntax
     */
    static String memoryLimit() {
        String set = System.getProperty("rapport.duckdb.memory", System.getenv("RAPPORT_DUCKDB_MEMORY"));
        if (set != null && !set.isBlank()) {
            return set.strip();
        }
        long physical = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        long heap = Runtime.getRuntime().maxMemory();
        long mb = Math.max(1024L, (long) (0.8 * physical - heap) / (1024 * 1024));
        return mb + "MB";
    }

    private static void configure(Connection c) {
        try (Statement s = c.createStatement()) {
            for (String setting : SETTINGS) {
                s.execute(setting);
            }
        } catch (SQLException e) {
            throw new StoreException(e, StoreException.QUERY_FAILED, StoreException.firstLine(e));
        }
    }

    private static void closeQuietly(Connection c, Exception cause) {
        try {
            c.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * @return the database file, or {@code null} for an in-memory store
     */
    public Path file() {
        return file;
    }

    /**
     * Says who holds the store while it is open, for the message another process gets when it cannot
     * open it (a server, say, with its address); the note goes at {@link #close()}.
     *
     * @param who one line, e.g. {@code rapport serve at http://127.0.0.1:7070 (pid 12)}
     */
    public void announceHolder(String who) {
        if (file != null) {
            holding = HolderNote.write(file, who);
        }
    }

    /**
     * @return what this open put back from a batch job that had died mid-run ({@link RunJournal}), if any
     */
    public Optional<RunJournal.Recovered> recoveredAtOpen() {
        return recovered;
    }

    /**
     * @return the migrations this open applied (empty when the database was up to date)
     */
    public List<Migration> appliedAtOpen() {
        return applied;
    }

    /**
     * The store's own connection, in auto-commit mode, for modules that run their own SQL (the pipeline's
     * summaries, scores). Use prepared statements; do not close it; use it from one thread at a time.
     *
     * @return the connection
     */
    public Connection connection() {
        ensureOpen();
        return connection;
    }

    /**
     * A further connection to the same database for another thread, with the same settings. The caller
     * closes it.
     *
     * @return a new connection
     */
    public Connection newConnection() {
        ensureOpen();
        try {
            Connection c = connection.duplicate();
            configure(c);
            return c;
        } catch (SQLException e) {
            throw new StoreException(e, StoreException.QUERY_FAILED, StoreException.firstLine(e));
        }
    }

    /**
     * Runs a query and maps every row.
     *
     * @param sql a constant SQL text with {@code ?} placeholders
     * @param mapper maps one row
     * @param params the values for the placeholders, bound in order ({@code String}, numbers, {@code Boolean},
     *     {@code LocalDate}, {@code LocalDateTime} or {@code null})
     * @param <T> the row type
     * @return the rows in result order
     */
    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        List<T> out = new ArrayList<>();
        stream(sql, mapper, out::add, params);
        return out;
    }

    /**
     * Runs a query and maps its first row.
     *
     * @param sql a constant SQL text with {@code ?} placeholders
     * @param mapper maps one row
     * @param params the values for the placeholders
     * @param <T> the row type
     * @return the first row, or empty when there is none
     */
    @Override
    public <T> Optional<T> queryFirst(String sql, RowMapper<T> mapper, Object... params) {
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
        } catch (SQLException e) {
            throw new StoreException(e, StoreException.QUERY_FAILED, StoreException.firstLine(e));
        }
    }

    /**
     * Runs a query and hands each mapped row to a consumer without holding the result in memory (results
     * are streamed from DuckDB).
     *
     * @param sql a constant SQL text with {@code ?} placeholders
     * @param mapper maps one row
     * @param sink receives each row
     * @param params the values for the placeholders
     * @param <T> the row type
     * @return the number of rows
     */
    public <T> long stream(String sql, RowMapper<T> mapper, Consumer<? super T> sink, Object... params) {
        long n = 0;
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sink.accept(mapper.map(rs));
                n++;
            }
            return n;
        } catch (SQLException e) {
            throw new StoreException(e, StoreException.QUERY_FAILED, StoreException.firstLine(e));
        }
    }

    /**
     * Runs an {@code INSERT}, {@code UPDATE}, {@code DELETE} or DDL statement.
     *
     * @param sql a constant SQL text with {@code ?} placeholders
     * @param params the values for the placeholders
     * @return the number of rows changed (0 for DDL)
     */
    @Override
    public long update(String sql, Object... params) {
        try (PreparedStatement ps = prepare(sql, params)) {
            ps.execute();
            long n = ps.getLargeUpdateCount();
            return Math.max(n, 0);
        } catch (SQLException e) {
            throw new StoreException(e, StoreException.QUERY_FAILED, StoreException.firstLine(e));
        }
    }

    /**
     * Runs work in one transaction: committed if it returns, rolled back if it throws.
     *
     * @param work the work; it uses the connection it is given
     * @param <T> the result type
     * @return the work's result
     */
    public <T> T inTransaction(SqlWork<T> work) {
        ensureOpen();
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e, StoreException.QUERY_FAILED, StoreException.firstLine(e));
        }
    }

    /**
     * Counts the rows of a base table or view.
     *
     * @param table one of {@link #TABLES} or {@link #VIEWS}
     * @return its row count
     * @throws StoreException if the name is not one of them
     */
    public long count(String table) {
        return queryLong("SELECT count(*) FROM " + Sql.ident(allowed(table)));
    }

    /**
     * @return every published load, oldest first
     */
    public List<LoadRecord> loads() {
        return query(LOADS_SQL + " ORDER BY load_id", RapportStore::load);
    }

    /**
     * @param loadId a load id
     * @return that load, or empty if there is none
     */
    public Optional<LoadRecord> load(long loadId) {
        return queryFirst(LOADS_SQL + " WHERE load_id = ?", RapportStore::load, loadId);
    }

    /**
     * @param loadId a load id
     * @return the problems that load quarantined, by line
     */
    public List<RejectRecord> rejects(long loadId) {
        return query("SELECT load_id, file, line, field, value, reason, raw FROM rejects WHERE load_id = ? "
                + "ORDER BY line, field NULLS FIRST",
                rs -> new RejectRecord(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)), loadId);
    }

    /**
     * @param module a migration module, e.g. {@code "store"}
     * @return the highest applied version of that module, or empty if none
     */
    public OptionalInt schemaVersion(String module) {
        long v = queryLong("SELECT coalesce(max(version), 0) FROM schema_version WHERE module = ?", module);
        return v == 0 ? OptionalInt.empty() : OptionalInt.of((int) v);
    }

    /** Closes the connection; DuckDB checkpoints the file. */
    @Override
    public void close() {
        HolderNote.delete(holding);
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException(e, StoreException.QUERY_FAILED, StoreException.firstLine(e));
        }
    }

    private static final String LOADS_SQL = "SELECT load_id, kind, file, format, rows_read, rows_loaded, "
            + "rows_rejected, duplicates_skipped, started, finished FROM loads";

    private static LoadRecord load(ResultSet rs) throws SQLException {
        return new LoadRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getLong(6), rs.getLong(7), rs.getLong(8), time(rs.getTimestamp(9)), time(rs.getTimestamp(10)));
    }

    private static LocalDateTime time(Timestamp t) {
        return t == null ? null : t.toLocalDateTime();
    }

    private static String allowed(String table) {
        if (TABLES.contains(table) || VIEWS.contains(table)) {
            return table;
        }
        List<String> known = new ArrayList<>(TABLES);
        known.addAll(VIEWS);
        throw new StoreException(StoreException.NOT_ALLOWED, table, "table", String.join(", ", known));
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        ensureOpen();
        PreparedStatement ps = connection.prepareStatement(sql);
        try {
            Sql.bind(ps, params);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private void ensureOpen() {
        try {
            if (connection.isClosed()) {
                throw new StoreException(StoreException.CLOSED, Objects.toString(file, "(in memory)"));
            }
        } catch (SQLException e) {
            throw new StoreException(e, StoreException.QUERY_FAILED, StoreException.firstLine(e));
        }
    }
}
