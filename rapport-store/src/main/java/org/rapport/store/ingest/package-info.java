/**
 * Ingest of CSV and Parquet files: {@code rapport ingest KIND FILE}.
 *
 * <p>Entry point {@link org.rapport.store.ingest.Ingestor}; what a file holds is a
 * {@link org.rapport.store.ingest.Kind}; how to read it, {@link org.rapport.store.ingest.IngestOptions};
 * the outcome, {@link org.rapport.store.ingest.IngestReport} or an
 * {@link org.rapport.store.ingest.IngestException} whose {@link org.rapport.store.ingest.InputError}s read
 * {@code FILE:LINE: field 'amount': 'abc' is not a number}.
 *
 * <p>Inside: {@code CsvDialect} decides the dialect and header, {@code Mapping} matches columns,
 * {@code Staging} builds the SQL that has DuckDB read, convert and check the file into a temporary table,
 * {@code RecordScanner} turns DuckDB's row positions into physical lines when there are bad rows, and
 * {@code Publisher} deduplicates and writes in one transaction.
 */
package org.rapport.store.ingest;
