package org.rapport.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.store.RapportStore;
import org.rapport.store.TestData;

/**
 * Issue 15, item 10: a file mixing LF and CRLF line ends (a file edited on two systems) was refused
 * whole with DuckDB's "state machine reached an invalid state" and no line. Both ends are line ends.
 */
class LineEndingsTest {
    @TempDir
    Path dir;

    @Test
    void mixedLineEndsLoad() {
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            Path f = TestData.write(dir, "t.csv", "customer_id,date,amount\r\nc1,2024-01-01,1\nc2,2024-01-02,2\r\nc3,2024-01-03,3\n");
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, f);
            assertThat(r.rowsLoaded()).isEqualTo(3);
            assertThat(store.query("SELECT customer_id || ' ' || amount FROM transactions ORDER BY 1", rs -> rs.getString(1)))
                    .containsExactly("c1 1.0", "c2 2.0", "c3 3.0");
        }
    }

    @Test
    void mixedLineEndsWithABadRowNameTheLine() {
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            Path f = TestData.write(dir, "t.csv", "customer_id,date,amount\r\nc1,2024-01-01,1\nc2,2024-01-02,x\r\nc3,2024-01-03,3\n");
            IngestException e = org.assertj.core.api.Assertions.catchThrowableOfType(IngestException.class,
                    () -> Ingestor.of(store).ingest(Kind.TRANSACTIONS, f));
            assertThat(e.errors()).extracting(InputError::message).singleElement().asString()
                    .isEqualTo(f + ":3: field 'amount': 'x' is not a number");
        }
    }

    @Test
    void aTenMebibyteRecordIsNamedByFileAndLine() {
        // Issue 15, item 10: it was "1 records could not be parsed ... their lines could not be located".
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            Path f = TestData.write(dir, "t.csv", "customer_id,date,amount\nc1,2024-01-01,1\nc2,2024-01-02,"
                    + "x".repeat(10 << 20) + "\nc3,2024-01-03,3\n");
            IngestException e = org.assertj.core.api.Assertions.catchThrowableOfType(IngestException.class,
                    () -> Ingestor.of(store).ingest(Kind.TRANSACTIONS, f));
            assertThat(e).hasMessage(f + ":3: the record is 10,485,774 bytes long, more than a line may be (2,000,000 bytes); "
                    + "nothing loaded");
            assertThat(store.count("transactions")).isZero();
        }
    }
}
