package org.rapport.store;

import java.util.Locale;

/**
 * Thrown when the store cannot do what it was asked: the database file cannot be opened, a migration
 * does not apply, a query fails, or an export target is not allowed.
 *
 * <p>Messages are built from the templates below with {@link Locale#ROOT}, so they read the same on
 * every machine and tests can check their words. The cause, when there is one, is the
 * {@link java.sql.SQLException} or {@link java.io.IOException} underneath.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Template: the database file cannot be opened. */
    public static final String CANNOT_OPEN = "cannot open the database %s: %s";
    /** Template: another process holds the database file. */
    public static final String IN_USE = "the store %s is in use: %s";
    /** Template: a migration failed. */
    public static final String MIGRATION_FAILED = "migration %s V%03d (%s) failed: %s";
    /** Template: an applied migration was edited afterwards. */
    public static final String MIGRATION_CHANGED =
            "migration %s V%03d (%s) was changed after it was applied (checksum %s, applied %s)";
    /** Template: the database was written by a newer Rapport. */
    public static final String SCHEMA_TOO_NEW =
            "the database has %s V%03d, but this Rapport only knows %s up to V%03d: use a newer Rapport";
    /** Template: two migrations with the same module and version. */
    public static final String DUPLICATE_MIGRATION = "two migrations %s V%03d (%s and %s)";
    /** Template: a migration resource folder that cannot be read. */
    public static final String BAD_MIGRATION_SOURCE = "cannot read migrations from %s: %s";
    /** Template: a query failed. */
    public static final String QUERY_FAILED = "query failed: %s";
    /** Template: a name not on an allow-list. */
    public static final String NOT_ALLOWED = "'%s' is not a known %s (known: %s)";
    /** Template: an export that failed. */
    public static final String EXPORT_FAILED = "cannot export %s to %s: %s";
    /** Template: the store was used after {@code close()}. */
    public static final String CLOSED = "the store %s is closed";

    /**
     * @param template one of the templates of this class
     * @param args the values for the template
     */
    public StoreException(String template, Object... args) {
        super(String.format(Locale.ROOT, template, args));
    }

    /**
     * @param cause the underlying failure
     * @param template one of the templates of this class
     * @param args the values for the template
     */
    public StoreException(Throwable cause, String template, Object... args) {
        super(String.format(Locale.ROOT, template, args), cause);
    }

    /**
     * The first line of a driver message: DuckDB appends the offending SQL and hints on later lines.
     *
     * @param e a failure
     * @return its message up to the first line break, or its class name when it has no message
     */
    public static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m.strip() : m.substring(0, nl).strip();
    }
}
