/**
 * The Rapport store: one DuckDB database file with a versioned schema, queried from Java with prepared
 * statements only.
 *
 * <p>{@link org.rapport.store.RapportStore} opens the file and applies migrations
 * ({@link org.rapport.store.schema}); {@link org.rapport.store.ingest.Ingestor} loads CSV and Parquet
 * files with validation, quarantine, dedupe and one publishing transaction;
 * {@link org.rapport.store.export.Exporter} writes tables and named queries back out. Tables, views and
 * rules are documented in {@code docs/schema.md}.
 *
 * <p>The store depends on {@code org.duckdb:duckdb_jdbc} only: it never imports the model library, and
 * analytics never imports the store (the pipeline adapts rows between them).
 */
package org.rapport.store;
