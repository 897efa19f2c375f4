package org.rapport.store;

/**
 * One row of the {@code rejects} table: a problem found in a quarantined input row.
 *
 * @param loadId the load that quarantined it
 * @param file the input file as given
 * @param line the physical line of the file where the record starts (1-based, header included); for
 *     Parquet the 1-based row number
 * @param field the column as named in the file, or {@code null} for a problem with the whole record
 * @param value the value as read (trimmed), or {@code null}
 * @param reason what is wrong, e.g. {@code "is not a number"}
 * @param raw the record as it appears in the file (for Parquet, its mapped values)
 */
public record RejectRecord(long loadId, String file, long line, String field, String value, String reason,
        String raw) {

    /**
     * @return the message in the form {@code FILE:LINE: field 'amount': 'abc' is not a number}
     */
    public String message() {
        return org.rapport.store.ingest.InputError.format(file, line, field, value, reason);
    }
}
