/**
 * Versioned schema migrations: {@link org.rapport.store.schema.Migration} scripts, read from class path
 * folders by {@link org.rapport.store.schema.Migrations}, contributed by other modules through
 * {@link org.rapport.store.schema.MigrationProvider} ({@link java.util.ServiceLoader}), and applied at open
 * by {@link org.rapport.store.schema.Migrator}, each in its own transaction, with checksums.
 */
package org.rapport.store.schema;
