package org.rapport.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rapport.model.ModelException;
import org.rapport.model.data.PurchaseHistory;
import org.rapport.model.value.Clv;
import org.rapport.pipeline.report.ReportData;
import org.rapport.pipeline.stage.CovariateStage;
import org.rapport.pipeline.stage.FitStage;
import org.rapport.pipeline.stage.ScoreStage;
import org.rapport.pipeline.stage.Summarise;
import org.rapport.store.Queries;
import org.rapport.store.RapportStore;
import org.rapport.store.query.Runs;
import org.rapport.store.StoreException;
import org.rapport.store.StoreHealth;

/**
 * The batch job over the store: summarise &rarr; fit &rarr; validate &rarr; score, then the report's data,
 * saved with the run in {@code analysis_runs}. Ingest comes before it (the store's {@code Ingestor});
 * rendering the HTML comes after it ({@link org.rapport.pipeline.report.HtmlReport}).
 */
public final class Analysis {
    /** JSON for the stored report data: dates as ISO text, NaN kept as a NaN token (Spark writes its run with it too). */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /**
     * The outcome of a run.
     *
     * @param runId the run's id in {@code analysis_runs}
     * @param report the report's data
     * @param fits the fitted models (calibration, final, spend)
     * @param options the settings the run used (as stored in {@code analysis_runs})
     * @param calibrationEnd the last day of calibration
     * @param holdoutEnd the last day of the data
     * @param customers the customers scored
     */
    public record Result(long runId, ReportData report, FitStage.Outcome fits, AnalysisOptions options,
                         LocalDate calibrationEnd, LocalDate holdoutEnd, long customers) {
        /** @return whether the run kept a holdout period after the calibration end */
        public boolean hasHoldout() {
            return holdoutEnd.isAfter(calibrationEnd);
        }
    }

    /**
     * The tables a run changes (summaries, scores, the run, the results of the analyses that follow it):
     * a batch job journals them ({@code RunJournal.atomically}) so a failed run leaves the previous one whole.
     */
    public static final List<String> TABLES = List.of("customer_summary", "customer_scores", "analysis_runs",
            "analysis_results", "run_covariates");

    private Analysis() {
    }

    /**
     * Runs the analysis on what the store holds.
     *
     * @param store the store (transactions ingested)
     * @param options the options
     * @param progress progress
     * @return the run
     * @throws ModelException if the data cannot support a model (e.g. no repeat purchases)
     * @throws StoreException if the store fails or holds no purchases
     */
    public static Result run(RapportStore store, AnalysisOptions options, Progress progress) {
        Instant started = Instant.now();
        Connection c = store.connection();
        try (Connection w = store.newConnection()) {
            DataRange range = range(store);
            if (!options.covariates().isEmpty()) {
                CovariateStage.checkColumns(store, options.covariates());
            }
            PurchaseHistory.Window window = window(range.first, range.last, options,
                    options.count() == PurchaseHistory.Counting.ORDERS && Summarise.hasTimesOfDay(c));
            Summarise.Result summary = Summarise.run(c, w, window, options.count(), range.customers, progress);
            FitStage.Outcome fits = FitStage.run(summary, options.model(), options.select(), progress);
            ReportData.Covariates covariates = null;
            if (!options.covariates().isEmpty()) {
                progress.start("covariates", 1);
                covariates = ReportData.Covariates.of(options.covariates(),
                        CovariateStage.fit(store, fits.finalFit().modelName(), options.covariates()), options.level());
                progress.advance(1);
                progress.finish(String.format(Locale.ROOT, "%s refitted with %s: likelihood ratio %.1f on %d degrees"
                        + " of freedom, p = %.3g", covariates.model(), String.join(", ", options.covariates()),
                        covariates.likelihoodRatio(), covariates.degreesOfFreedom(), covariates.pValue()));
            }
            long runId = store.nextId("analysis_runs", "run_id");
            double unitDays = options.unit().days();
            Clv clv = Clv.withDefaults().withHorizon(options.clvMonths()).withDiscountRate(options.monthlyDiscountRate())
                    .withPeriodLength(365.25 / 12 / unitDays).withMargin(1).withLevel(options.level())
                    .withThreads(Runtime.getRuntime().availableProcessors());
            ScoreStage.Result scored = ScoreStage.run(c, w, fits,
                    new ScoreStage.Options(options.horizonDays() / unitDays, clv, options.margin()), runId,
                    summary.customers(), progress);
            progress.start("report", 1);
            ReportData report = ReportBuilder.build(store, options, range, window, summary, fits, scored, started,
                    covariates);
            save(store, runId, started, options, window, fits, report);
            progress.advance(1);
            progress.finish("run " + runId + " saved");
            return new Result(runId, report, fits, options, LocalDate.ofEpochDay(window.calibrationEnd()),
                    LocalDate.ofEpochDay(window.holdoutEnd()), scored.customers());
        } catch (SQLException e) {
            throw new StoreException("analysis failed in the store: " + e.getMessage(), e);
        }
    }

