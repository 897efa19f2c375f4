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
    void csvTextCellsThatStartLikeFormulasAreNeutralisedNumbersAreNot() throws Exception {
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            store.update("CREATE TABLE hostile AS SELECT * FROM (VALUES (1, '=HYPERLINK(\"http://evil.example\")', -4.5), "
                    + "(2, '@SUM(A1:A2)', 3.0), (3, '+1 555', -1.0), (4, '-2', 0.0), (5, chr(9) || 'tab', 1.0), (6, chr(13) || 'cr', 1.0), "
                    + "(7, 'plain = text', -7.25), (8, NULL, NULL)) t(id, name, amount) ORDER BY id");
            Exporter ex = Exporter.of(store).withTable("hostile");
            Path csv = dir.resolve("hostile.csv");
            assertThat(ex.export("hostile", csv, FileFormat.CSV)).isEqualTo(8);
            List<String> names = store.query("SELECT name FROM read_csv(?, header = true, all_varchar = true) ORDER BY id::INT",
                    rs -> rs.getString(1), csv.toString());
            assertThat(names).containsExactly("'=HYPERLINK(\"http://evil.example\")", "'@SUM(A1:A2)", "'+1 555", "'-2", "'\ttab", "'\rcr",
                    "plain = text", null);
            // numeric columns keep their sign
            assertThat(store.query("SELECT amount FROM read_csv(?, header = true, all_varchar = true) ORDER BY id::INT",
                    rs -> rs.getString(1), csv.toString())).startsWith("-4.50", "3.00", "-1.00");
            // Parquet is data, not a spreadsheet: written as it is
            Path pq = dir.resolve("hostile.parquet");
            ex.export("hostile", pq, FileFormat.PARQUET);
            assertThat(store.queryFirst("SELECT name FROM read_parquet(?) WHERE id = 2", rs -> rs.getString(1), pq.toString()))
                    .contains("@SUM(A1:A2)");
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
