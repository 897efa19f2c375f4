package org.rapport.store.ingest;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.store.RapportStore;

/** An empty in-memory store and its ingestor per test, and a folder for the test's files. */
abstract class InMemoryStoreTest {
    @TempDir
    Path dir;
    RapportStore store;
    Ingestor ingestor;

    @BeforeEach
    void open() {
        store = RapportStore.inMemory(List.of());
        ingestor = Ingestor.of(store);
    }

    @AfterEach
    void close() {
        store.close();
    }
}
