package org.rapport.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.rapport.cli.io.InputException;
import org.rapport.cli.job.BatchJob;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.Results;
import org.rapport.store.RapportStore;
import org.rapport.store.RunJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rapport load-results DIR}: publishes the Parquet tables of a Spark run ({@code rapport spark
 * analyze --out DIR}) into a store, so {@code rapport report}, the commands that read the latest run and
 * {@code rapport serve} work on it as on a local run.
 *
 * <p>First every table is checked without touching the store: the folder holds Parquet files that
 * DuckDB can read, with the columns the store needs, one run row, as many scores as summaries. Then
 * the store's batch tables ({@link BatchJob#TABLES}) change under the run journal ({@link RunJournal}), as {@code analyze} changes
 * them: the summaries, scores and relationship groups are replaced, the run is added with a new run id
 * and its results are stored under it; the next best offers of the previous run (valued on its scores)
 * are removed. A failure or a kill puts the previous run back whole. A store held by {@code rapport serve}
 * is refused at open, as for every command that writes.
 */
@Command(name = "load-results", mixinStandardHelpOptions = true,
        header = "Publish a Spark run's Parquet output into a store as its latest run.",
        description = {"Publish the output folder of `rapport spark analyze --out DIR` into the store: customer summaries,",
            "scores with their intervals, relationship groups, the run's settings and report data. All or nothing:",
            "a failed load leaves the previous run in place."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "2:a missing or unreadable table file, a missing column or inconsistent tables"})
public final class LoadResultsCommand implements Callable<Integer> {
    /** Each table of a Spark run: its folder under DIR and the columns the store needs, in the store's order. */
    static final Map<String, List<String>> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("summary", List.of("customer_id", "first_purchase", "x_cal", "t_x_cal", "t_cal", "holdout_x", "holdout_spend",
                "x", "t_x", "t", "m", "first_amount", "total_spend"));
        TABLES.put("scores", List.of("customer_id", "x", "t_x", "t", "p_alive", "expected_purchases", "expected_spend",
                "margin_rate", "clv", "clv_lower", "clv_upper", "purchases_lower", "purchases_upper", "clv_pred_lower",
                "clv_pred_upper"));
        TABLES.put("groups", List.of("customer_id", "relationship_group", "barnacle_action", "clv", "loyalty"));
        TABLES.put("run", List.of("started", "finished", "purchase_model", "purchase_params", "spend_params", "calibration_end",
                "holdout_end", "period_unit", "options", "provenance", "report_json", "clv_months", "annual_discount_rate",
                "horizon_days", "interval_level", "margin_rate", "model_choice", "selection", "counting"));
        TABLES.put("results", List.of("analysis", "result_json"));
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOption store;

    @Parameters(index = "0", paramLabel = "DIR", description = "The output folder of rapport spark analyze (local path).")
    Path dir;

