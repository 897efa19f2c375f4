package org.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.store.RapportStore;

/**
 * Issue 15 item 6: values ingested as they came ({@code =HYPERLINK(...)}, {@code @SUM(...)}, a leading
 * tab) leave the store's CSV exports and the campaign lists with a leading quote, so a spreadsheet shows
 * them as text; numbers keep their sign.
 */
class ExportInjectionTest {
    @TempDir
    Path dir;

    private static List<CSVRecord> read(Path csv) throws Exception {
        try (var r = Files.newBufferedReader(csv)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    @Test
    void customerAndCampaignExportsNeutraliseFormulaCells() throws Exception {
        String db = dir.resolve("r.duckdb").toString();
        Path customers = dir.resolve("customers.csv");
        Files.writeString(customers, "customer_id,email,phone,region,survey_wallet\n"
                + "c1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",+15550001,@SUM(A1:A9),12.5\n"
                + "c2,plain@example.com,5550002,\"\tnorth\",100\n");
        Path tx = dir.resolve("tx.csv");
        Files.writeString(tx, "customer_id,date,amount,order_id\nc1,2023-01-01,10,o1\nc1,2023-01-03,-4,o1\nc2,2023-01-02,20,o2\n");
        for (String[] in : new String[][] {{"customers", customers.toString()}, {"transactions", tx.toString()}}) {
            CliRunner.Result r = CliRunner.run("ingest", in[0], in[1], "--db", db);
            assertThat(r.exitCode()).as(r.err()).isZero();
        }

        Path out = dir.resolve("customers-out.csv");
        CliRunner.Result e = CliRunner.run("export", "customers", "--out", out.toString(), "--db", db);
        assertThat(e.exitCode()).as(e.err()).isZero();
        List<CSVRecord> rows = read(out);
        CSVRecord c1 = rows.stream().filter(r -> r.get("customer_id").equals("c1")).findFirst().orElseThrow();
        assertThat(c1.get("email")).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"x\")");
        assertThat(c1.get("phone")).isEqualTo("'+15550001");
        assertThat(c1.get("region")).isEqualTo("'@SUM(A1:A9)");
        assertThat(c1.get("survey_wallet")).isEqualTo("12.5");
        CSVRecord c2 = rows.stream().filter(r -> r.get("customer_id").equals("c2")).findFirst().orElseThrow();
        assertThat(c2.get("email")).isEqualTo("plain@example.com");
        assertThat(c2.get("region")).isEqualTo("'\tnorth");

        Path txOut = dir.resolve("tx-out.csv");
        assertThat(CliRunner.run("export", "transactions", "--out", txOut.toString(), "--db", db).exitCode()).isZero();
        assertThat(read(txOut).stream().map(r -> r.get("amount")).toList()).as("a number keeps its sign").contains("-4.0");

        try (RapportStore s = RapportStore.open(Path.of(db))) {
            s.update("INSERT INTO customer_offers VALUES ('c1', 1, 'gift', '-P1', 0.9, 0.2, 10, 'rule', '=cmd|'' /C calc''!A0', now()), "
                    + "('c2', 1, 'gift', 'P2', 0.8, 0.2, 10, 'rule', 'likes gifts', now())");
        }
        Path mail = dir.resolve("mail.csv");
        CliRunner.Result m = CliRunner.run("campaign", "export", "--offer", "gift", "--channel", "mail", "--out", mail.toString(), "--db", db);
        assertThat(m.exitCode()).as(m.err()).isZero();
        List<CSVRecord> list = read(mail);
        CSVRecord first = list.stream().filter(r -> r.get("customer_id").equals("c1")).findFirst().orElseThrow();
        assertThat(first.get("region")).isEqualTo("'@SUM(A1:A9)");
        assertThat(first.get("phone")).isEqualTo("'+15550001");
        assertThat(first.get("product_id")).isEqualTo("'-P1");
        assertThat(first.get("reason")).isEqualTo("'=cmd|' /C calc'!A0");
        Path email = dir.resolve("email.csv");
        assertThat(CliRunner.run("campaign", "export", "--offer", "gift", "--channel", "email", "--out", email.toString(), "--campaign", "b",
                "--db", db).exitCode()).isZero();
        assertThat(Files.readString(email)).contains("'=HYPERLINK(").doesNotContain(",=").doesNotContain(",\"=");
    }
}
