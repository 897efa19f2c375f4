package org.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;

/**
 * Issue 21: {@code rapport load-results DIR} publishes a Spark run's Parquet tables into a store. The
 * folder here has Spark's layout (a folder of part files per table) and the columns Spark writes,
 * made by DuckDB from a pipeline run on a simulated world, so the loaded store can be compared with the
 * run it came from. A Spark run's own folder goes through the same command in
 * rapport-bench/scripts/spark-vs-duckdb.sh. Bad folders exit 2 naming the file, and a load that fails
 * half-way (a NULL in a column the store requires, found only by the insert) leaves the previous run as
 * it was.
 */
class LoadResultsCommandTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aSparkFolderBecomesTheLatestRunAndABadOneChangesNothing() throws IOException {
        Path world = dir.resolve("world");
        WorldSimulator.of(WorldOptions.withDefaults().withCustomers(800).withSeed(5)).simulate(world, (s, d, t) -> { });
        String source = dir.resolve("source.duckdb").toString();
        String target = dir.resolve("target.duckdb").toString();
        for (String db : List.of(source, target)) {
            CliRunner.Result a = CliRunner.run("analyze", world.toString(), "--db", db, "--calibration-end", "2023-09-30");
            assertThat(a.exitCode()).as(a.err()).isZero();
        }
        Path good = dir.resolve("spark-out");
        try (RapportStore s = RapportStore.open(Path.of(source))) {
            s.update("DELETE FROM customer_groups");
            s.update("DELETE FROM customer_scores WHERE customer_id IN (SELECT customer_id FROM customer_scores LIMIT 7)");
            s.update("DELETE FROM customer_summary WHERE customer_id NOT IN (SELECT customer_id FROM customer_scores)");
            s.update("INSERT INTO customer_groups SELECT customer_id, 'stranger', NULL, clv, 0 FROM customer_scores");
            export(s, good, "summary", "SELECT * FROM customer_summary");
            export(s, good, "scores", "SELECT * EXCLUDE (run_id) FROM customer_scores");
            export(s, good, "groups", "SELECT * FROM customer_groups");
            export(s, good, "run", "SELECT * EXCLUDE (run_id) FROM analysis_runs ORDER BY run_id DESC LIMIT 1");
            export(s, good, "results", "SELECT 'groups' AS analysis, '{\"runId\": 0, \"groups\": []}' AS result_json");
        }
        long before;
        long summaries;
        String scoresBefore;
        try (RapportStore t = RapportStore.open(Path.of(target))) {
            before = t.queryLong("SELECT max(run_id) FROM analysis_runs");
            summaries = t.queryLong("SELECT count(*) FROM customer_summary");
            scoresBefore = fingerprint(t);
        }

        // A table missing, a file that is not Parquet, a column missing: exit 2 naming the file, nothing changed.
        Path noGroups = copy(good, dir.resolve("no-groups"));
        deleteTree(noGroups.resolve("groups"));
        CliRunner.Result missing = CliRunner.run("load-results", noGroups.toString(), "--db", target);
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(missing.err()).contains(noGroups.resolve("groups").toString()).contains("missing");

        Path corrupt = copy(good, dir.resolve("corrupt"));
        try (var files = Files.list(corrupt.resolve("scores"))) {
            Files.writeString(files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow(), "not parquet");
        }
        CliRunner.Result bad = CliRunner.run("load-results", corrupt.toString(), "--db", target);
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(bad.err()).contains(corrupt.resolve("scores").toString()).contains("cannot be read as Parquet");

        Path noColumn = copy(good, dir.resolve("no-column"));
        try (RapportStore s = RapportStore.open(Path.of(source))) {
            deleteTree(noColumn.resolve("scores"));
            export(s, noColumn, "scores", "SELECT * EXCLUDE (run_id, clv_pred_upper) FROM customer_scores");
        }
        CliRunner.Result col = CliRunner.run("load-results", noColumn.toString(), "--db", target);
        assertThat(col.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(col.err()).contains(noColumn.resolve("scores").toString()).contains("has no column clv_pred_upper");

        // Fails inside the journal: the summaries were already replaced when the scores' insert fails.
        Path nulls = copy(good, dir.resolve("nulls"));
        try (RapportStore s = RapportStore.open(Path.of(source))) {
            deleteTree(nulls.resolve("scores"));
            export(s, nulls, "scores", "SELECT * EXCLUDE (run_id, p_alive), CASE WHEN row_number() OVER () = 5 THEN NULL "
                    + "ELSE p_alive END AS p_alive FROM customer_scores");
        }
        CliRunner.Result half = CliRunner.run("load-results", nulls.toString(), "--db", target);
        assertThat(half.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(half.err()).contains(nulls.resolve("scores").toString()).contains("cannot be loaded");
        try (RapportStore t = RapportStore.open(Path.of(target))) {
            assertThat(t.queryLong("SELECT max(run_id) FROM analysis_runs")).isEqualTo(before);
            assertThat(fingerprint(t)).isEqualTo(scoresBefore);
            assertThat(t.queryLong("SELECT count(*) FROM customer_summary")).isEqualTo(summaries);
        }
        assertThat(CliRunner.run("doctor", "--db", target).exitCode()).isZero();

        // The good folder: a new latest run with the folder's 793 customers, which report and doctor accept.
        CliRunner.Result ok = CliRunner.run("load-results", good.toString(), "--db", target);
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("run " + (before + 1) + " published").contains("793 customers scored");
        try (RapportStore t = RapportStore.open(Path.of(target))) {
            assertThat(t.queryLong("SELECT count(*) FROM customer_scores WHERE run_id = ?", before + 1)).isEqualTo(793);
            assertThat(t.queryLong("SELECT count(*) FROM customer_groups WHERE relationship_group = 'stranger'")).isEqualTo(793);
            assertThat(t.queryFirst("SELECT result_json FROM analysis_results WHERE analysis = 'groups' AND run_id = ?",
                    rs -> rs.getString(1), before + 1).orElseThrow()).contains("\"runId\":" + (before + 1));
            assertThat(t.queryLong("SELECT count(*) FROM customer_offers")).isZero();
        }
        CliRunner.Result doctor = CliRunner.run("doctor", "--db", target);
        assertThat(doctor.exitCode()).as(doctor.out()).isZero();
        assertThat(doctor.out()).contains("793 customers summarised and scored");
        Path html = dir.resolve("report.html");
        CliRunner.Result report = CliRunner.run("report", "--db", target, "--out", html.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(Files.readString(html)).contains("customer lifetime value");
    }

    private static void export(RapportStore s, Path root, String table, String select) throws IOException {
        Path folder = Files.createDirectories(root.resolve(table));
        // Paths come from the test's temporary folder; DuckDB's COPY takes no bind parameter for its target.
        s.update("COPY (" + select + ") TO '" + folder.resolve("part-00000.parquet") + "' (FORMAT parquet)");
    }

    private static String fingerprint(RapportStore s) {
        return s.queryFirst("SELECT count(*) || ':' || sum(hash(customer_id, run_id, clv, p_alive)) FROM customer_scores",
                rs -> rs.getString(1)).orElseThrow();
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }

    private static void deleteTree(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