    @Override
    public Integer call() {
        Map<String, String> files = check(dir);
        try (RapportStore s = store.openOrCreate()) {
            Map<String, Long> rows = counts(s, files);
            if (rows.get("run") != 1) {
                throw new InputException(Path.of(files.get("run")), "holds " + rows.get("run") + " rows: one run row expected");
            }
            if (!rows.get("scores").equals(rows.get("summary"))) {
                throw new InputException(dir, String.format(Locale.ROOT, "%,d scores but %,d summaries: the folder mixes two runs; "
                        + "run rapport spark analyze again", rows.get("scores"), rows.get("summary")));
            }
            long runId = RunJournal.atomically(s, "load-results", BatchJob.TABLES, () -> publish(s, files));
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "run %d published from %s: %,d customers scored, %,d in relationship groups%n", runId, dir,
                    rows.get("scores"), rows.get("groups"));
            out.println("rapport report, the commands on the latest run and rapport serve now use it");
            return 0;
        }
    }

    /** @return each table's file glob, after checking that its folder holds Parquet files */
    static Map<String, String> check(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir, "is not a folder: give the --out folder of rapport spark analyze");
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (String t : TABLES.keySet()) {
            Path folder = dir.resolve(t);
            if (!Files.isDirectory(folder)) {
                throw new InputException(folder, "missing: not the output of a complete rapport spark analyze run");
            }
            try (Stream<Path> s = Files.list(folder)) {
                if (s.noneMatch(p -> p.getFileName().toString().endsWith(".parquet"))) {
                    throw new InputException(folder, "holds no .parquet file");
                }
            } catch (java.io.IOException e) {
                throw new InputException(folder, "cannot be read: " + e.getMessage());
            }
            files.put(t, folder.resolve("*.parquet").toString());
        }
        return files;
    }

    /** Reads every table's columns and rows; a file DuckDB cannot read or a missing column is the input's fault. */
    private static Map<String, Long> counts(RapportStore s, Map<String, String> files) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path file = Path.of(e.getValue()).getParent();
            List<String> columns;
            try {
                columns = s.query("SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(?))", rs -> rs.getString(1),
                        e.getValue());
                rows.put(e.getKey(), s.queryLong("SELECT count(*) FROM read_parquet(?)", e.getValue()));
            } catch (RuntimeException x) {
                throw new InputException(file, "cannot be read as Parquet: " + firstLine(x));
            }
            List<String> missing = new ArrayList<>(TABLES.get(e.getKey()));
            missing.removeAll(columns);
            if (!missing.isEmpty()) {
                throw new InputException(file, "has no column " + String.join(", ", missing) + " (columns: "
                        + String.join(", ", columns) + ")");
            }
        }
        return rows;
    }

    /** Replaces the batch tables with the run's; runs under the journal. @return the new run id */
    private static long publish(RapportStore s, Map<String, String> files) {
        long runId = s.nextId("analysis_runs", "run_id");
        String run = String.join(", ", TABLES.get("run"));
        load(s, files, "run", "INSERT INTO analysis_runs (run_id, " + run + ") SELECT ?, " + run + " FROM read_parquet(?)", runId);
        s.update("DELETE FROM customer_summary");
        String summary = String.join(", ", TABLES.get("summary"));
        load(s, files, "summary", "INSERT INTO customer_summary (" + summary + ") SELECT " + summary + " FROM read_parquet(?)");
        s.update("DELETE FROM customer_scores");
        String scores = String.join(", ", TABLES.get("scores"));
        load(s, files, "scores", "INSERT INTO customer_scores (run_id, " + scores + ") SELECT ?, " + scores
                + " FROM read_parquet(?)", runId);
        s.update("DELETE FROM customer_groups");
        String groups = String.join(", ", TABLES.get("groups"));
        load(s, files, "groups", "INSERT INTO customer_groups (" + groups + ") SELECT " + groups + " FROM read_parquet(?)");
        // Offers were valued on the previous run's scores.
        s.update("DELETE FROM customer_offers");
        List<String[]> results = s.query("SELECT analysis, result_json FROM read_parquet(?)",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, files.get("results"));
        for (String[] r : results) {
            JsonNode doc;
            try {
                doc = Analysis.JSON.readTree(r[1]);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new InputException(Path.of(files.get("results")).getParent(), "the " + r[0]
                        + " result is not JSON: " + e.getOriginalMessage());
            }
            if (doc instanceof ObjectNode o && o.has("runId")) {
                o.put("runId", runId);
            }
            Results.save(s, r[0], runId, doc);
        }
        return runId;
    }

    /** Runs one INSERT ... FROM read_parquet(?); a failure names the table's folder. */
    private static void load(RapportStore s, Map<String, String> files, String table, String sql, Object... before) {
        Object[] params = new Object[before.length + 1];
        System.arraycopy(before, 0, params, 0, before.length);
        params[before.length] = files.get(table);
        try {
            s.update(sql, params);
        } catch (RuntimeException e) {
            throw new InputException(Path.of(files.get(table)).getParent(), "cannot be loaded: " + firstLine(e));
        }
    }

    private static String firstLine(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage() == null ? c.toString() : c.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
