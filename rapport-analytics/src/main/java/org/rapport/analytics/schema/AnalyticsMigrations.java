package org.rapport.analytics.schema;

import java.util.List;
import org.rapport.store.schema.Migration;
import org.rapport.store.schema.MigrationProvider;
import org.rapport.store.schema.Migrations;

/** The analytics tables (relationship groups, share of wallet), applied by the store at open through the ServiceLoader. */
public final class AnalyticsMigrations implements MigrationProvider {
    @Override
    public List<Migration> migrations() {
        return Migrations.fromClasspath("analytics", "org/rapport/analytics/schema", AnalyticsMigrations.class.getClassLoader());
    }
}
