package org.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;

/**
 * Issue 15, items 1 and 4: {@code analyze} killed with -9 at different stages. Before, a kill left
 * tables of two runs (new summaries with old scores, scores of run 2 with runs ending at 1) and every
 * later {@code analyze} failed on a duplicate key. Now the next open puts the previous run back whole
 * (the run journal), and {@code analyze} runs again at once.
 */
class AnalyzeCrashTest {
    @TempDir
    static Path dir;
    static Path world;

    @BeforeAll
    static void world() throws java.io.IOException {
        world = dir.resolve("world");
        WorldSimulator.of(WorldOptions.withDefaults().withCustomers(1500).withSeed(11)).simulate(world, (s, d, t) -> { });
    }

    /** What a reader sees of the latest run. */
    record Snapshot(long runs, long results, long summaries, long scores, String scoreRuns, double clv, long offers) {
        static Snapshot of(RapportStore s) {
            return new Snapshot(s.queryLong("SELECT count(*) FROM analysis_runs"),
                    s.queryLong("SELECT count(*) FROM analysis_results"),
                    s.queryLong("SELECT count(*) FROM customer_summary"),
                    s.queryLong("SELECT count(*) FROM customer_scores"),
                    s.queryFirst("SELECT string_agg(DISTINCT run_id::VARCHAR, ',') FROM customer_scores", rs -> rs.getString(1)).orElse(""),
                    s.queryFirst("SELECT round(sum(clv), 6) FROM customer_scores", rs -> rs.getDouble(1)).orElse(0.0),
                    s.queryLong("SELECT count(*) FROM customer_offers"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"summarise", "fit", "score", "segments: assign", "offers"})
    void aKilledAnalyzeLeavesThePreviousRunWholeAndRunsAgain(String killAfter) throws Exception {
        Path db = dir.resolve("k-" + killAfter.replace(' ', '_').replace(":", "") + ".duckdb");
        CliRunner.Result first = CliRunner.run("analyze", world.toString(), "--db", db.toString(), "--calibration-end", "2023-09-30");
        assertThat(first.exitCode()).as(first.err()).isZero();
        Snapshot before;
        try (RapportStore s = RapportStore.open(db)) {
            before = Snapshot.of(s);
        }
        killDuring(db, killAfter);
        try (RapportStore s = RapportStore.open(db)) {
            assertThat(s.recoveredAtOpen()).as("the journal was rolled back").isPresent();
            assertThat(Snapshot.of(s)).isEqualTo(before);
        }
        CliRunner.Result again = CliRunner.run("analyze", world.toString(), "--db", db.toString(), "--calibration-end", "2023-09-30");
        assertThat(again.exitCode()).as(again.err()).isZero();
        try (RapportStore s = RapportStore.open(db)) {
            Snapshot after = Snapshot.of(s);
            assertThat(after.runs()).isEqualTo(before.runs() + 1);
            assertThat(after.scoreRuns()).isEqualTo(String.valueOf(after.runs()));
            assertThat(after.scores()).isEqualTo(before.scores());
        }
    }

    /** Runs analyze in a child JVM and kills it as soon as the stage's summary line appears. */
    private static void killDuring(Path db, String stage) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Rapport.class.getName(), "analyze", world.toString(),
                "--db", db.toString(), "--calibration-end", "2023-09-30");
        pb.redirectErrorStream(true);
        Process child = pb.start();
        List<String> seen = new ArrayList<>();
        boolean killed = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                seen.add(line);
                if (line.startsWith("  " + stage + ":")) {
                    child.destroyForcibly();
                    killed = true;
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(killed).as("killed after %s; child printed %s", stage, seen).isTrue();
    }
}
