package org.rapport.store;

import java.time.LocalDateTime;

/**
 * One row of the {@code loads} table: a published ingest.
 *
 * @param loadId the load's id, also stored in every row it wrote
 * @param kind the ingest kind, e.g. {@code "TRANSACTIONS"}
 * @param file the input file as given
 * @param format {@code "CSV"} or {@code "PARQUET"}
 * @param rowsRead data rows read (blank lines of a one-column file excluded)
 * @param rowsLoaded rows written to the kind's table (inserted or replaced)
 * @param rowsRejected rows quarantined
 * @param duplicatesSkipped rows already in the store
 * @param started when the ingest started (UTC)
 * @param finished when it was published (UTC)
 */
public record LoadRecord(long loadId, String kind, String file, String format, long rowsRead, long rowsLoaded,
        long rowsRejected, long duplicatesSkipped, LocalDateTime started, LocalDateTime finished) {
}
