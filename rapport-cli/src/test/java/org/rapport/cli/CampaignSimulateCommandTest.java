package org.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;

/** {@code rapport campaign simulate}: a campaign sent into its simulated world, then measured. */
class CampaignSimulateCommandTest {
    @TempDir
    Path dir;

    @Test
    void aCampaignSentIntoTheWorldIsMeasuredAndItsResponsesRecorded() throws Exception {
        Path w = dir.resolve("world");
        WorldSimulator.of(WorldOptions.withDefaults().withCustomers(3_000).withSeed(7)).simulate(w);
        String db = dir.resolve("r.duckdb").toString();
        for (String kind : List.of("transactions", "products", "customers", "life_events", "household_links")) {
            assertThat(CliRunner.run("ingest", kind, w.resolve(kind + ".csv").toString(), "--db", db).exitCode()).isZero();
        }
        assertThat(CliRunner.run("offers", "score", "--db", db).exitCode()).isZero();
        CliRunner.Result e = CliRunner.run("campaign", "export", "--segment", "web", "--channel", "email", "--out", dir.resolve("c.csv").toString(),
                "--campaign", "c", "--control-share", "0.5", "--today", "2024-06-30", "--db", db);
        assertThat(e.exitCode()).as(e.err()).isZero();

        CliRunner.Result sim = CliRunner.run("campaign", "simulate", "c", "--world", w.toString(), "--db", db);
        assertThat(sim.exitCode()).as(sim.err()).isZero();
        assertThat(sim.out()).contains("planted mean uplift");
        assertThat(w.resolve("follow-up-c/truth_uplift.csv")).exists();
        long members = Files.readAllLines(w.resolve("follow-up-c/truth_uplift.csv")).size() - 1;

        CliRunner.Result r = CliRunner.run("campaign", "results", "c", "--db", db);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("incremental response");
        try (RapportStore s = RapportStore.open(Path.of(db))) {
            long treated = s.queryLong("SELECT count(*) FROM campaign_members WHERE campaign = 'c' AND arm = 'treated'");
            assertThat(s.queryLong("SELECT count(*) FROM campaign_members WHERE campaign = 'c'")).isEqualTo(members);
            // every treated member's response is recorded: accepted when they bought, else ignored
            assertThat(s.queryLong("SELECT count(*) FROM offer_history WHERE campaign = 'c' AND response IN ('accepted', 'ignored')"))
                    .isEqualTo(treated);
            assertThat(s.queryLong("SELECT count(*) FROM purchase_lines WHERE order_id LIKE 'F%'"))
                    .isEqualTo(s.queryLong("SELECT count(*) FROM offer_history WHERE campaign = 'c' AND response = 'accepted'")
                            + s.queryLong("SELECT count(*) FROM purchase_lines l JOIN campaign_members m USING (customer_id, product_id) "
                                    + "WHERE m.campaign = 'c' AND m.arm = 'control' AND l.order_id LIKE 'F%'"));
        }

        CliRunner.Result unknown = CliRunner.run("campaign", "simulate", "no-such", "--world", w.toString(), "--db", db);
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(unknown.err()).contains("unknown campaign 'no-such'");
    }
}
