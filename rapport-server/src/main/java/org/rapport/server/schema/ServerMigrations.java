package org.rapport.server.schema;

import java.util.List;
import org.rapport.store.schema.Migration;
import org.rapport.store.schema.MigrationProvider;
import org.rapport.store.schema.Migrations;

/** The server's tables (users, tokens, sessions, audit_log), applied by the store at open through the ServiceLoader. */
public final class ServerMigrations implements MigrationProvider {
    @Override
    public List<Migration> migrations() {
        return Migrations.fromClasspath("server", "org/rapport/server/schema", ServerMigrations.class.getClassLoader());
    }
}
