package org.rapport.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rapport.store.RapportStore;
import org.rapport.store.StoreException;
import org.rapport.store.TestData;

/**
 * A load that fails, or whose process is killed, leaves the previous data as it was and the database
 * openable.
 */
class AtomicityTest {
    @TempDir
    Path dir;

    static final String OLD = "customer_id,date,amount\nold1,1997-01-01,1\nold2,1997-01-02,2\nold3,1997-01-03,3\n";

    @Test
    void aFailureInsideThePublishTransactionRollsBackTheData() {
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            Ingestor.of(store).ingest(Kind.TRANSACTIONS, TestData.write(dir, "old.csv", OLD));
            // Sabotage the last statement of the publish transaction: a loads row with more than 3 rows fails.
            store.update("CREATE TABLE loads_copy AS SELECT * FROM loads");
            store.update("DROP TABLE loads");
            store.update("CREATE TABLE loads AS SELECT * FROM loads_copy WITH NO DATA");
            store.update("DROP TABLE loads_copy");
            store.update("ALTER TABLE loads ALTER COLUMN rows_loaded SET DATA TYPE UTINYINT");
            StringBuilder big = new StringBuilder("customer_id,date,amount\n");
            for (int i = 0; i < 300; i++) {
                big.append("new").append(i).append(",1997-02-01,1\n");
            }
            Path f = TestData.write(dir, "new.csv", big.toString());
            assertThatThrownBy(() -> Ingestor.of(store).ingest(Kind.TRANSACTIONS, f)).isInstanceOf(StoreException.class);
            assertThat(store.query("SELECT customer_id FROM transactions ORDER BY 1", rs -> rs.getString(1)))
                    .containsExactly("old1", "old2", "old3");
            assertThat(store.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_type = 'LOCAL TEMPORARY'"))
                    .as("staging tables dropped").isZero();
        }
    }

    @Test
    void badRowsUnderFailKeepThePreviousData() {
        Path db = dir.resolve("r.duckdb");
        try (RapportStore store = RapportStore.open(db)) {
            Ingestor.of(store).ingest(Kind.TRANSACTIONS, TestData.write(dir, "old.csv", OLD));
            Path bad = TestData.write(dir, "bad.csv", "customer_id,date,amount\nnew1,1997-02-01,1\nnew2,1997-02-01,x\n");
            assertThatThrownBy(() -> Ingestor.of(store).ingest(Kind.TRANSACTIONS, bad)).isInstanceOf(IngestException.class);
            assertThat(store.count("transactions")).isEqualTo(3);
            assertThat(store.loads()).hasSize(1);
        }
    }

    /** Where the child is killed: while DuckDB reads the file, or inside the publish transaction. */
    enum KillAt { READ, PUBLISH }

    @ParameterizedTest
    @EnumSource(KillAt.class)
    void killingTheProcessMidLoadKeepsThePreviousData(KillAt at) throws Exception {
        Path db = dir.resolve("r.duckdb");
        Path big = dir.resolve("big.csv");
        long rows = 1_500_000;
        try (RapportStore store = RapportStore.open(db)) {
            Ingestor.of(store).ingest(Kind.TRANSACTIONS, TestData.write(dir, "old.csv", OLD));
            store.update("COPY (SELECT 'c' || (i % 100000) AS customer_id, DATE '1998-01-01' + (i % 300)::INT AS date, "
                    + "(i % 1000) / 10.0 + 1 AS amount, 'o' || i AS order_id FROM range(?) t(i)) TO ? (HEADER)",
                    rows, big.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), IngestChild.class.getName(), db.toString(), big.toString());
        pb.redirectErrorStream(true);
        Process child = pb.start();
        List<String> seen = new ArrayList<>();
        boolean killed = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                seen.add(line);
                // A fraction strictly between 0 and 1 comes from DuckDB's progress of the running statement.
                if (line.startsWith(at.name() + " ") && !line.endsWith(" 0.000") && !line.endsWith(" 1.000")) {
                    child.destroyForcibly();
                    killed = true;
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(killed).as("killed during %s; child printed %s", at, seen).isTrue();
        assertThat(seen).noneMatch(l -> l.startsWith("FINISHED"));
        try (RapportStore store = RapportStore.open(db)) {
            assertThat(store.query("SELECT customer_id FROM transactions ORDER BY 1", rs -> rs.getString(1)))
                    .containsExactly("old1", "old2", "old3");
            assertThat(store.loads()).hasSize(1);
            assertThat(store.count("rejects")).isZero();
            // And the store still works: the next ingest loads.
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, TestData.write(dir, "next.csv",
                    "customer_id,date,amount\nnext,1998-01-01,1\n"));
            assertThat(r.rowsLoaded()).isEqualTo(1);
        }
    }
}
