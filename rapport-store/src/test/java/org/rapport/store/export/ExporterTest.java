package org.rapport.store.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.store.FileFormat;
import org.rapport.store.RapportStore;
import org.rapport.store.StoreException;
import org.rapport.store.TestData;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/** Export through COPY: allow-listed names only, CSV and Parquet that read back the same. */
class ExporterTest {
    @TempDir
    Path dir;

    @Test
    void exportsTablesViewsAndNamedQueries() throws Exception {
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            Ingestor.of(store).ingest(Kind.TRANSACTIONS, TestData.write(dir, "tx.csv",
                    "customer_id,date,amount,order_id\nc1,1997-01-01,10,o1\nc1,1997-01-02,-4,o1\nc2,1997-01-03,5,o2\n"));
            Exporter ex = Exporter.of(store);
            Path csv = dir.resolve("purchases.csv");
            assertThat(ex.export("purchases", csv, FileFormat.CSV)).isEqualTo(2);
            assertThat(Files.readAllLines(csv).get(0)).isEqualTo(
                    "customer_id,order_id,order_day,ts,amount,quantity,returned_amount,lines,channel");
            Path pq = dir.resolve("tx.parquet");
            assertThat(ex.export("transactions", pq, FileFormat.PARQUET)).isEqualTo(3);
            assertThat(store.queryLong("SELECT round(sum(amount)) FROM read_parquet(?)", pq.toString())).isEqualTo(11);
            store.update("CREATE TABLE customer_scores AS SELECT 'c1' AS customer_id, 12.5 AS clv");
            Exporter more = ex.withTable("customer_scores")
                    .withQuery("top", "SELECT customer_id, clv FROM customer_scores ORDER BY clv DESC");
            assertThat(more.names()).contains("transactions", "purchases", "customer_scores", "top");
            Path top = dir.resolve("top.csv");
            assertThat(more.export("top", top, FileFormat.CSV)).isEqualTo(1);
            assertThat(Files.readString(top)).isEqualTo("customer_id,clv\nc1,12.5\n");
            assertThat(ex.names()).doesNotContain("top");
            assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void refusesNamesOffTheListAndReportsFailures() {
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            Exporter ex = Exporter.of(store);
            assertThatThrownBy(() -> ex.export("transactions; DROP TABLE loads", dir.resolve("x.csv"), FileFormat.CSV))
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("'transactions; DROP TABLE loads' is not a known table or query to export");
            assertThatThrownBy(() -> ex.withTable("Robert\"); --")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ex.export("loads", dir.resolve("no/such/dir/x.csv"), FileFormat.CSV))
                    .isInstanceOf(StoreException.class).hasMessageStartingWith("cannot export loads to ");
        }
    }
}
