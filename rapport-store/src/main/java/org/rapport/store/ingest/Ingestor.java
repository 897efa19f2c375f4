package org.rapport.store.ingest;

import java.nio.file.Path;
import java.util.Objects;

import org.rapport.store.RapportStore;

/**
 * Loads CSV and Parquet files into the store: {@code rapport ingest KIND FILE}.
 *
 * <p>DuckDB reads the file itself ({@code read_csv} / {@code read_parquet}) into a temporary staging
 * table, converting and checking every value in SQL ({@code TRY_CAST}); no data row goes through Java
 * and no SQL is built from the file's text (the path and options are bound parameters, the file's
 * columns are referred to by position). Bad rows are reported as
 * {@code FILE:LINE: field 'amount': 'abc' is not a number} with the physical line of the file. Then one
 * transaction deduplicates against the stored rows and writes the data, the quarantined rows and the
 * {@code loads} record, so a failed or killed ingest leaves the previous data as it was. The rules are
 * in {@code docs/schema.md}.
 *
 * <p>An ingestor uses the store's connection: one ingest at a time per store.
 */
public final class Ingestor {
    private final RapportStore store;

    private Ingestor(RapportStore store) {
        this.store = store;
    }

    /**
     * @param store the store to load into
     * @return an ingestor for that store
     */
    public static Ingestor of(RapportStore store) {
        return new Ingestor(Objects.requireNonNull(store, "store"));
    }

    /**
     * Ingests a file with the default options and no progress.
     *
     * @param kind what the file holds
     * @param file the file
     * @return what was loaded
     * @throws IngestException if nothing was loaded (the message says why)
     */
    public IngestReport ingest(Kind kind, Path file) {
        return ingest(kind, file, IngestOptions.defaults(), IngestProgress.NONE);
    }

    /**
     * Ingests a file.
     *
     * @param kind what the file holds
     * @param file the file (CSV, optionally gzip-compressed, or Parquet)
     * @param options how to read it
     * @param listener receives progress
     * @return what was loaded
     * @throws IngestException if nothing was loaded: missing or empty file, missing column, bad rows under
     *     {@link OnError#FAIL}; the store is unchanged
     */
    public IngestReport ingest(Kind kind, Path file, IngestOptions options, IngestProgress listener) {
        return new IngestRun(store, Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(file, "file"),
                Objects.requireNonNull(options, "options"), Objects.requireNonNull(listener, "listener")).run();
    }
}
