package org.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job and the commands around it, end to end through the CLI. */
class AnalyzeCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void demoAnalysesTheBundledCdnowLogAndEverythingCanBeReadBack() throws IOException {
        Path out = dir.resolve("demo");
        CliRunner.Result r = CliRunner.run("demo", "--cdnow", "--out", out.toString(), "--data",
                Path.of("..", "data", "cdnow", "cdnow_transactions.csv").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        // 23,570 customers made their first purchase in 1997 Q1 (the CDNOW master file of Fader & Hardie,
        // data/cdnow/README.md).
        // The model is chosen by holdout log-likelihood among BG/NBD, Pareto/NBD and MBG/NBD; on CDNOW
        // BG/NBD and MBG/NBD are indistinguishable on the holdout and MBG/NBD has the smaller BIC.
        assertThat(r.out()).contains("customers      23,570")
                .containsPattern("model +mbgnbd \\(holdout log-likelihoods of bgnbd, mbgnbd are indistinguishable")
                .contains("holdout error  MAE").contains("total CLV").contains("rapport-report.html");
        assertThat(r.err()).contains("summarise:").contains("fit:").contains("score:");
        Path html = out.resolve("rapport-report.html");
        assertThat(Files.readString(html)).contains("Holdout validation").doesNotContain("src=\"http");

        Path csv = dir.resolve("scores.csv");
        CliRunner.Result e = CliRunner.run("export", "scores", "--db", out.resolve("rapport.duckdb").toString(),
                "--format", "csv", "--out", csv.toString());
        assertThat(e.exitCode()).as(e.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(23_571);
        assertThat(lines.get(0)).contains("customer_id").contains("p_alive").contains("clv_lower");

        Path again = dir.resolve("again.html");
        CliRunner.Result rep = CliRunner.run("report", "--db", out.resolve("rapport.duckdb").toString(), "--out", again.toString());
        assertThat(rep.exitCode()).as(rep.err()).isZero();
        assertThat(Files.size(again)).isPositive();
    }

    @Test
    void demoByDefaultAnalysesTheSimulatedCustomerBase() throws IOException {
        Path out = dir.resolve("world-demo");
        CliRunner.Result r = CliRunner.run("demo", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        // WORLD_CUSTOMERS customers, all making a first purchase in the first quarter (docs/simulator.md).
        assertThat(r.out()).contains("customers      20,000").contains("holdout error  MAE").contains("2023-09-30");
        assertThat(r.out()).contains("analyses       equity, groups, segments, wallet, brands, moments, feedback, subscriptions, offers");
        String html = Files.readString(out.resolve("rapport-report.html"));
        assertThat(html).contains("Holdout validation");
        for (String id : List.of("equity", "groups", "segments", "wallet", "brands", "moments", "feedback", "offers")) {
            assertThat(html).contains("<section class=\"card\" id=\"" + id + "\">");
        }
        // Each analysis also stored its document for the server.
        try (org.rapport.store.RapportStore s = org.rapport.store.RapportStore.open(out.resolve("rapport.duckdb"))) {
            for (String a : List.of("equity", "groups", "segments", "wallet", "brands", "moments", "feedback", "offers-evaluation")) {
                assertThat(org.rapport.pipeline.Results.latest(s, a)).as(a).isPresent();
            }
            // Top 5 offers per customer, each with its reason.
            assertThat(s.queryLong("SELECT max(rank) FROM customer_offers")).isEqualTo(5);
            assertThat(s.queryLong("SELECT count(*) FROM customer_offers WHERE reason IS NULL OR reason = ''")).isZero();
        }
        CliRunner.Result bad = CliRunner.run("demo", "--out", out.toString(), "--data", "x.csv");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(bad.err()).contains("--data needs --cdnow");
    }

    @Test
    void aFolderLoadsEveryKindItHolds() throws IOException {
        Path world = dir.resolve("world");
        org.rapport.simulator.WorldSimulator.of(org.rapport.simulator.WorldOptions.withDefaults().withCustomers(1500)
                .withSeed(3)).simulate(world, (stage, done, total) -> { });
        Path db = dir.resolve("w.duckdb");
        CliRunner.Result r = CliRunner.run("analyze", world.toString(), "--db", db.toString(),
                "--calibration-end", "2023-09-30");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("customers: ").contains("products: ").contains("household_links: ");
        try (org.rapport.store.RapportStore s = org.rapport.store.RapportStore.open(db)) {
            assertThat(s.count("customers")).isEqualTo(1500);
            assertThat(s.count("products")).isEqualTo(92);
            for (String t : List.of("life_events", "interactions", "prospects", "feedback", "household_links", "customer_needs")) {
                assertThat(s.count(t)).as(t).isPositive();
            }
        }
    }

    @Test
    void aFolderWithoutTransactionsOrAMissingFileIsAnInputError() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRunner.Result r = CliRunner.run("analyze", empty.toString(), "--db", dir.resolve("e.duckdb").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains(empty + ": the folder has no transaction file; expected one of transactions.csv");
        Path tx = write("tx.csv", "customer_id,date,amount\nA,2024-01-01,10\n");
        CliRunner.Result m = CliRunner.run("analyze", tx.toString(), "--customers", dir.resolve("nope.csv").toString(),
                "--db", dir.resolve("m.duckdb").toString());
        assertThat(m.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(m.err()).contains("nope.csv: no such file (given as the customers file)");
    }

    @Test
    void badRowStopsTheLoadWithFileLineAndFieldAndWritesNothing() throws IOException {
        Path f = write("tx.csv", "customer_id,date,amount\nA,2024-01-01,10\nA,2024-02-01,abc\nB,2024-01-03,5\n");
        Path db = dir.resolve("r.duckdb");
        CliRunner.Result r = CliRunner.run("analyze", f.toString(), "--db", db.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains(f + ":3: field 'amount': 'abc' is not a number");
        CliRunner.Result e = CliRunner.run("export", "transactions", "--db", db.toString(), "--out", dir.resolve("t.csv").toString());
        assertThat(e.exitCode()).isZero();
        assertThat(Files.readAllLines(dir.resolve("t.csv"))).hasSize(1);
    }

    @Test
    void quarantineLoadsTheGoodRowsAndSaysHowMany() throws IOException {
        Path f = write("tx.csv", "customer_id,date,amount\nA,2024-01-01,10\nA,2024-02-01,abc\nB,2024-01-03,5\n");
        CliRunner.Result r = CliRunner.run("ingest", "transactions", f.toString(), "--db", dir.resolve("q.duckdb").toString(),
                "--on-error", "quarantine");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("3 rows read, 2 loaded, 1 rejected");
        assertThat(Files.readString(dir.resolve("tx.csv.rejects.csv"))).contains("abc");
    }

    @Test
    void noRepeatPurchasesIsAModelError() throws IOException {
        Path f = write("tx.csv", "customer_id,date,amount\nA,2024-01-01,10\nB,2024-01-05,3\nC,2024-02-01,7\n");
        CliRunner.Result r = CliRunner.run("analyze", f.toString(), "--db", dir.resolve("n.duckdb").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.MODEL);
        assertThat(r.err()).contains("no customer made a repeat purchase");
    }

    @Test
    void reportWithoutAnalysisSaysWhatToDo() {
        CliRunner.Result r = CliRunner.run("report", "--db", CliRunner.emptyStore(dir.resolve("empty.duckdb")), "--out",
                dir.resolve("x.html").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("no analysis in this database");
    }

    @Test
    void calibrationEndBeforeTheDataIsRejected() throws IOException {
        Path f = write("tx.csv", "customer_id,date,amount\nA,2024-01-01,10\nA,2024-02-01,4\nB,2024-01-03,5\n");
        CliRunner.Result r = CliRunner.run("analyze", f.toString(), "--db", dir.resolve("c.duckdb").toString(),
                "--calibration-end", "2020-01-01");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("calibration end 2020-01-01 is before the first purchase (2024-01-01)");
    }

    @Test
    void unknownKindAndOptionsAreUsageErrors() throws IOException {
        Path f = write("tx.csv", "customer_id,date,amount\nA,2024-01-01,10\n");
        CliRunner.Result r = CliRunner.run("ingest", "widgets", f.toString(), "--db", dir.resolve("k.duckdb").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("widgets");
        r = CliRunner.run("analyze", f.toString(), "--db", dir.resolve("k.duckdb").toString(), "--margin", "1.5");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("margin rate 1.5 is not in (0, 1]");
    }

    @Test
    void aReadOnlyCommandOnAMistypedPathCreatesNothingAndSaysWhatToDo() {
        Path missing = dir.resolve("no-such-folder").resolve("x.duckdb");
        for (String[] cmd : List.of(new String[] {"equity"}, new String[] {"report"}, new String[] {"segments", "list"},
                new String[] {"offers", "for", "c1"}, new String[] {"serve", "--port", "0"})) {
            List<String> args = new java.util.ArrayList<>(List.of(cmd));
            args.addAll(List.of("--db", missing.toString()));
            CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(String.join(" ", cmd)).isEqualTo(ExitCodes.INPUT);
            assertThat(r.err()).contains("there is no Rapport store here").contains("rapport analyze FILE --db");
            assertThat(java.nio.file.Files.exists(missing.getParent())).as("no folder created by %s", List.of(cmd)).isFalse();
        }
    }

    @Test
    void aDateInTheWrongFormatIsExplainedInTheProductsWords() {
        CliRunner.Result r = CliRunner.run("analyze", "x.csv", "--calibration-end", "30/09/2023", "--db",
                dir.resolve("d.duckdb").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("'30/09/2023' is not a date: write it as YYYY-MM-DD").doesNotContain("DateTimeParseException");
        CliRunner.Result f = CliRunner.run("ingest", "transactions", "x.xlsx", "--input-format", "xlsx", "--db",
                dir.resolve("d.duckdb").toString());
        assertThat(f.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(f.err()).contains("--input-format must be csv or parquet").doesNotContain("No enum constant");
    }
}
