package org.rapport.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.store.FileFormat;
import org.rapport.store.RapportStore;
import org.rapport.store.TestData;

/** Parquet files, written with DuckDB's COPY in the test, ingest like CSV; problems name the row number. */
class ParquetIngestTest {
    @TempDir
    Path dir;

    private Path parquet(RapportStore store, String name, String select) {
        Path out = dir.resolve(name);
        store.update("COPY (" + select + ") TO ? (FORMAT parquet)", out.toString());
        return out;
    }

    @Test
    void typedParquetIngests() {
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            Path p = parquet(store, "tx.parquet", "SELECT 'c' || i AS \"Customer ID\", DATE '1997-01-01' + i::INT AS date, "
                    + "i * 1.5 AS amount, (i % 3)::INTEGER AS qty, 'o' || i AS order_no FROM range(1000) t(i)");
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, p);
            assertThat(r.rowsLoaded()).isEqualTo(1000);
            assertThat(store.queryFirst("SELECT customer_id, ts, amount, quantity, order_id, source_row FROM transactions "
                    + "WHERE customer_id = 'c7'", rs -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getDouble(3)
                            + " " + rs.getDouble(4) + " " + rs.getString(5) + " " + rs.getLong(6)))
                    .contains("c7 1997-01-08 00:00:00.0 10.5 1.0 o7 8");
            assertThat(Ingestor.of(store).ingest(Kind.TRANSACTIONS, p).duplicatesSkipped()).isEqualTo(1000);
            assertThat(store.loads()).extracting(l -> l.format()).containsExactly("PARQUET", "PARQUET");
        }
    }

    @Test
    void textColumnsAreValidatedAndRowsNumbered() {
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            Path p = parquet(store, "bad.pq", "SELECT * FROM (VALUES ('c1', '1997-01-01', '1'), ('c2', '1997-01-02', 'x'), "
                    + "('c3', '19970103', '3'), (NULL, '1997-01-04', '4')) t(customer_id, day, amount)");
            IngestException e = catchThrowableOfType(IngestException.class, () -> Ingestor.of(store).ingest(
                    Kind.TRANSACTIONS, p, IngestOptions.defaults().withMapping("ts", "day"), IngestProgress.NONE));
            assertThat(e.errors()).extracting(InputError::message).containsExactly(
                    p + ":2: field 'amount': 'x' is not a number",
                    p + ":4: field 'customer_id' is empty");
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, p,
                    IngestOptions.defaults().withMapping("ts", "day").withOnError(OnError.QUARANTINE), IngestProgress.NONE);
            assertThat(r.rowsLoaded()).isEqualTo(2);
            assertThat(store.rejects(r.loadId())).extracting(x -> x.raw()).containsExactly("c2,1997-01-02,x", ",1997-01-04,4");
        }
    }

    @Test
    void formatOptionOverridesTheExtension() {
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            Path p = parquet(store, "tx.data", "SELECT 'c1' AS customer_id, DATE '1997-01-01' AS ts, 1.0 AS amount");
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, p,
                    IngestOptions.defaults().withFormat(FileFormat.PARQUET), IngestProgress.NONE);
            assertThat(r.rowsLoaded()).isEqualTo(1);
            Path notParquet = TestData.write(dir, "x.parquet", "customer_id,ts,amount\nc1,1997-01-01,1\n");
            assertThat(catchThrowableOfType(IngestException.class,
                    () -> Ingestor.of(store).ingest(Kind.TRANSACTIONS, notParquet)))
                    .hasMessageStartingWith(notParquet + ": cannot read as PARQUET: ");
        }
    }
}
