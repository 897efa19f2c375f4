package org.rapport.offers.schema;

import java.util.List;
import org.rapport.store.schema.Migration;
import org.rapport.store.schema.MigrationProvider;
import org.rapport.store.schema.Migrations;

/** The offer engine's tables (customer_offers, offer_history), applied by the store at open through the ServiceLoader. */
public final class OffersMigrations implements MigrationProvider {
    @Override
    public List<Migration> migrations() {
        return Migrations.fromClasspath("offers", "org/rapport/offers/schema", OffersMigrations.class.getClassLoader());
    }
}
