package org.rapport.store.ingest;

import java.nio.file.Path;
import java.util.List;

/**
 * What an ingest did. {@code rowsRead = rowsLoaded + rowsRejected + duplicatesSkipped} always holds.
 *
 * @param file the input file as given
 * @param kind what was ingested
 * @param loadId the id of the load in the {@code loads} table
 * @param rowsRead data rows in the file (header and the blank lines of a one-column file excluded)
 * @param rowsLoaded rows written (inserted, or replaced for customers, products and prospects)
 * @param rowsRejected bad rows, quarantined (always 0 with {@link OnError#FAIL}, which throws instead)
 * @param duplicatesSkipped rows the store already had (see {@code docs/schema.md}, "Dedupe")
 * @param rejectsFile the CSV of quarantined rows, or {@code null} when there were none
 * @param ignoredColumns the file's columns that no table column took, in file order
 * @param firstErrors up to {@link IngestOptions#maxErrors()} problems of the quarantined rows, by line
 * @param millis wall time of the ingest
 */
public record IngestReport(Path file, Kind kind, long loadId, long rowsRead, long rowsLoaded, long rowsRejected,
        long duplicatesSkipped, Path rejectsFile, List<String> ignoredColumns, List<InputError> firstErrors,
        long millis) {

    /**
     * Copies the lists.
     *
     * @param file the input file as given
     * @param kind what was ingested
     * @param loadId the load's id
     * @param rowsRead data rows in the file
     * @param rowsLoaded rows written
     * @param rowsRejected bad rows, quarantined
     * @param duplicatesSkipped rows the store already had
     * @param rejectsFile the CSV of quarantined rows, or {@code null}
     * @param ignoredColumns file columns no table column took
     * @param firstErrors the first problems of quarantined rows
     * @param millis wall time
     */
    public IngestReport {
        ignoredColumns = List.copyOf(ignoredColumns);
        firstErrors = List.copyOf(firstErrors);
    }

    /**
     * @return a one-line summary, e.g. {@code tx.csv: 69659 rows read, 69659 loaded, 0 rejected, 0 duplicates (0.4 s)}
     */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%s: %d rows read, %d loaded, %d rejected, %d duplicates (%.1f s)",
                file, rowsRead, rowsLoaded, rowsRejected, duplicatesSkipped, millis / 1000.0);
    }
}