    /**
     * The calibration-end rule, shared by the store's pipeline and Spark: the calibration ends at
     * {@code --calibration-end}, or at the last purchase day without one; a date after the last purchase
     * becomes that day (no holdout), one before the first purchase is an error. Counting orders in data
     * with times of day, the calibration ends at the end of its last day.
     *
     * @param first the first purchase day
     * @param last the last purchase day (the end of the data)
     * @param options the options (calibration end, unit, counting)
     * @param timesOfDay whether some transaction has a time of day
     * @return the window
     * @throws IllegalArgumentException if the calibration end is before the first purchase
     */
    public static PurchaseHistory.Window window(LocalDate first, LocalDate last, AnalysisOptions options, boolean timesOfDay) {
        LocalDate calEnd = options.calibrationEnd() == null ? last : options.calibrationEnd();
        if (calEnd.isBefore(first)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "calibration end %s is before the first purchase (%s)", calEnd, first));
        }
        if (calEnd.isAfter(last)) {
            calEnd = last;
        }
        boolean subDay = options.count() == PurchaseHistory.Counting.ORDERS && timesOfDay;
        return new PurchaseHistory.Window(calEnd.toEpochDay(), last.toEpochDay(), options.unit().days(), subDay);
    }

    /**
     * @param store the store
     * @return the report data of the latest run, if any
     */
    public static Optional<ReportData> latestReport(Queries store) {
        return Runs.latestReportJson(store).map(Analysis::parse);
    }

    /**
     * Replaces a run's stored report data, e.g. with the sections of the analyses that ran after
     * scoring ({@link ReportData#withSections}), so {@code rapport report} renders them too.
     *
     * @param store the store
     * @param runId the run
     * @param report its new report data
     * @throws StoreException if the run does not exist
     */
    public static void saveReport(RapportStore store, long runId, ReportData report) {
        try {
            long n = store.update("UPDATE analysis_runs SET report_json = ? WHERE run_id = ?",
                    JSON.writeValueAsString(report), runId);
            if (n != 1) {
                throw new StoreException("analysis run " + runId + " does not exist");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ReportData parse(String json) {
        try {
            return JSON.readValue(json, ReportData.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("the stored report of the latest run cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    /** Dates and counts of the purchases in the store. */
    record DataRange(LocalDate first, LocalDate last, long customers, long purchases) {
    }

    static DataRange range(RapportStore store) {
        long impossible = StoreHealth.impossibleLines(store);
        if (impossible > 0) {
            // An infinity timestamp made the holdout tracking run forever (issue 15).
            throw new StoreException(String.format(Locale.ROOT, "the store holds %,d transaction lines with a date no "
                    + "analysis can use (infinity, or outside 1800 to 2200), loaded before Rapport checked dates: "
                    + "run `rapport doctor --fix` to move them to the rejects table", impossible));
        }
        DataRange r = store.queryFirst("""
                SELECT CAST(min(ts) AS DATE), CAST(max(ts) AS DATE), count(DISTINCT customer_id), count(*)
                FROM purchases""", rs -> new DataRange(
                rs.getDate(1) == null ? null : rs.getDate(1).toLocalDate(),
                rs.getDate(2) == null ? null : rs.getDate(2).toLocalDate(), rs.getLong(3), rs.getLong(4))).orElseThrow();
        if (r.purchases == 0) {
            throw new StoreException("the store holds no purchases: ingest a transactions file first "
                    + "(rapport ingest transactions FILE)");
        }
        return r;
    }

    /**
     * @param fits a run's fits
     * @return how many customers and distinct rows the calibration and final fits used, for a run's provenance
     */
    public static Map<String, Object> fitSizes(FitStage.Outcome fits) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calibrationCustomers", fits.calibrationFit().observations());
        m.put("calibrationDistinctRows", fits.calibrationFit().distinctRows());
        m.put("finalCustomers", fits.finalFit().observations());
        m.put("finalDistinctRows", fits.finalFit().distinctRows());
        return m;
    }

    /** @param report a run's report @return its settings as NAME=VALUE lines, as {@code analysis_runs.options} stores them */
    public static List<String> settingLines(ReportData report) {
        List<String> settings = new ArrayList<>();
        for (ReportData.Setting s : report.options()) {
            settings.add(s.name() + "=" + s.value());
        }
        return settings;
    }

    private static void save(RapportStore store, long runId, Instant started, AnalysisOptions options,
                             PurchaseHistory.Window window, FitStage.Outcome fits, ReportData report) {
        try {
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("rapport", Optional.ofNullable(Analysis.class.getPackage().getImplementationVersion()).orElse("development build"));
            provenance.put("java", System.getProperty("java.version"));
            provenance.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            provenance.putAll(fitSizes(fits));
            List<String> settings = settingLines(report);
            store.update("""
                    INSERT INTO analysis_runs (run_id, started, finished, purchase_model, purchase_params, spend_params,
                        calibration_end, holdout_end, period_unit, options, provenance, report_json, clv_months,
                        annual_discount_rate, horizon_days, interval_level, margin_rate, model_choice, selection, counting)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    runId, Timestamp.from(started), Timestamp.from(Instant.now()), fits.finalFit().modelName(),
                    JSON.writeValueAsString(fits.finalFit().parameterMap()),
                    fits.spendFit() == null ? null : JSON.writeValueAsString(fits.spendFit().parameterMap()),
                    java.sql.Date.valueOf(LocalDate.ofEpochDay(window.calibrationEnd())),
                    java.sql.Date.valueOf(LocalDate.ofEpochDay(window.holdoutEnd())), options.unit().name().toLowerCase(Locale.ROOT),
                    JSON.writeValueAsString(settings), JSON.writeValueAsString(provenance), JSON.writeValueAsString(report),
                    options.clvMonths(), options.annualDiscountRate(), options.horizonDays(), options.level(), options.margin(),
                    options.model().name().toLowerCase(Locale.ROOT), options.select().name().toLowerCase(Locale.ROOT),
                    options.count().name().toLowerCase(Locale.ROOT));
            if (report.covariates() != null) {
                store.update("INSERT INTO run_covariates (run_id, columns, fit_json) VALUES (?, ?, ?)", runId,
                        String.join(",", options.covariates()), JSON.writeValueAsString(report.covariates()));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
