package org.rapport.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.rapport.model.data.PurchaseHistory;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.ReportBuilder;
import org.rapport.pipeline.report.ReportData;
import org.rapport.pipeline.stage.FitStage;
import org.rapport.pipeline.stage.Summarise;

/**
 * The run's report data and its {@code analysis_runs} row, built as the pipeline builds them
 * ({@link ReportBuilder}'s settings, notes and histogram edges; the same queries as Spark aggregations),
 * and the tables {@code rapport load-results} publishes: {@code OUT/run} (one row: the columns of
 * {@code analysis_runs} but the run id) and {@code OUT/results} (analysis, result_json: the relationship
 * groups as the analytics store them).
 */
final class SparkReport {
    /** Past this many customers the CLV's 99th percentile (the histogram's top edge) is approximate. */
    static final long EXACT_PERCENTILE_LIMIT = 50_000_000L;

    /** The columns of {@code OUT/run}: those of the store's {@code analysis_runs} but the run id. */
    static final StructType RUN = new StructType()
            .add("started", "timestamp").add("finished", "timestamp").add("purchase_model", "string")
            .add("purchase_params", "string").add("spend_params", "string").add("calibration_end", "date")
            .add("holdout_end", "date").add("period_unit", "string").add("options", "string").add("provenance", "string")
            .add("report_json", "string").add("clv_months", "int").add("annual_discount_rate", "double")
            .add("horizon_days", "double").add("interval_level", "double").add("margin_rate", "double")
            .add("model_choice", "string").add("selection", "string").add("counting", "string");

    private SparkReport() {
    }

    static ReportData build(SparkSession spark, Dataset<Row> scores, SparkOptions options, PurchaseHistory.Window w,
                            Summarise.Result summary, FitStage.Outcome fits, String marginSource, long netted, long read,
                            long rejected, long purchases, LocalDate first, LocalDate last, Instant started) {
        AnalysisOptions o = options.analysis();
        List<String> notes = ReportBuilder.notes(summary.lateCustomers(), netted, fits);
        ReportData.Quality quality = new ReportData.Quality(read, read - rejected, rejected, 0, summary.customers(), purchases,
                first, last, notes);
        ReportData.ModelSummary spend = fits.spendFit() == null ? null : ReportData.ModelSummary.of(fits.spendFit(), o.level());
        return new ReportData("Rapport: customer lifetime value", started, options.input(),
                ReportBuilder.settings(o, w, marginSource), quality, ReportData.ModelSummary.of(fits.finalFit(), o.level()),
                fits.candidates(), spend, fits.validation(), clvHistogram(scores, summary.customers()),
                histogram(scores, "P(alive)", "p_alive", 0, 1), top(scores), totals(scores), null, null);
    }

    private static ReportData.Histogram clvHistogram(Dataset<Row> scores, long customers) {
        Dataset<Row> valued = scores.filter(col("clv").isNotNull());
        Row r = valued.agg(customers <= EXACT_PERCENTILE_LIMIT ? functions.percentile(col("clv"), lit(0.99))
                : functions.percentile_approx(col("clv"), lit(0.99), lit(1_000_000))).first();
        double hi = r.isNullAt(0) ? 0 : ((Number) r.get(0)).doubleValue();
        if (!(hi > 0)) {
            return null;
        }
        return histogram(scores, "CLV", "clv", 0, hi);
    }

    /** The pipeline's bins: floor((v - lo) / width) clamped to the bins, over the non-null values. */
    private static ReportData.Histogram histogram(Dataset<Row> scores, String label, String column, double lo, double hi) {
        double[] edges = ReportBuilder.edges(lo, hi);
        long[] counts = new long[ReportBuilder.BINS];
        double width = (hi - lo) / ReportBuilder.BINS;
        org.apache.spark.sql.Column bin = functions.least(functions.greatest(functions.floor(col(column).minus(lit(lo))
                .divide(lit(width))), lit(0L)), lit((long) ReportBuilder.BINS - 1));
        for (Row r : scores.filter(col(column).isNotNull()).groupBy(bin.as("bin")).count().collectAsList()) {
            counts[(int) r.getLong(0)] += r.getLong(1);
        }
        return new ReportData.Histogram(label, edges, counts);
    }

