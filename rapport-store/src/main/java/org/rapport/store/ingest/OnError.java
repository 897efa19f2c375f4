package org.rapport.store.ingest;

/** What an ingest does with bad rows. */
public enum OnError {
    /** Any bad row fails the whole ingest: {@link IngestException}, nothing written (the default). */
    FAIL,
    /**
     * Good rows load; bad rows go to the {@code rejects} table and to {@code <input>.rejects.csv}, one row
     * per problem with its reason.
     */
    QUARANTINE
}
