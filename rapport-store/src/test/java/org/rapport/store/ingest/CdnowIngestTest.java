package org.rapport.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.store.RapportStore;
import org.rapport.store.TestData;

/**
 * The CDNOW log ingests with no options, and the raw master file with a delimiter and a mapping; both
 * give the same rows. Expected counts come from data/README.md: 69,659 lines, 23,570 customers.
 */
class CdnowIngestTest {
    @TempDir
    Path dir;

    @Test
    void transactionLogIngestsWithNoOptions() throws Exception {
        Path csv = TestData.cdnow("cdnow_transactions.csv", dir);
        try (RapportStore store = RapportStore.open(dir.resolve("r.duckdb"))) {
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, csv);
            assertThat(sha256(csv)).isEqualTo(TestData.SHA256.get("cdnow_transactions.csv"));
            assertThat(r.rowsRead()).isEqualTo(69_659);
            assertThat(r.rowsLoaded()).isEqualTo(69_659);
            assertThat(r.rowsRejected()).isZero();
            assertThat(r.duplicatesSkipped()).isZero();
            assertThat(r.rejectsFile()).isNull();
            assertThat(store.queryLong("SELECT count(DISTINCT customer_id) FROM transactions")).isEqualTo(23_570);
            // First line of the file: 00001,1997-01-01,1,11.77
            assertThat(store.queryFirst("SELECT customer_id, ts, amount, quantity, source_row FROM transactions "
                    + "WHERE source_row = 1", rs -> rs.getString(1) + " " + rs.getTimestamp(2) + " " + rs.getDouble(3)
                            + " " + rs.getDouble(4) + " " + rs.getLong(5)))
                    .contains("00001 1997-01-01 00:00:00.0 11.77 1.0 1");
        }
    }

    @Test
    void masterFileIngestsWithDelimiterAndMapping() {
        Path txt = TestData.cdnow("CDNOW_master.txt", dir);
        Path csv = TestData.cdnow("cdnow_transactions.csv", dir);
        try (RapportStore store = RapportStore.open(dir.resolve("r.duckdb"))) {
            IngestOptions o = IngestOptions.defaults().withDelimiter(" ")
                    .withMapping(IngestOptions.parseMapping("quantity=number_of_cds,amount=dollar_value"));
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, txt, o, IngestProgress.NONE);
            assertThat(r.rowsLoaded()).isEqualTo(69_659);
            // The same rows as the CSV rendering: ingesting the CSV afterwards adds nothing.
            IngestReport again = Ingestor.of(store).ingest(Kind.TRANSACTIONS, csv);
            assertThat(again.rowsLoaded()).isZero();
            assertThat(again.duplicatesSkipped()).isEqualTo(69_659);
            assertThat(store.count("transactions")).isEqualTo(69_659);
        }
    }

    @Test
    void masterFileWhitespaceIsDetected() throws Exception {
        Path txt = TestData.cdnow("CDNOW_master.txt", dir);
        try (RapportStore store = RapportStore.open(dir.resolve("r.duckdb"))) {
            IngestOptions o = IngestOptions.defaults()
                    .withMapping("quantity", "number_of_cds").withMapping("amount", "dollar_value");
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, txt, o, IngestProgress.NONE);
            assertThat(r.rowsLoaded()).isEqualTo(69_659);
            assertThat(sha256(txt)).isEqualTo(TestData.SHA256.get("CDNOW_master.txt"));
        }
    }

    @Test
    void gzipCompressedLogIngests() {
        Path gz = TestData.cdnowGzip("cdnow_transactions.csv", dir);
        try (RapportStore store = RapportStore.open(dir.resolve("r.duckdb"))) {
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, gz);
            assertThat(r.rowsLoaded()).isEqualTo(69_659);
            assertThat(store.queryLong("SELECT round(sum(amount) * 100) FROM transactions"))
                    .isEqualTo(store.queryLong("SELECT round(sum(amount) * 100) FROM read_csv(?)",
                            TestData.cdnow("cdnow_transactions.csv", dir).toString()));
        }
    }

    static String sha256(Path p) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
