package org.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;

/** {@code rapport offers} and {@code rapport campaign export} end to end on a small simulated world. */
class OffersCommandTest {
    @TempDir
    static Path dir;
    static String db;

    @BeforeAll
    static void world() throws Exception {
        Path w = dir.resolve("world");
        WorldSimulator.of(WorldOptions.withDefaults().withCustomers(3_000).withSeed(7)).simulate(w);
        db = dir.resolve("r.duckdb").toString();
        for (String kind : List.of("transactions", "products", "customers", "life_events", "household_links")) {
            CliRunner.Result r = CliRunner.run("ingest", kind, w.resolve(kind + ".csv").toString(), "--db", db);
            assertThat(r.exitCode()).as(r.err()).isZero();
        }
    }

    @Test
    void scoresLooksUpEvaluatesAndExports() throws Exception {
        CliRunner.Result score = CliRunner.run("offers", "score", "--top", "5", "--db", db);
        assertThat(score.exitCode()).as(score.err()).isZero();
        assertThat(score.out()).contains("offers for 3,000 customers");

        CliRunner.Result one = CliRunner.run("offers", "for", "1", "--format", "json", "--db", db);
        assertThat(one.exitCode()).as(one.err()).isZero();
        JsonNode offers = new ObjectMapper().readTree(one.out()).get("offers");
        assertThat(offers.size()).isBetween(1, 5);
        assertThat(offers.get(0).get("reason").asText()).isNotBlank();
        assertThat(offers.get(0).get("score").asDouble()).isGreaterThanOrEqualTo(offers.get(offers.size() - 1).get("score").asDouble());

        CliRunner.Result table = CliRunner.run("offers", "for", "1", "--db", db);
        assertThat(table.out()).contains("rank").contains("reason");

        CliRunner.Result eval = CliRunner.run("offers", "evaluate", "--calibration-end", "2023-09-30", "--format", "json", "--db", db);
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode e = new ObjectMapper().readTree(eval.out());
        assertThat(e.get("k").asInt()).isEqualTo(3);
        assertThat(e.has("hitRateAtK")).isTrue();
        assertThat(e.has("baselineHitRateAtK")).isTrue();
        assertThat(e.has("precisionAtK")).isTrue();

        Path csv = dir.resolve("mail.csv");
        CliRunner.Result export = CliRunner.run("campaign", "export", "--segment", "web", "--channel", "mail", "--out", csv.toString(), "--db", db);
        assertThat(export.exitCode()).as(export.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("customer_id,region,phone,offer_id,product_id,coupon,reason");
        assertThat(lines.size()).isGreaterThan(10);
        assertThat(lines.get(1)).matches("\\d+,\\w+,'\\+1555\\d{7},\\w+,\\w+,[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4},.+");

        Path mail = dir.resolve("email.csv");
        String offer = offers.get(0).get("offerId").asText();
        CliRunner.Result byOffer = CliRunner.run("campaign", "export", "--offer", offer, "--channel", "email", "--out", mail.toString(),
                "--control-share", "0", "--db", db);
        assertThat(byOffer.exitCode()).as(byOffer.err()).isZero();
        assertThat(Files.readAllLines(mail).get(0)).isEqualTo("customer_id,email,offer_id,product_id,coupon,reason");
        assertThat(Files.readString(mail)).contains("customer1@example.com");

        // customer 1 received two offers today; a rejection is recorded and honoured by the next lookup
        CliRunner.Result reject = CliRunner.run("offers", "respond", "1", offer, "rejected", "--db", db);
        assertThat(reject.exitCode()).as(reject.err()).isZero();
        CliRunner.Result after = CliRunner.run("offers", "for", "1", "--format", "json", "--db", db);
        assertThat(after.out()).doesNotContain("\"offerId\" : \"" + offer + "\"");
    }

    @Test
    void campaignsDrawARecordedControlGroupAndReportTheirResults() throws Exception {
        assertThat(CliRunner.run("offers", "score", "--db", db).exitCode()).isZero();
        Path csv = dir.resolve("c1.csv");
        String[] export = {"campaign", "export", "--segment", "web", "--channel", "mail", "--out", csv.toString(), "--campaign", "c1",
            "--control-share", "0.2", "--seed", "5", "--db", db};
        CliRunner.Result e = CliRunner.run(export);
        assertThat(e.exitCode()).as(e.err()).isZero();
        assertThat(e.out()).contains("held out as the control group");
        List<String> control;
        long treated;
        long eligible;
        try (org.rapport.store.RapportStore s = org.rapport.store.RapportStore.open(Path.of(db))) {
            control = s.query("SELECT customer_id FROM campaign_members WHERE campaign = 'c1' AND arm = 'control' ORDER BY 1", rs -> rs.getString(1));
            treated = s.queryLong("SELECT count(*) FROM campaign_members WHERE campaign = 'c1' AND arm = 'treated'");
            eligible = s.queryLong("SELECT eligible FROM campaigns WHERE campaign = 'c1'");
        }
        assertThat((long) control.size()).isEqualTo(Math.round(0.2 * eligible));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize((int) treated + 1);
        assertThat(lines.subList(1, lines.size())).noneMatch(l -> control.contains(l.substring(0, l.indexOf(','))));

        CliRunner.Result r = CliRunner.run("campaign", "results", "c1", "--db", db);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("treated").contains("control").contains("incremental response");
        JsonNode j = new ObjectMapper().readTree(CliRunner.run("campaign", "results", "c1", "--format", "json", "--db", db).out());
        assertThat(j.get("treated").get("customers").asLong()).isEqualTo(treated);

        CliRunner.Result unknown = CliRunner.run("campaign", "results", "no-such", "--db", db);
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(unknown.err()).contains("unknown campaign 'no-such'");
        CliRunner.Result share = CliRunner.run("campaign", "export", "--segment", "web", "--channel", "mail", "--out", csv.toString(),
                "--control-share", "0.95", "--db", db);
        assertThat(share.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(share.err()).contains("'control-share' = '0.95' is not a share in [0, 0.9]");

        // a campaign without control group contacts every holder of the offer today; with one offer per
        // period nobody is left for a second campaign of it
        Path cfg = dir.resolve("one.properties");
        Files.writeString(cfg, "max-offers-per-period=1\n");
        String offer = new ObjectMapper().readTree(CliRunner.run("offers", "for", "2", "--format", "json", "--db", db).out()).get("offers").get(0)
                .get("offerId").asText();
        CliRunner.Result o1 = CliRunner.run("campaign", "export", "--offer", offer, "--channel", "email", "--out", dir.resolve("o.csv").toString(),
                "--control-share", "0", "--campaign", "o1", "--db", db);
        assertThat(o1.exitCode()).as(o1.err()).isZero();
        CliRunner.Result none = CliRunner.run("campaign", "export", "--offer", offer, "--channel", "email", "--out", dir.resolve("o2.csv").toString(),
                "--config", cfg.toString(), "--campaign", "o2", "--db", db);
        assertThat(none.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(none.err()).contains("campaign 'o2' has no eligible customer");
    }

    @Test
    void unknownCustomerIsBadInput() {
        CliRunner.Result r = CliRunner.run("offers", "for", "no-such-customer", "--db", db);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("unknown customer 'no-such-customer'");
    }

    @Test
    void emptyStoreSaysWhatToDo() {
        String empty = CliRunner.emptyStore(dir.resolve("empty.duckdb"));
        CliRunner.Result r = CliRunner.run("offers", "score", "--db", empty);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.err()).contains("no purchases in the store: ingest transactions first");
        CliRunner.Result e = CliRunner.run("offers", "evaluate", "--db", empty);
        assertThat(e.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(e.err()).contains("no analysis run in the store");
        CliRunner.Result c = CliRunner.run("campaign", "export", "--offer", "x", "--channel", "email", "--out", dir.resolve("x.csv").toString(), "--db", empty);
        assertThat(c.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(c.err()).contains("no offers in the store: run rapport offers score first");
    }
}
