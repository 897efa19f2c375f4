package org.rapport.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.udaf;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.rapport.model.data.PurchaseHistory;
import org.rapport.model.data.RfmTable;
import org.rapport.model.data.SpendTable;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.Progress;
import org.rapport.pipeline.ReportBuilder;
import org.rapport.pipeline.report.ReportData;
import org.rapport.pipeline.stage.CalibrationData;
import org.rapport.pipeline.stage.CustomerScoring;
import org.rapport.pipeline.stage.FitStage;
import org.rapport.pipeline.stage.Summarise;

/**
 * The pipeline's stages on Spark, with the pipeline's own code wherever the work is the same: read and
 * check the transaction lines; net returns into orders with the store's own view SQL ({@link StoreViews});
 * turn orders into rows with the pipeline's order rule ({@code Summarise.ORDER_ROWS}, one row per order
 * id, else per distinct timestamp, so {@code --count orders|days} means what it means on one machine);
 * summarise every customer with {@link HistoryAggregator} (Rapport's one summariser); compress to distinct
 * sufficient statistics with counts; fit on the driver with the pipeline's {@link FitStage}; score the
 * pipeline's batches with {@link ScorePartition} ({@code CustomerScoring}: scores, CLV and predictive
 * intervals); then equity, relationship groups (the analytics' {@code GroupRule}) and KPIs with
 * {@link EquityStage}, and the report's data with the pipeline's {@link ReportBuilder} parts.
 *
 * <p>Shuffles: the valid lines once, by customer id; the netting, the order rows and the summariser reuse
 * that partitioning. Scoring the pipeline's batches moves the summaries twice (by (x, T) to rank the
 * customers, then by batch), about 60 bytes a customer each. The compressions and the aggregations
 * shuffle only small partial aggregates. docs/scaling.md gives the sizes.
 *
 * <p>The input is read once: the checked lines are persisted (memory, then disk) for the count of
 * rejects, then the valid lines once shuffled by customer, for every query of the analysis.
 */
public final class SparkAnalysis {
    /** Valid lines per shuffle partition when the count is chosen from the data (about 64 MB of shuffle). */
    static final long LINES_PER_PARTITION = 2_000_000L;

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
     * @param partitions the shuffle partitions used
     * @param report the report's data, as {@code rapport report} renders it
     */
    public record Result(long rowsRead, long rowsRejected, LocalDate firstDay, LocalDate lastDay, LocalDate calibrationEnd,
                         long customers, long lateCustomers, Summarise.Result summary, FitStage.Outcome fits,
                         EquityStage.Result equity, Map<String, Double> stageSeconds,
                         Map<String, long[]> shuffle, String marginSource, int partitions, ReportData report) {
    }

    private SparkAnalysis() {
    }

    /**
     * Runs the analysis and writes, under {@code OUT}, the tables {@code rapport load-results} publishes
     * into a store (Parquet: {@code summary}, {@code scores}, {@code groups}, {@code run}, {@code results}),
     * {@code kpis}, {@code rejects} (when a line was rejected) and {@code analysis.json}.
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
        // The store's SQL is DuckDB's: a division by zero or a bad cast gives NULL, not an error.
        String ansi = spark.conf().get("spark.sql.ansi.enabled", "false");
        spark.conf().set("spark.sql.ansi.enabled", "false");
        spark.udf().register("epoch_ms", (UDF1<java.sql.Timestamp, Long>) t -> t == null ? null : t.getTime(),
                DataTypes.LongType);
        try {
            return run(spark, options, a, out, times, clock, meter);
        } finally {
            spark.conf().set("spark.sql.ansi.enabled", ansi);
            spark.sparkContext().removeSparkListener(meter);
            spark.sparkContext().clearJobGroup();
        }
    }

    /** The valid lines in the store's transaction columns, partitioned by customer and kept, as view {@code transactions}. */
    private static Dataset<Row> validByCustomer(Dataset<Row> lines, int partitions) {
        Dataset<Row> valid = lines.filter(col("reason").isNull())
                .select(col("customer_id"), col("ts"), col("amount"), col("order_id"), col("product_id"),
                        lit(null).cast(DataTypes.DoubleType).as("quantity"), lit(null).cast(DataTypes.StringType).as("channel"))
                .repartition(partitions, col("customer_id"))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        valid.createOrReplaceTempView("transactions");
        return valid;
    }