    private static List<ReportData.CustomerRow> top(Dataset<Row> scores) {
        List<ReportData.CustomerRow> out = new ArrayList<>();
        for (Row r : scores.orderBy(col("clv").desc_nulls_last(), col("expected_purchases").desc(), col("customer_id"))
                .limit(ReportBuilder.TOP).select("customer_id", "x", "t_x", "t", "p_alive", "expected_purchases",
                        "expected_spend", "clv", "clv_lower", "clv_upper", "purchases_lower", "purchases_upper",
                        "clv_pred_lower", "clv_pred_upper").collectAsList()) {
            out.add(new ReportData.CustomerRow(r.getString(0), r.getInt(1), r.getDouble(2), r.getDouble(3), r.getDouble(4),
                    r.getDouble(5), nan(r, 6), nan(r, 7), nan(r, 8), nan(r, 9), nan(r, 10), nan(r, 11), nan(r, 12), nan(r, 13)));
        }
        return out;
    }

    private static ReportData.Totals totals(Dataset<Row> scores) {
        Row r = scores.agg(count(lit(1)), coalesce(sum("clv"), lit(0.0)), coalesce(avg("clv"), lit(0.0)),
                sum("expected_purchases"), sum("p_alive")).first();
        return new ReportData.Totals(r.getLong(0), r.getDouble(1), r.getDouble(2), r.isNullAt(3) ? 0 : r.getDouble(3),
                r.isNullAt(4) ? 0 : r.getDouble(4));
    }

    private static double nan(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }

    /** Writes {@code OUT/run} and {@code OUT/results}. */
    static void writeRun(SparkSession spark, SparkOptions options, PurchaseHistory.Window w, FitStage.Outcome fits,
                         ReportData report, EquityStage.Result equity, Instant started, String out) {
        AnalysisOptions o = options.analysis();
        try {
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("rapport", Optional.ofNullable(SparkReport.class.getPackage().getImplementationVersion())
                    .orElse("development build"));
            provenance.put("engine", "spark " + spark.version());
            provenance.put("master", spark.sparkContext().master());
            provenance.put("java", System.getProperty("java.version"));
            provenance.put("input", options.input());
            provenance.putAll(Analysis.fitSizes(fits));
            List<String> settings = Analysis.settingLines(report);
            Row run = RowFactory.create(Timestamp.from(started), Timestamp.from(Instant.now()), fits.finalFit().modelName(),
                    Analysis.JSON.writeValueAsString(fits.finalFit().parameterMap()),
                    fits.spendFit() == null ? null : Analysis.JSON.writeValueAsString(fits.spendFit().parameterMap()),
                    Date.valueOf(LocalDate.ofEpochDay(w.calibrationEnd())), Date.valueOf(LocalDate.ofEpochDay(w.holdoutEnd())),
                    o.unit().name().toLowerCase(Locale.ROOT), Analysis.JSON.writeValueAsString(settings),
                    Analysis.JSON.writeValueAsString(provenance), Analysis.JSON.writeValueAsString(report), o.clvMonths(),
                    o.annualDiscountRate(), o.horizonDays(), o.level(), o.margin(), o.model().name().toLowerCase(Locale.ROOT),
                    o.select().name().toLowerCase(Locale.ROOT), o.count().name().toLowerCase(Locale.ROOT));
            spark.createDataFrame(List.of(run), RUN).coalesce(1).write().mode(SaveMode.Overwrite).parquet(out + "/run");
            Row groups = RowFactory.create("groups", Analysis.JSON.writeValueAsString(equity.groupResult()));
            spark.createDataFrame(List.of(groups), new StructType().add("analysis", "string").add("result_json", "string"))
                    .coalesce(1).write().mode(SaveMode.Overwrite).parquet(out + "/results");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
