/**
 * The offers module's tables (customer offers, offer history) and their migrations, found by the store through {@code MigrationProvider}.
 */
package org.rapport.offers.schema;
