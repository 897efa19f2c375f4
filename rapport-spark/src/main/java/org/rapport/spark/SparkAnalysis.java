package org.rapport.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udaf;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.storage.StorageLevel;
import org.rapport.model.data.PurchaseHistory;
import org.rapport.model.data.RfmTable;
import org.rapport.model.data.SpendTable;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.Progress;
import org.rapport.pipeline.stage.CalibrationData;
import org.rapport.pipeline.stage.FitStage;
import org.rapport.pipeline.stage.Summarise;

/**
 * The pipeline's stages on Spark: read and check the transaction lines, net returns into orders (the
 * store's {@code net_lines} and {@code purchases} views, in Spark SQL), summarise every customer with
 * {@link HistoryAggregator} (Rapport's one summariser), compress to distinct sufficient statistics with
 * counts, fit on the driver with the pipeline's {@link FitStage}, score every customer in parallel with
 * {@link ScorePartition}, then equity, relationship groups and KPIs with {@link EquityStage}.
 *
 * <p>Shuffles: one of the valid lines by customer id; every later grouping by customer reuses that
 * partitioning, so the netting, the daily sums, the summariser and the scoring run without moving data
 * again. The compressions and the equity aggregations shuffle only small partial aggregates.
 * docs/scaling.md gives the sizes.
 *
 * <p>Counting: Spark sums purchases per customer and day, so a repeat purchase is a day with purchases
 * (the pipeline's {@code --count days}) whatever {@link AnalysisOptions#count()} says; counting orders
 * is a DuckDB-pipeline feature so far (docs/models.md).
 */
public final class SparkAnalysis {
    private static final String NET_LINES = """
            SELECT customer_id, order_id, order_day, product_id,
                   coalesce(min(day) FILTER (WHERE amount > 0), min(day)) AS day,
                   sum(amount) AS amount,
                   coalesce(sum(-amount) FILTER (WHERE amount < 0), 0) AS returned_amount
            FROM (SELECT *, CASE WHEN order_id IS NULL THEN day END AS order_day FROM rapport_lines) t
            GROUP BY customer_id, order_id, order_day, product_id""";
    private static final String PURCHASES = """
            SELECT customer_id, min(day) AS day, sum(amount) AS amount
            FROM rapport_net_lines
            GROUP BY customer_id, order_id, order_day
            HAVING sum(amount) > 0 OR (sum(amount) = 0 AND sum(returned_amount) = 0)""";
    private static final String DAILY = """
            SELECT customer_id, CAST(unix_date(day) AS BIGINT) AS epoch_day, sum(amount) AS amount
            FROM rapport_purchases
            GROUP BY customer_id, day""";

    /**
     * What a run produced.
     *
     * @param rowsRead transaction lines read
     * @param rowsRejected lines rejected (written to {@code OUT/rejects})
     * @param firstDay the first purchase day
     * @param lastDay the last purchase day (the end of the data, the holdout end)
     * @param calibrationEnd the calibration end used
     * @param customers customers summarised and scored
     * @param lateCustomers of those, customers born after the calibration end
     * @param summary the summarise stage's driver-side result (compressed tables)
     * @param fits the fits, chosen as the pipeline chooses
     * @param equity equity, groups and KPIs
     * @param stageSeconds wall time of each stage, in order
     * @param shuffle shuffle written by each stage: {bytes, records}
     * @param marginSource where the customers' margin rates came from
     */
    public record Result(long rowsRead, long rowsRejected, LocalDate firstDay, LocalDate lastDay, LocalDate calibrationEnd,
                         long customers, long lateCustomers, Summarise.Result summary, FitStage.Outcome fits,
                         EquityStage.Result equity, Map<String, Double> stageSeconds,
                         Map<String, long[]> shuffle, String marginSource) {
    }

    private SparkAnalysis() {
    }

    /**
     * Runs the analysis and writes {@code OUT/scores}, {@code OUT/groups}, {@code OUT/kpis} (Parquet),
     * {@code OUT/rejects} (Parquet, when a line was rejected) and {@code OUT/analysis.json}.
     *
     * @param spark the session
     * @param options what to read and how to model it
     * @return the run's figures
     * @throws RejectRateException if more lines than {@code maxRejectRate} were rejected (the rejects are written)
     * @throws IllegalArgumentException if a column is missing or the calibration end is before the first purchase
     * @throws org.rapport.model.ModelException if no purchase model can be fitted
     */
    public static Result run(SparkSession spark, SparkOptions options) {
        Objects.requireNonNull(options);
        AnalysisOptions a = options.analysis();
        String out = options.out();
        Map<String, Double> times = new LinkedHashMap<>();
        long[] clock = {System.nanoTime()};
        ShuffleMeter meter = new ShuffleMeter();
        spark.sparkContext().addSparkListener(meter);
        try {
            return run(spark, options, a, out, times, clock, meter);
        } finally {
            spark.sparkContext().removeSparkListener(meter);
            spark.sparkContext().clearJobGroup();
        }
    }

