package org.rapport.store.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rapport.store.StoreException;

/**
 * Applies pending migrations to a database and records them in {@code schema_version}.
 *
 * <p>Order: module {@code "store"} first, then the other modules by name; within a module by version.
 * Each migration runs in its own transaction together with its {@code schema_version} row, so a failed
 * script leaves the database as it was before that script. At every open the checksums of the applied
 * migrations are compared with the scripts on the class path ({@link StoreException#MIGRATION_CHANGED}),
 * and a database that has a higher version of a known module than the class path is refused
 * ({@link StoreException#SCHEMA_TOO_NEW}). Versions of modules that are not on the class path are left
 * alone, so a tool that lacks the pipeline can still open a database the pipeline has migrated.
 */
public final class Migrator {
    private static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS schema_version (
                module VARCHAR NOT NULL,
                version INTEGER NOT NULL,
                description VARCHAR NOT NULL,
                checksum VARCHAR NOT NULL,
                applied_at TIMESTAMP NOT NULL,
                PRIMARY KEY (module, version)
            )""";

    private Migrator() {
    }

    /**
     * Applies every migration that the database does not have yet.
     *
     * @param connection an open connection in auto-commit mode; it is returned in auto-commit mode
     * @param migrations the known migrations of all modules; a migration listed twice with the same
     *     checksum counts once
     * @return the migrations applied now, in the order they ran
     * @throws StoreException if a migration fails, was edited after it was applied, or the database is newer
     */
    public static List<Migration> apply(Connection connection, Collection<Migration> migrations) {
        Map<String, Migration> known = index(migrations);
        try {
            try (Statement s = connection.createStatement()) {
                s.execute(CREATE_TABLE);
            }
            Map<String, String[]> applied = applied(connection);
            check(known, applied);
            List<Migration> pending = new ArrayList<>();
            for (Migration m : known.values()) {
                if (!applied.containsKey(key(m.module(), m.version()))) {
                    pending.add(m);
                }
            }
            pending.sort(Comparator.comparing((Migration m) -> !m.module().equals(Migrations.STORE_MODULE))
                    .thenComparing(Migration::module).thenComparingInt(Migration::version));
            for (Migration m : pending) {
                run(connection, m);
            }
            return List.copyOf(pending);
        } catch (SQLException e) {
            throw new StoreException(e, StoreException.QUERY_FAILED, StoreException.firstLine(e));
        }
    }

    private static Map<String, Migration> index(Collection<Migration> migrations) {
        Map<String, Migration> known = new LinkedHashMap<>();
        for (Migration m : migrations) {
            Migration before = known.putIfAbsent(key(m.module(), m.version()), m);
            if (before != null && !before.checksum().equals(m.checksum())) {
                throw new StoreException(StoreException.DUPLICATE_MIGRATION, m.module(), m.version(),
                        before.description(), m.description());
            }
        }
        return known;
    }

    private static Map<String, String[]> applied(Connection c) throws SQLException {
        Map<String, String[]> out = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT module, version, description, checksum, applied_at FROM schema_version")) {
            while (rs.next()) {
                out.put(key(rs.getString(1), rs.getInt(2)), new String[] {
                    rs.getString(1), Integer.toString(rs.getInt(2)), rs.getString(3), rs.getString(4), rs.getString(5)});
            }
        }
        return out;
    }

    private static void check(Map<String, Migration> known, Map<String, String[]> applied) {
        Map<String, Integer> maxKnown = new HashMap<>();
        for (Migration m : known.values()) {
            maxKnown.merge(m.module(), m.version(), Math::max);
        }
        for (String[] row : applied.values()) {
            String module = row[0];
            int version = Integer.parseInt(row[1]);
            Migration m = known.get(key(module, version));
            if (m != null && !m.checksum().equals(row[3])) {
                throw new StoreException(StoreException.MIGRATION_CHANGED, module, version, row[2],
                        row[3].substring(0, 12), row[4]);
            }
            Integer max = maxKnown.get(module);
            if (m == null && max != null && version > max) {
                throw new StoreException(StoreException.SCHEMA_TOO_NEW, module, version, module, max);
            }
        }
    }

    private static void run(Connection c, Migration m) {
        try {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(m.sql());
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO schema_version (module, version, description, checksum, applied_at) VALUES (?, ?, ?, ?, ?)")) {
                p.setString(1, m.module());
                p.setInt(2, m.version());
                p.setString(3, m.description());
                p.setString(4, m.checksum());
                p.setObject(5, LocalDateTime.now(ZoneOffset.UTC));
                p.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            throw new StoreException(e, StoreException.MIGRATION_FAILED, m.module(), m.version(), m.description(),
                    StoreException.firstLine(e));
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                // The connection is broken; the caller's next statement reports it.
            }
        }
    }

    private static void rollbackQuietly(Connection c, SQLException cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static String key(String module, int version) {
        return module + "#" + version;
    }
}
