package org.rapport.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done inside one transaction by {@link RapportStore#inTransaction(SqlWork)}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SqlWork<T> {
    /**
     * @param connection the store's connection, inside an open transaction
     * @return the result
     * @throws SQLException to roll the transaction back
     */
    T run(Connection connection) throws SQLException;
}
