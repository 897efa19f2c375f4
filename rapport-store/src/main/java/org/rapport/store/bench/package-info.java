/** The ingest benchmark against DuckDB's own {@code CREATE TABLE ... AS SELECT * FROM read_csv(...)}. */
package org.rapport.store.bench;
