package org.rapport.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.store.RapportStore;
import org.rapport.store.RejectRecord;
import org.rapport.store.TestData;

/** On-error quarantine: good rows load, bad rows go to the rejects table and the CSV beside the input. */
class QuarantineTest {
    @TempDir
    Path dir;

    static final String CONTENT = "customer_id,date,amount,channel\n"
            + "c1,1997-01-01,10,web\n"              // 2 good
            + "c2,1997-01-02,abc,\"shop,\nfloor 2\"\n" // 3-4 bad amount, multi-line raw
            + "c3,1997-01-03\n"                      // 5 too few fields
            + "c4,1997-01-04,4,store\n"              // 6 good
            + ",never,5,store\n";                    // 7 two problems

    @Test
    void goodRowsLoadAndBadRowsAreKeptWithTheirReasons() throws Exception {
        Path f = TestData.write(dir, "tx.csv", CONTENT);
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, f,
                    IngestOptions.defaults().withOnError(OnError.QUARANTINE), IngestProgress.NONE);
            assertThat(r.rowsRead()).isEqualTo(5);
            assertThat(r.rowsLoaded()).isEqualTo(2);
            assertThat(r.rowsRejected()).isEqualTo(3);
            assertThat(r.duplicatesSkipped()).isZero();
            assertThat(r.rejectsFile()).isEqualTo(dir.resolve("tx.csv.rejects.csv"));
            assertThat(store.query("SELECT customer_id FROM transactions ORDER BY source_row", rs -> rs.getString(1)))
                    .containsExactly("c1", "c4");
            List<RejectRecord> rejects = store.rejects(r.loadId());
            assertThat(rejects).extracting(RejectRecord::message).containsExactly(
                    f + ":3: field 'amount': 'abc' is not a number",
                    f + ":5: expected 4 fields, found 2",
                    f + ":7: field 'customer_id' is empty",
                    f + ":7: field 'date': 'never' is not a date");
            assertThat(rejects.get(0).raw()).isEqualTo("c2,1997-01-02,abc,\"shop,\nfloor 2\"");
            assertThat(r.firstErrors()).extracting(InputError::line).containsExactly(3L, 5L, 7L, 7L);
            assertThat(Files.readString(r.rejectsFile())).isEqualTo("line,field,value,reason,raw\n"
                    + "3,amount,abc,is not a number,\"c2,1997-01-02,abc,\"\"shop,\nfloor 2\"\"\"\n"
                    + "5,,,\"expected 4 fields, found 2\",\"c3,1997-01-03\"\n"
                    + "7,customer_id,,is empty,\",never,5,store\"\n"
                    + "7,date,never,is not a date,\",never,5,store\"\n");
            assertThat(store.loads()).singleElement().satisfies(l -> {
                assertThat(l.rowsRead()).isEqualTo(5);
                assertThat(l.rowsLoaded()).isEqualTo(2);
                assertThat(l.rowsRejected()).isEqualTo(3);
                assertThat(l.kind()).isEqualTo("TRANSACTIONS");
                assertThat(l.file()).isEqualTo(f.toString());
            });
            assertThat(Files.exists(dir.resolve("tx.csv.rejects.csv.tmp"))).isFalse();
        }
    }

    @Test
    void aCleanFileWritesNoRejectsFile() {
        Path f = TestData.write(dir, "tx.csv", "customer_id,date,amount\nc1,1997-01-01,1\n");
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, f,
                    IngestOptions.defaults().withOnError(OnError.QUARANTINE), IngestProgress.NONE);
            assertThat(r.rejectsFile()).isNull();
            assertThat(Files.exists(dir.resolve("tx.csv.rejects.csv"))).isFalse();
            assertThat(store.count("rejects")).isZero();
        }
    }

    @Test
    void everyRowBadStillRecordsTheLoad() {
        Path f = TestData.write(dir, "tx.csv", "customer_id,date,amount\nc1,x,1\nc2,y,2\n");
        Path out = dir.resolve("elsewhere.csv");
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, f,
                    IngestOptions.defaults().withOnError(OnError.QUARANTINE).withRejectsFile(out), IngestProgress.NONE);
            assertThat(r.rowsLoaded()).isZero();
            assertThat(r.rowsRejected()).isEqualTo(2);
            assertThat(r.rejectsFile()).isEqualTo(out);
            assertThat(Files.exists(out)).isTrue();
            assertThat(store.count("rejects")).isEqualTo(2);
        }
    }
}
