package org.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;

/** The analytics commands on one small simulated world analysed once through {@code rapport analyze}. */
class AnalyticsCommandsTest {
    static Path dir;
    static String db;

    @BeforeAll
    static void analyse() throws IOException {
        dir = Files.createTempDirectory("rapport-cli-analytics");
        Path world = dir.resolve("world");
        WorldSimulator.of(WorldOptions.withDefaults().withCustomers(3_000).withSeed(7)).simulate(world);
        db = dir.resolve("r.duckdb").toString();
        for (String kind : new String[] {"customers", "products", "interactions", "prospects", "feedback"}) {
            CliRunner.Result in = CliRunner.run("ingest", kind, world.resolve(kind + ".csv").toString(), "--db", db);
            assertThat(in.exitCode()).as(in.err()).isZero();
        }
        CliRunner.Result r = CliRunner.run("analyze", world.resolve("transactions.csv").toString(), "--db", db,
                "--report", dir.resolve("r.html").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @AfterAll
    static void clean() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void everyCommandPrintsJsonAndTable() throws IOException {
        ObjectMapper json = new ObjectMapper();
        String[][] keys = {
            {"equity", "currentEquity", "potentialEquity", "totalEquity", "bySegment", "byBrand", "byChannel", "byCohort", "projection"},
            {"groups", "groups"},
            {"wallet", "bySegment", "method"},
            {"brands", "bySegment", "brandEquity", "handoff", "retirementCandidates"},
            {"moments", "overall", "byRetention", "bySpend"},
            {"feedback", "overall", "items"}};
        for (String[] k : keys) {
            CliRunner.Result r = CliRunner.run(k[0], "--db", db, "--format", "json");
            assertThat(r.exitCode()).as(k[0] + ": " + r.err()).isZero();
            JsonNode node = json.readTree(r.out());
            for (int i = 1; i < k.length; i++) {
                assertThat(node.has(k[i])).as(k[0] + " has " + k[i]).isTrue();
            }
            CliRunner.Result t = CliRunner.run(k[0], "--db", db);
            assertThat(t.exitCode()).as(t.err()).isZero();
            assertThat(t.out()).contains("runId:");
            if (k[0].equals("equity") || k[0].equals("groups")) {
                System.out.println(t.out());
            }
        }
        JsonNode groups = json.readTree(CliRunner.run("groups", "--db", db, "--format", "json").out());
        assertThat(groups.get("groups")).hasSize(4);
        assertThat(groups.get("groups").get(0).has("strategy")).isTrue();
        assertThat(groups.get("groups").get(0).has("customers")).isTrue();
        assertThat(groups.get("groups").get(0).has("equity")).isTrue();
    }

    @Test
    void groupsThresholdRecomputes() throws IOException {
        CliRunner.Result r = CliRunner.run("groups", "--db", db, "--format", "json", "--clv-threshold", "1e12");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode g = new ObjectMapper().readTree(r.out());
        assertThat(g.get("clvThresholdSource").asText()).isEqualTo("set");
        // nobody is worth more than 1e12: no true friends and no butterflies
        assertThat(g.get("groups").get(0).get("customers").asLong()).isZero();
        assertThat(g.get("groups").get(1).get("customers").asLong()).isZero();
    }

    @Test
    void transactionOnlyDataSaysWhatItLacks() throws IOException {
        // CDNOW: transactions only (no customers, products, prospects, interactions, feedback)
        String cdnow = dir.resolve("cdnow.duckdb").toString();
        CliRunner.Result a = CliRunner.run("analyze", Path.of("..", "data", "cdnow", "cdnow_transactions.csv").toString(),
                "--db", cdnow, "--calibration-end", "1997-09-30", "--report", dir.resolve("c.html").toString());
        assertThat(a.exitCode()).as(a.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        String[][] expect = {{"equity", "no prospects"}, {"groups", "not split"}, {"wallet", "no customers file"},
            {"brands", "no products"}, {"moments", "no interactions"}, {"feedback", "no feedback"}};
        for (String[] e : expect) {
            CliRunner.Result r = CliRunner.run(e[0], "--db", cdnow, "--format", "json");
            assertThat(r.exitCode()).as(e[0] + ": " + r.err()).isZero();
            assertThat(json.readTree(r.out()).get("notes").toString()).as(e[0]).contains(e[1]);
        }
    }

    @Test
    void noScoresIsBadInput() {
        CliRunner.Result r = CliRunner.run("equity", "--db", CliRunner.emptyStore(dir.resolve("empty.duckdb")));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("no scores yet: run rapport analyze first");
        CliRunner.Result f = CliRunner.run("wallet", "--db", db, "--format", "xml");
        assertThat(f.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(f.err()).contains("--format must be json or table");
    }
}
