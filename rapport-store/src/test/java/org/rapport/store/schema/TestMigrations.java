package org.rapport.store.schema;

import java.util.List;

/** A migration provider registered in test resources, as another module would register its own. */
public final class TestMigrations implements MigrationProvider {
    @Override
    public List<Migration> migrations() {
        return Migrations.fromClasspath("storetest", "org/rapport/store/storetest", TestMigrations.class.getClassLoader());
    }
}
