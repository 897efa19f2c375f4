package org.rapport.pipeline.schema;

import java.util.List;
import org.rapport.store.schema.Migration;
import org.rapport.store.schema.MigrationProvider;
import org.rapport.store.schema.Migrations;

/** The pipeline's tables (runs, summaries, scores), applied by the store at open through the ServiceLoader. */
public final class PipelineMigrations implements MigrationProvider {
    @Override
    public List<Migration> migrations() {
        return Migrations.fromClasspath("pipeline", "org/rapport/pipeline/schema", PipelineMigrations.class.getClassLoader());
    }
}
