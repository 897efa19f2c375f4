package org.rapport.store.ingest;

/**
 * Receives the progress of an ingest, for a progress bar or a job status. Called on the ingesting thread
 * at the start and end of each stage, and from a helper thread several times a second while DuckDB
 * reads or publishes; implementations must be quick and thread-safe.
 */
@FunctionalInterface
public interface IngestProgress {
    /** Discards progress. */
    IngestProgress NONE = (stage, fraction, rows) -> { };

    /** The stages of an ingest, in order; {@link #LOCATE} runs only when there are bad rows. */
    enum Stage {
        /** DuckDB reads the file into the staging table, converting and validating each value. */
        READ,
        /** Counting bad rows and duplicate keys in the staging table. */
        VALIDATE,
        /** Finding the physical line and text of each bad row (a pass over the file). */
        LOCATE,
        /** Dedupe and the one transaction that writes the data, the rejects and the load record. */
        PUBLISH,
        /** Finished; {@code rows} is the number of rows loaded. */
        DONE
    }

    /**
     * @param stage the current stage
     * @param fraction how much of the stage is done, 0 to 1, or {@code NaN} when unknown
     * @param rows rows processed so far in this stage (an estimate while DuckDB runs), or -1 when unknown
     */
    void update(Stage stage, double fraction, long rows);
}
