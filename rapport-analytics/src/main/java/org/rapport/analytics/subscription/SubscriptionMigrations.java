package org.rapport.analytics.subscription;

import java.util.List;
import org.rapport.store.schema.Migration;
import org.rapport.store.schema.MigrationProvider;
import org.rapport.store.schema.Migrations;

/** The subscriptions' tables ({@code customer_subscription}), migration module {@code subscriptions}. */
public final class SubscriptionMigrations implements MigrationProvider {
    @Override
    public List<Migration> migrations() {
        return Migrations.fromClasspath("subscriptions", "org/rapport/analytics/subscription/schema",
                SubscriptionMigrations.class.getClassLoader());
    }
}
