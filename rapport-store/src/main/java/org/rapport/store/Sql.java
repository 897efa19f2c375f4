package org.rapport.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A SQL text under construction together with the values bound to its {@code ?} placeholders, in
 * order. Identifiers come only from this code's constants or from {@link #ident(String)}; values are
 * always bound, never spliced into the text.
 */
public final class Sql {
    private final StringBuilder text = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    /**
     * @param s SQL text from this code's constants
     * @return this
     */
    public Sql sql(String s) {
        text.append(s);
        return this;
    }

    /**
     * Appends a {@code ?} placeholder and its value.
     *
     * @param value the value to bind
     * @return this
     */
    public Sql param(Object value) {
        text.append('?');
        params.add(value);
        return this;
    }

    /**
     * @return the SQL text
     */
    public String text() {
        return text.toString();
    }

    /**
     * @return the values for the placeholders, in order
     */
    public Object[] params() {
        return params.toArray();
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /**
     * Quotes an identifier for DuckDB: wraps it in double quotes and doubles any double quote inside.
     *
     * @param name an identifier
     * @return the quoted identifier
     */
    public static String ident(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * Binds values to a prepared statement's placeholders, in order.
     *
     * @param ps the statement
     * @param params the values ({@code null} binds SQL {@code NULL})
     * @throws SQLException if a value cannot be bound
     */
    public static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }
}