    /** Each customer's statistics by the one summariser ({@code PurchaseHistory}) as an aggregator, kept. */
    private static Dataset<Row> summarise(Dataset<Row> orders, PurchaseHistory.Window window, AnalysisOptions a) {
        UserDefinedFunction history = udaf(new HistoryAggregator(window, a.count()),
                Encoders.tuple(Encoders.DOUBLE(), Encoders.DOUBLE()));
        return orders.groupBy("customer_id")
                .agg(history.apply(col("t"), col("amount")).as("s"))
                .select(col("customer_id"), col("s.*"))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** The lines read once and checked, with their counts. */
    private record Checked(Dataset<Row> lines, long read, long rejected, boolean timesOfDay) {
    }

    /**
     * Reads the input once (the checked lines are kept for the counts and the analysis), writes the rejects and
     * stops when too many lines were rejected or none is usable.
     */
    private static Checked readAndCheck(SparkSession spark, SparkOptions options, String out) {
        Dataset<Row> lines = TransactionsReader.read(spark, options.input(), options.format(), options.mapping(),
                options.delimiter()).persist(StorageLevel.MEMORY_AND_DISK_SER());
        Column timeOfDay = col("reason").isNull().and(functions.pmod(functions.unix_millis(col("ts")), lit(86_400_000L)).notEqual(lit(0L)));
        Row counts = lines.agg(count(lit(1)), count(col("reason")), count(when(timeOfDay, lit(1)))).first();
        long read = counts.getLong(0);
        long rejected = counts.getLong(1);
        boolean timesOfDay = counts.getLong(2) > 0;
        if (rejected > 0) {
            lines.filter(col("reason").isNotNull())
                    .select(col("file"), col("reason"), col("field"), col("value"), col("raw_customer_id").as("customer_id"),
                            col("raw_ts").as("ts"), col("raw_amount").as("amount"))
                    .write().mode(SaveMode.Overwrite).parquet(out + "/rejects");
        }
        double rate = read == 0 ? 0 : (double) rejected / read;
        if (rate > options.maxRejectRate()) {
            lines.unpersist();
            throw new RejectRateException(String.format(Locale.ROOT,
                    "%,d of %,d lines of %s (%.2f%%) were rejected, more than --max-reject-rate %.2f%%: "
                            + "see the reasons in %s/rejects", rejected, read, options.input(), 100 * rate,
                    100 * options.maxRejectRate(), out));
        }
        if (read == rejected) {
            lines.unpersist();
            throw new IllegalArgumentException(options.input() + " holds no usable transaction line");
        }
        return new Checked(lines, read, rejected, timesOfDay);
    }

    /** Scores the customers in the pipeline's batches (the interval draws are seeded by batch position). */
    private static void score(Dataset<Row> ranked, Summarise.Result compressed, FitStage.Outcome fits, AnalysisOptions a,
                              MarginStage.Result margins, String out) {
        long batches = Math.max(1, (compressed.customers() + CustomerScoring.BATCH - 1) / CustomerScoring.BATCH);
        ScorePartition scorer = new ScorePartition(FitSnapshot.of(fits.finalFit()),
                fits.spendFit() == null ? null : FitSnapshot.of(fits.spendFit()), a.horizonDays() / a.unit().days(),
                a.clvMonths(), a.monthlyDiscountRate(), a.unit().days(), a.level(), margins.fallback());
        ranked.repartition((int) Math.min(batches, Integer.MAX_VALUE), col("batch"))
                .sortWithinPartitions("batch", "rank")
                .select("customer_id", "x", "tx", "bigT", "meanRepeatSpend", "margin_rate", "batch")
                .mapPartitions(scorer, Encoders.row(ScorePartition.SCHEMA))
                .write().mode(SaveMode.Overwrite).parquet(out + "/scores");
    }

    private static Result run(SparkSession spark, SparkOptions options, AnalysisOptions a, String out,
                              Map<String, Double> times, long[] clock, ShuffleMeter meter) {
        Instant started = Instant.now();
        group(spark, "read and check");
        Checked checked = readAndCheck(spark, options, out);
        long read = checked.read();
        long rejected = checked.rejected();
        int partitions = partitions(spark, options, read - rejected);
        spark.conf().set("spark.sql.shuffle.partitions", partitions);
        lap(times, clock, "read and check");
        group(spark, "net and order rows");
        // The one shuffle of the raw data, by customer, kept once partitioned: the views, the order rule and the
        // summariser group by keys that start with customer_id and read the cache without shuffling again.
        Dataset<Row> valid = validByCustomer(checked.lines(), partitions);
        StoreViews.register(spark);
        Row range = spark.sql("SELECT min(CAST(ts AS DATE)), max(CAST(ts AS DATE)), count(*) FROM purchases").first();
        checked.lines().unpersist();
        if (range.isNullAt(0)) {
            valid.unpersist();
            throw new IllegalArgumentException(options.input() + " holds no purchase (every order nets to zero or less)");
        }
        LocalDate first = range.getDate(0).toLocalDate();
        LocalDate last = range.getDate(1).toLocalDate();
        PurchaseHistory.Window window = Analysis.window(first, last, a, checked.timesOfDay());
        Dataset<Row> orders = spark.sql(Summarise.ORDER_ROWS, new Object[] {LocalDate.ofEpochDay(window.holdoutEnd())});
        lap(times, clock, "net and order rows");
        group(spark, "summarise and compress");
        Dataset<Row> summary = summarise(orders, window, a);
        Summarise.Result compressed = compress(summary, window, options.maxSpendRows());
        long netted = spark.sql(ReportBuilder.NETTED_ORDERS).first().getLong(0);
        writeSummary(summary, out);
        lap(times, clock, "summarise and compress");
        FitStage.Outcome fits = FitStage.run(compressed, a.model(), a.select(), Progress.NONE);
        lap(times, clock, "fit");
        group(spark, "score");
        MarginStage.Result margins = MarginStage.run(spark, options);
        Dataset<Row> ranked = ranked(spark, summary, margins);
        score(ranked, compressed, fits, a, margins, out);
        summary.unpersist();
        valid.unpersist();
        lap(times, clock, "score");
        group(spark, "equity and groups");
        Dataset<Row> scores = spark.read().parquet(out + "/scores");
        EquityStage.Result equity = EquityStage.run(spark, scores, fits.finalFit().model(), options, 0, out);
        lap(times, clock, "equity and groups");
        group(spark, "report");
        ReportData report = SparkReport.build(spark, scores, options, window, compressed, fits, margins.source(), netted,
                read, rejected, range.getLong(2), first, last, started);
        SparkReport.writeRun(spark, options, window, fits, report, equity, started, out);
        lap(times, clock, "report");
        Result r = new Result(read, rejected, first, last, LocalDate.ofEpochDay(window.calibrationEnd()),
                compressed.customers(), compressed.lateCustomers(), compressed, fits, equity, times, meter.snapshot(),
                margins.source(), partitions, report);
        AnalysisJson.write(spark, r, options, out + "/analysis.json");
        return r;
    }

    /**
     * The shuffle partitions: {@code --partitions}, else {@code spark.sql.shuffle.partitions} when set
     * explicitly (spark-submit {@code --conf}), else from the data: one per {@link #LINES_PER_PARTITION}
     * valid lines, at least the default parallelism (the cores).
     */
    static int partitions(SparkSession spark, SparkOptions options, long validLines) {
        if (options.partitions() != null) {
            return options.partitions();
        }
        if (spark.sparkContext().getConf().contains("spark.sql.shuffle.partitions")) {
            return Integer.parseInt(spark.sparkContext().getConf().get("spark.sql.shuffle.partitions"));
        }
        long fromData = (validLines + LINES_PER_PARTITION - 1) / LINES_PER_PARTITION;
        return (int) Math.max(spark.sparkContext().defaultParallelism(), Math.min(fromData, 100_000));
    }

    /**
     * The customers to score with their place in the pipeline's order (x, T, customer_id): rank and batch
     * (rank / {@link CustomerScoring#BATCH}). The (x, T) counts are collected (distinct (x, T): thousands),
     * their offsets broadcast, and the customers of one (x, T) numbered by customer_id.
     */
    private static Dataset<Row> ranked(SparkSession spark, Dataset<Row> summary, MarginStage.Result margins) {
        List<Row> keys = new ArrayList<>(summary.groupBy("x", "bigT").count().collectAsList());
        keys.sort(Comparator.<Row>comparingInt(r -> r.getInt(0)).thenComparingDouble(r -> r.getDouble(1)));
        List<Row> offsets = new ArrayList<>(keys.size());
        long at = 0;
        for (Row k : keys) {
            offsets.add(RowFactory.create(k.getInt(0), k.getDouble(1), at));
            at += k.getLong(2);
        }
        Dataset<Row> offset = spark.createDataFrame(offsets,
                new StructType().add("ox", "int").add("obigT", "double").add("offset", "long"));
        Dataset<Row> toScore = summary.select("customer_id", "x", "tx", "bigT", "meanRepeatSpend");
        if (margins.margins() == null) {
            toScore = toScore.withColumn("margin_rate", lit(null).cast(DataTypes.DoubleType));
        } else {
            // Renamed, so the join of two datasets that both derive from the transactions view is unambiguous.
            Dataset<Row> m = margins.margins().select(col("customer_id").as("m_customer_id"), col("margin_rate").as("m_rate"));
            toScore = toScore.join(m, col("customer_id").equalTo(col("m_customer_id")), "left")
                    .select(col("customer_id"), col("x"), col("tx"), col("bigT"), col("meanRepeatSpend"),
                            col("m_rate").as("margin_rate"));
        }
        Column rank = row_number().over(Window.partitionBy("x", "bigT").orderBy("customer_id"))
                .minus(lit(1)).plus(col("offset"));
        return toScore.join(functions.broadcast(offset), col("x").equalTo(col("ox")).and(col("bigT").equalTo(col("obigT"))))
                .withColumn("rank", rank)
                .withColumn("batch", functions.floor(col("rank").divide(lit(CustomerScoring.BATCH))).cast(DataTypes.LongType));
    }

    /** Writes {@code OUT/summary}: the store's {@code customer_summary} columns. */
    private static void writeSummary(Dataset<Row> summary, String out) {
        summary.select(col("customer_id"), functions.date_from_unix_date(col("firstDay").cast("int")).as("first_purchase"),
                        col("calX").as("x_cal"), col("calTx").as("t_x_cal"), col("calBigT").as("t_cal"),
                        col("holdoutPurchases").as("holdout_x"), col("holdoutSpend").as("holdout_spend"), col("x"),
                        col("tx").as("t_x"), col("bigT").as("t"), col("meanRepeatSpend").as("m"),
                        col("firstAmount").as("first_amount"), col("totalSpend").as("total_spend"))
                .write().mode(SaveMode.Overwrite).parquet(out + "/summary");
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
