package org.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;

/**
 * Issue 15: {@code rapport doctor} says what is wrong with a store and how to fix it; an {@code
 * infinity} timestamp already in a store (loaded before the plausibility rules) stops {@code analyze}
 * with a message instead of making it run forever.
 */
class DoctorCommandTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void doctorFindsAndFixesWhatAnalyzeCannotUse() throws IOException {
        Path world = dir.resolve("world");
        WorldSimulator.of(WorldOptions.withDefaults().withCustomers(800).withSeed(5)).simulate(world, (s, d, t) -> { });
        String db = dir.resolve("d.duckdb").toString();
        CliRunner.Result a = CliRunner.run("analyze", world.toString(), "--db", db, "--calibration-end", "2023-09-30");
        assertThat(a.exitCode()).as(a.err()).isZero();
        CliRunner.Result healthy = CliRunner.run("doctor", "--db", db);
        assertThat(healthy.exitCode()).as(healthy.out()).isZero();
        assertThat(healthy.out()).contains("the store is healthy").contains("customers summarised and scored");

        try (RapportStore s = RapportStore.open(Path.of(db))) {
            // As an older Rapport would have loaded it.
            s.update("INSERT INTO transactions VALUES ('evil', 'infinity'::TIMESTAMP, 1, NULL, NULL, NULL, NULL, 1, 999999)");
            s.update("DELETE FROM analysis_results");
        }
        CliRunner.Result spin = CliRunner.run("analyze", world.toString(), "--db", db, "--calibration-end", "2023-09-30");
        assertThat(spin.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(spin.err()).contains("1 transaction lines with a date no analysis can use").contains("rapport doctor --fix");

        CliRunner.Result sick = CliRunner.run("doctor", "--db", db);
        assertThat(sick.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(sick.out()).contains("PROBLEM  1 transaction lines have a date no analysis can use")
                .contains("has no analyses after scoring").contains("2 problem(s) found");

        CliRunner.Result fixed = CliRunner.run("doctor", "--fix", "--db", db);
        assertThat(fixed.out()).contains("moved 1 transaction lines");
        CliRunner.Result again = CliRunner.run("analyze", world.toString(), "--db", db, "--calibration-end", "2023-09-30");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(CliRunner.run("doctor", "--db", db).exitCode()).isZero();
        try (RapportStore s = RapportStore.open(Path.of(db))) {
            assertThat(s.queryLong("SELECT count(*) FROM rejects WHERE reason LIKE 'removed by rapport doctor%'")).isEqualTo(1);
        }
    }
}
