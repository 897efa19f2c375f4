package org.rapport.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.store.RapportStore;
import org.rapport.store.TestData;

/**
 * Issue 15, item 1: a process killed after its load committed leaves a write-ahead log; DuckDB replays
 * it at the next open, but its sequences came back behind the data, so every later load failed on
 * {@code Duplicate key "load_id: N"}. Ids are now derived from the data, so the next load works
 * however the store was opened in between.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aLoadAfterAKillThatLeftAWriteAheadLogWorks() throws Exception {
        Path db = dir.resolve("r.duckdb");
        try (RapportStore store = RapportStore.open(db)) {
            for (int i = 0; i < 3; i++) {
                Ingestor.of(store).ingest(Kind.TRANSACTIONS, TestData.write(dir, "old" + i + ".csv",
                        "customer_id,date,amount\nold" + i + ",1997-01-01,1\n"));
            }
        }
        Path next = TestData.write(dir, "k.csv", "customer_id,date,amount\nn1,1997-03-01,1\nn2,1997-03-02,2\n");
        for (int kill = 0; kill < 3; kill++) {
            // The child commits a load, says so and waits to be killed: the WAL is not checkpointed.
            Path f = TestData.write(dir, "k" + kill + ".csv", "customer_id,date,amount\nk" + kill + ",1997-03-01,1\n");
            killAfterCommit(db, f);
            assertThat(Files.exists(dir.resolve("r.duckdb.wal"))).as("a WAL was left").isTrue();
            // Another command opens the store first (it replays the WAL and checkpoints at close).
            try (RapportStore store = RapportStore.open(db)) {
                assertThat(store.count("transactions")).isEqualTo(3 + kill + 1);
            }
        }
        try (RapportStore store = RapportStore.open(db)) {
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, next);
            assertThat(r.rowsLoaded()).isEqualTo(2);
            assertThat(store.loads()).hasSize(7);
            assertThat(store.queryLong("SELECT count(DISTINCT load_id) FROM loads")).isEqualTo(7);
        }
    }

    private void killAfterCommit(Path db, Path file) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), IngestChild.class.getName(), db.toString(),
                file.toString(), "hang");
        pb.redirectErrorStream(true);
        Process child = pb.start();
        List<String> seen = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                seen.add(line);
                if (line.startsWith("FINISHED")) {
                    child.destroyForcibly();
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seen).as("child output").anyMatch(l -> l.startsWith("FINISHED"));
    }
}
