/** Export of allow-listed tables and named queries to CSV or Parquet with DuckDB's {@code COPY}. */
package org.rapport.store.export;
