package org.rapport.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Maps the current row of a result set to a value. Implementations read columns and must not move the
 * cursor.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface RowMapper<T> {
    /**
     * @param rs a result set positioned on a row
     * @return the value for that row
     * @throws SQLException when a column cannot be read
     */
    T map(ResultSet rs) throws SQLException;
}
