package org.rapport.analytics.segment.schema;

import java.util.List;
import org.rapport.store.schema.Migration;
import org.rapport.store.schema.MigrationProvider;
import org.rapport.store.schema.Migrations;

/** The segments' tables (segments, customer_segment, customer_cluster), applied at open through the ServiceLoader. */
public final class SegmentMigrations implements MigrationProvider {
    @Override
    public List<Migration> migrations() {
        return Migrations.fromClasspath("segments", "org/rapport/analytics/segment/schema", SegmentMigrations.class.getClassLoader());
    }
}
