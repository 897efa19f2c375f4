package org.rapport.store.schema;

import java.util.List;

/**
 * A module's migrations, found with {@link java.util.ServiceLoader}: a module that owns tables in the
 * store implements this interface and lists the class in
 * {@code META-INF/services/org.rapport.store.schema.MigrationProvider}. Every
 * {@link org.rapport.store.RapportStore#open(java.nio.file.Path)} then applies them.
 *
 * <p>The usual implementation reads a resource folder:
 *
 * <pre>{@code
 * public final class PipelineMigrations implements MigrationProvider {
 *     public List<Migration> migrations() {
 *         return Migrations.fromClasspath("pipeline", "org/rapport/pipeline/schema",
 *                 PipelineMigrations.class.getClassLoader());
 *     }
 * }
 * }</pre>
 */
public interface MigrationProvider {
    /**
     * @return this module's migrations, in any order
     */
    List<Migration> migrations();
}
