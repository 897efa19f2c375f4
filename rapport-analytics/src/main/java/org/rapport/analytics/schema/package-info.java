/**
 * The analytics module's tables (customer groups, customer wallet) and the migrations that create them, found by the store through {@code MigrationProvider}.
 */
package org.rapport.analytics.schema;
