package org.rapport.store.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.rapport.store.Queries;

/**
 * The analysis runs ({@code analysis_runs}, pipeline schema) as typed values: the one place that reads
 * them, for the batch job, the analyses after scoring, the CLI and the server. An empty answer when the
 * table does not exist yet (a store that was never analysed).
 */
public final class Runs {
    private static final String COLUMNS = """
            run_id, started, finished, purchase_model, purchase_params, spend_params, calibration_end, holdout_end,
            period_unit, clv_months, annual_discount_rate, horizon_days, interval_level, margin_rate, model_choice,
            selection, counting""";

    private Runs() {
    }

    /**
     * One run's settings and fitted parameters as stored.
     *
     * @param runId the run
     * @param started when it started (UTC)
     * @param finished when it was saved (UTC)
     * @param purchaseModel the final purchase model's name, e.g. {@code bgnbd}
     * @param purchaseParams its parameters as a JSON object of numbers
     * @param spendParams the spend model's parameters as JSON, or null without a spend model
     * @param calibrationEnd the last day of calibration
     * @param holdoutEnd the last day of the data
     * @param periodUnit the model's time unit, lower case ({@code week}, {@code day}...)
     * @param clvMonths the CLV horizon in months, or null for a run saved before the settings were typed
     * @param annualDiscountRate the annual discount rate, or null likewise
     * @param horizonDays the expected-purchases horizon in days, or null
     * @param intervalLevel the interval level, or null
     * @param marginRate the margin rate applied without product margins, or null
     * @param modelChoice the model option ({@code auto}, {@code bgnbd}...), or null
     * @param selection the selection criterion, or null
     * @param counting how repeat purchases were counted ({@code orders}, {@code days}), or null
     */
    public record StoredRun(long runId, LocalDateTime started, LocalDateTime finished, String purchaseModel,
                            String purchaseParams, String spendParams, LocalDate calibrationEnd, LocalDate holdoutEnd,
                            String periodUnit, Integer clvMonths, Double annualDiscountRate, Double horizonDays,
                            Double intervalLevel, Double marginRate, String modelChoice, String selection, String counting) {
        /** @return whether the run kept a holdout period after its calibration end */
        public boolean hasHoldout() {
            return holdoutEnd.isAfter(calibrationEnd);
        }
    }

    /**
     * @param q the store or a pool
     * @return the id of the latest run, if any
     */
    public static Optional<Long> latestRunId(Queries q) {
        if (!q.tableExists("analysis_runs")) {
            return Optional.empty();
        }
        return q.queryFirst("SELECT max(run_id) FROM analysis_runs", rs -> {
            long v = rs.getLong(1);
            return rs.wasNull() ? null : v;
        });
    }

    /**
     * @param q the store or a pool
     * @return the latest run, if any
     */
    public static Optional<StoredRun> latest(Queries q) {
        if (!q.tableExists("analysis_runs")) {
            return Optional.empty();
        }
        return q.queryFirst("SELECT " + COLUMNS + " FROM analysis_runs ORDER BY run_id DESC LIMIT 1", Runs::map);
    }

    /**
     * @param q the store or a pool
     * @param runId a run id
     * @return that run, if it exists
     */
    public static Optional<StoredRun> byId(Queries q, long runId) {
        if (!q.tableExists("analysis_runs")) {
            return Optional.empty();
        }
        return q.queryFirst("SELECT " + COLUMNS + " FROM analysis_runs WHERE run_id = ?", Runs::map, runId);
    }

    /**
     * @param q the store or a pool
     * @return every run, newest first
     */
    public static List<StoredRun> all(Queries q) {
        if (!q.tableExists("analysis_runs")) {
            return List.of();
        }
        return q.query("SELECT " + COLUMNS + " FROM analysis_runs ORDER BY run_id DESC", Runs::map);
    }

    /**
     * @param q the store or a pool
     * @return the stored report (JSON) of the latest run, if any
     */
    public static Optional<String> latestReportJson(Queries q) {
        if (!q.tableExists("analysis_runs")) {
            return Optional.empty();
        }
        return q.queryFirst("SELECT report_json FROM analysis_runs ORDER BY run_id DESC LIMIT 1", rs -> rs.getString(1));
    }

    /**
     * @param q the store or a pool
     * @param runId a run id
     * @return the stored report (JSON) of that run, if it exists
     */
    public static Optional<String> reportJson(Queries q, long runId) {
        if (!q.tableExists("analysis_runs")) {
            return Optional.empty();
        }
        return q.queryFirst("SELECT report_json FROM analysis_runs WHERE run_id = ?", rs -> rs.getString(1), runId);
    }

    /**
     * @param q the store or a pool
     * @param runId a run id
     * @return how many customers that run scored (0 when there are no scores)
     */
    public static long scoredCustomers(Queries q, long runId) {
        if (!q.tableExists("customer_scores")) {
            return 0;
        }
        return q.queryLong("SELECT count(*) FROM customer_scores WHERE run_id = ?", runId);
    }

    private static StoredRun map(ResultSet rs) throws SQLException {
        return new StoredRun(rs.getLong(1), rs.getTimestamp(2).toLocalDateTime(), rs.getTimestamp(3).toLocalDateTime(),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getDate(7).toLocalDate(), rs.getDate(8).toLocalDate(),
                rs.getString(9), (Integer) boxed(rs, 10, true), (Double) boxed(rs, 11, false), (Double) boxed(rs, 12, false),
                (Double) boxed(rs, 13, false), (Double) boxed(rs, 14, false), rs.getString(15), rs.getString(16),
                rs.getString(17));
    }

    private static Object boxed(ResultSet rs, int column, boolean integer) throws SQLException {
        if (rs.getObject(column) == null) {
            return null;
        }
        return integer ? (Object) rs.getInt(column) : (Object) rs.getDouble(column);
    }
}