    private static Result run(SparkSession spark, SparkOptions options, AnalysisOptions a, String out,
                              Map<String, Double> times, long[] clock, ShuffleMeter meter) {
        group(spark, "read and check");
        Dataset<Row> lines = TransactionsReader.read(spark, options.input(), options.format(), options.mapping(),
                options.delimiter());
        // Pass 1: count lines and rejects.
        Row counts = lines.agg(count(lit(1)), count(col("reason"))).first();
        long read = counts.getLong(0);
        long rejected = counts.getLong(1);
        if (rejected > 0) {
            lines.filter(col("reason").isNotNull())
                    .select(col("file"), col("reason"), col("field"), col("value"), col("raw_customer_id").as("customer_id"),
                            col("raw_ts").as("ts"), col("raw_amount").as("amount"))
                    .write().mode(SaveMode.Overwrite).parquet(out + "/rejects");
        }
        double rate = read == 0 ? 0 : (double) rejected / read;
        if (rate > options.maxRejectRate()) {
            throw new RejectRateException(String.format(Locale.ROOT,
                    "%,d of %,d lines of %s (%.2f%%) were rejected, more than --max-reject-rate %.2f%%: "
                            + "see the reasons in %s/rejects", rejected, read, options.input(), 100 * rate,
                    100 * options.maxRejectRate(), out));
        }
        lap(times, clock, "read and check");
        group(spark, "net and sum daily");
        if (read == rejected) {
            throw new IllegalArgumentException(options.input() + " holds no usable transaction line");
        }
        // The one shuffle of the raw data: by customer. Every later group-by includes customer_id, so
        // Spark keeps this partitioning for the netting, the daily sums and the summariser.
        Dataset<Row> valid = lines.filter(col("reason").isNull())
                .select("customer_id", "order_id", "product_id", "day", "amount")
                .repartition(col("customer_id"));
        valid.createOrReplaceTempView("rapport_lines");
        spark.sql(NET_LINES).createOrReplaceTempView("rapport_net_lines");
        spark.sql(PURCHASES).createOrReplaceTempView("rapport_purchases");
        Dataset<Row> daily = spark.sql(DAILY).persist(StorageLevel.MEMORY_AND_DISK());
        Row range = daily.agg(org.apache.spark.sql.functions.min("epoch_day"), org.apache.spark.sql.functions.max("epoch_day"))
                .first();
        if (range.isNullAt(0)) {
            throw new IllegalArgumentException(options.input() + " holds no purchase (every order nets to zero or less)");
        }
        lap(times, clock, "net and sum daily");
        group(spark, "summarise and compress");
        LocalDate first = LocalDate.ofEpochDay(range.getLong(0));
        LocalDate last = LocalDate.ofEpochDay(range.getLong(1));
        LocalDate calEnd = a.calibrationEnd() == null ? last : a.calibrationEnd();
        if (calEnd.isBefore(first)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "calibration end %s is before the first purchase (%s)", calEnd, first));
        }
        if (calEnd.isAfter(last)) {
            calEnd = last;
        }
        PurchaseHistory.Window window = new PurchaseHistory.Window(calEnd.toEpochDay(), last.toEpochDay(), a.unit().days());
        UserDefinedFunction history = udaf(new HistoryAggregator(window),
                Encoders.tuple(Encoders.LONG(), Encoders.DOUBLE()));
        Dataset<Row> summary = daily.groupBy("customer_id")
                .agg(history.apply(col("epoch_day"), col("amount")).as("s"))
                .select(col("customer_id"), col("s.*"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Summarise.Result compressed = compress(summary, window, options.maxSpendRows());
        daily.unpersist();
        lap(times, clock, "summarise and compress");
        FitStage.Outcome fits = FitStage.run(compressed, a.model(), a.select(), Progress.NONE);
        lap(times, clock, "fit");
        group(spark, "score");

        MarginStage.Result margins = MarginStage.run(spark, options);
        ScorePartition scorer = new ScorePartition(FitSnapshot.of(fits.finalFit()),
                fits.spendFit() == null ? null : FitSnapshot.of(fits.spendFit()), a.horizonDays() / a.unit().days(),
                a.clvMonths(), a.monthlyDiscountRate(), a.unit().days(), a.level(), margins.fallback());
        Dataset<Row> toScore = summary.select("customer_id", "x", "tx", "bigT", "meanRepeatSpend");
        toScore = margins.margins() == null
                ? toScore.withColumn("margin_rate", lit(null).cast(org.apache.spark.sql.types.DataTypes.DoubleType))
                : toScore.join(margins.margins(), toScore.col("customer_id").equalTo(margins.margins().col("customer_id")), "left")
                        .select(toScore.col("customer_id"), col("x"), col("tx"), col("bigT"), col("meanRepeatSpend"),
                                margins.margins().col("margin_rate"));
        toScore
                .mapPartitions(scorer, Encoders.row(ScorePartition.SCHEMA))
                .sortWithinPartitions("customer_id")
                .write().mode(SaveMode.Overwrite).parquet(out + "/scores");
        summary.unpersist();
        lap(times, clock, "score");
        group(spark, "equity");
        Dataset<Row> scores = spark.read().parquet(out + "/scores");
        EquityStage.Result equity = EquityStage.run(spark, scores, options, out);
        lap(times, clock, "equity");
        Result r = new Result(read, rejected, first, last, calEnd, compressed.customers(), compressed.lateCustomers(),
                compressed, fits, equity, times, meter.snapshot(), margins.source());
        AnalysisJson.write(spark, r, options, out + "/analysis.json");
        return r;
    }

    private static void group(SparkSession spark, String stage) {
        spark.sparkContext().setJobGroup(stage, stage, false);
    }

    private static void lap(Map<String, Double> times, long[] clock, String stage) {
        long now = System.nanoTime();
        times.put(stage, (now - clock[0]) / 1e9);
        clock[0] = now;
    }

    /**
     * The compressed tables the fit needs, computed as Spark aggregations and collected to the driver:
     * (x, t_x, T, holdout) groups of the calibration, births and repeat purchases per day, (x, t_x, T)
     * at the end of the data and (x, m&#772;) for the spend model (a uniform sample of at most about
     * {@code maxSpendRows} repeat buyers when there are more).
     */
    static Summarise.Result compress(Dataset<Row> summary, PurchaseHistory.Window window, long maxSpendRows) {
        Dataset<Row> born = summary.filter(col("calX").isNotNull());
        List<Row> groups = new ArrayList<>(born.groupBy("calX", "calTx", "calBigT", "holdoutPurchases").count()
                .collectAsList());
        groups.sort(Comparator.<Row>comparingInt(r -> r.getInt(0)).thenComparingDouble(r -> r.getDouble(1))
                .thenComparingDouble(r -> r.getDouble(2)).thenComparingInt(r -> r.getInt(3)));
        CalibrationData cal = new CalibrationData(window);
        for (Row g : groups) {
            cal.acceptGroup(g.getInt(0), g.getDouble(1), g.getDouble(2), g.getInt(3), g.getLong(4));
        }
        for (Row b : born.groupBy("firstDay").count().collectAsList()) {
            cal.addBirths(b.getLong(0), b.getLong(1));
        }
        for (Row d : born.select(explode(col("repeatDays")).as("day")).groupBy("day").count().collectAsList()) {
            cal.addRepeats(d.getLong(0), d.getLong(1));
        }
        RfmTable.Builder rfm = RfmTable.builder();
        for (Row g : summary.groupBy("x", "tx", "bigT").count().collectAsList()) {
            rfm.accept(g.getInt(0), g.getDouble(1), g.getDouble(2), g.getLong(3));
        }
        Column spender = col("x").gt(0).and(col("meanRepeatSpend").gt(0));
        Row n = summary.agg(count(lit(1)), count(when(col("calX").isNull(), lit(1))), count(when(spender, lit(1)))).first();
        Dataset<Row> spenders = summary.filter(spender);
        long repeatBuyers = n.getLong(2);
        if (repeatBuyers > maxSpendRows) {
            // (x, m-bar) hardly compresses (m-bar is a mean of amounts): past the limit Gamma-Gamma is fitted on
            // a uniform sample of the repeat buyers, so the driver holds at most about maxSpendRows rows.
            spenders = spenders.sample(false, (double) maxSpendRows / repeatBuyers, 20_240_630L);
        }
        SpendTable.Builder spend = SpendTable.builder();
        for (Row g : spenders.groupBy("x", "meanRepeatSpend").count().collectAsList()) {
            spend.accept(g.getInt(0), g.getDouble(1), g.getLong(2));
        }
        return new Summarise.Result(cal, rfm.build(), spend.build(), n.getLong(0), n.getLong(1));
    }

    /** Thrown when the share of rejected lines passes the threshold. */
    public static final class RejectRateException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        RejectRateException(String message) {
            super(message);
        }
    }
}
