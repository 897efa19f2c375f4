package org.rapport.server;

import org.rapport.store.ConnectionPool;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rapport.server.api.ApiError;
import org.rapport.server.api.Json;

/**
 * The analysis runs of the store, newest first: each run's settings (the typed columns of
 * {@code analysis_runs}), its model, its holdout figures and its totals, read from the run's own
 * report data ({@code report_json}), the one source the HTML report, the validation page and the
 * run history all show.
 */
public final class RunHistory {
    /** The most runs listed. */
    public static final int MAX = 500;
    /** The sorts of the run history: key → what it sorts by. */
    public static final List<String> SORTS = List.of("run", "finished", "model", "calibrationEnd", "totalClv", "holdoutMae");

    private final ConnectionPool db;

    /** @param db the pool */
    public RunHistory(ConnectionPool db) {
        this.db = db;
    }

    /**
     * One run.
     *
     * @param runId its id
     * @param started when it started
     * @param finished when it finished
     * @param source what it analysed (a file name, the store)
     * @param model the purchase model chosen ({@code bgnbd}, {@code pnbd}, ...)
     * @param modelChoice how the model was chosen ({@code auto} or a model named by the user)
     * @param selection the criterion of an automatic choice
     * @param counting how repeat purchases were counted
     * @param periodUnit the period unit
     * @param calibrationEnd the calibration end
     * @param holdoutEnd the holdout end (the calibration end when the run had no holdout)
     * @param clvMonths the CLV horizon in months
     * @param discountRate the annual discount rate
     * @param marginRate the margin rate, null when margins came from the products
     * @param intervalLevel the interval level
     * @param bic the chosen model's BIC on the calibration data
     * @param logLikelihood the chosen model's log-likelihood
     * @param parameters the chosen model's parameters (name → estimate)
     * @param spendParameters the spend model's parameters, empty without one
     * @param customers customers scored
     * @param totalClv the sum of CLV
     * @param expectedAlive the expected number of customers alive
     * @param holdout whether the run had a holdout (and so a validation)
     * @param holdoutMae mean absolute error of holdout purchases per customer, null without a holdout
     * @param holdoutRmse root mean squared error, null without a holdout
     * @param aggregateError (predicted − actual) / actual holdout purchases, null without a holdout
     */
    public record Run(long runId, LocalDateTime started, LocalDateTime finished, String source, String model, String modelChoice,
                      String selection, String counting, String periodUnit, LocalDate calibrationEnd, LocalDate holdoutEnd,
                      Integer clvMonths, Double discountRate, Double marginRate, Double intervalLevel, Double bic, Double logLikelihood,
                      Map<String, Double> parameters, Map<String, Double> spendParameters, long customers, Double totalClv,
                      Double expectedAlive, boolean holdout, Double holdoutMae, Double holdoutRmse, Double aggregateError) {
    }

    /** @return whether any run exists */
    public boolean any() {
        return db.tableExists("analysis_runs") && db.hasRows("analysis_runs");
    }

    /** @return every run, newest first (at most {@link #MAX}) */
    public List<Run> list() {
        if (!db.tableExists("analysis_runs")) {
            return List.of();
        }
        return db.query("""
                SELECT run_id, started, finished, purchase_model, model_choice, selection, counting, period_unit, calibration_end,
                       holdout_end, clv_months, annual_discount_rate, margin_rate, interval_level, report_json
                FROM analysis_runs ORDER BY run_id DESC LIMIT ?""", rs -> {
            JsonNode report = parse(rs.getString(15));
            JsonNode pm = report.path("purchaseModel");
            JsonNode v = report.path("validation");
            JsonNode t = report.path("totals");
            boolean holdout = v.isObject();
            return new Run(rs.getLong(1), rs.getTimestamp(2).toLocalDateTime(), rs.getTimestamp(3).toLocalDateTime(),
                    fileName(report.path("source").asText("")), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                    rs.getDate(9).toLocalDate(), rs.getDate(10).toLocalDate(), (Integer) rs.getObject(11), num(rs.getObject(12)),
                    num(rs.getObject(13)), num(rs.getObject(14)), num(pm.path("bic")), num(pm.path("logLikelihood")),
                    parameters(pm.path("parameters")), parameters(report.path("spendModel").path("parameters")), t.path("customers").asLong(),
                    num(t.path("totalClv")), num(t.path("expectedAlive")), holdout, holdout ? num(v.path("mae")) : null,
                    holdout ? num(v.path("rmse")) : null, holdout ? num(v.path("aggregateError")) : null);
        }, MAX);
    }

    /** @param id a run id @return the run */
    public Optional<Run> get(long id) {
        return list().stream().filter(r -> r.runId() == id).findFirst();
    }

    /** @return the latest run, if any */
    public Optional<Run> latest() {
        List<Run> l = list();
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /**
     * @param sort one of {@link #SORTS}, with a leading {@code -} for descending
     * @return the runs in that order
     * @throws ApiError 400 for an unknown sort
     */
    public List<Run> sorted(String sort) {
        String key = sort.startsWith("-") ? sort.substring(1) : sort;
        Comparator<Run> c = switch (key) {
            case "run" -> Comparator.comparingLong(Run::runId);
            case "finished" -> Comparator.comparing(Run::finished);
            case "model" -> Comparator.comparing(Run::model).thenComparingLong(Run::runId);
            case "calibrationEnd" -> Comparator.comparing(Run::calibrationEnd).thenComparingLong(Run::runId);
            case "totalClv" -> Comparator.comparing(Run::totalClv, Comparator.nullsFirst(Comparator.naturalOrder()));
            case "holdoutMae" -> Comparator.comparing(Run::holdoutMae, Comparator.nullsFirst(Comparator.naturalOrder()));
            default -> throw ApiError.badRequest("sort: '" + Printable.text(sort) + "' is not one of " + String.join(", ", SORTS)
                    + " (a leading '-' for descending)");
        };
        List<Run> l = new ArrayList<>(list());
        l.sort(sort.startsWith("-") ? c.reversed() : c);
        return l;
    }

    /** The data a run read, without the server's folders (a job's file as the client named it, a store's file name). */
    private static String fileName(String source) {
        return source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    }

    private static Map<String, Double> parameters(JsonNode list) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (list.isArray()) {
            for (JsonNode p : list) {
                out.put(p.path("name").asText(), num(p.path("value")));
            }
        } else if (list.isObject()) {
            list.fields().forEachRemaining(e -> out.put(e.getKey(), num(e.getValue())));
        }
        return out;
    }

    private static Double num(JsonNode n) {
        return n.isNumber() ? Double.valueOf(n.asDouble()) : null;
    }

    private static Double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ApiError(500, "a run's report data cannot be read: " + e.getOriginalMessage());
        }
    }
}
