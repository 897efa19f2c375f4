package org.rapport.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.Progress;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/**
 * The Spark job and the DuckDB pipeline on a simulated world of 5,000 customers (order lines with
 * order ids, several lines per order), read by Spark from Parquet written by DuckDB with typed columns:
 * same fits, same scores and predictive intervals, counting orders (the default) and, with a products
 * file, counting days. Then bad input: rejects counted and written with their reasons, and the
 * reject-rate threshold.
 */
class SparkWorldTest {
    /** The pipeline's defaults (counting orders) with the world's calibration end. */
    static final AnalysisOptions OPTIONS = AnalysisOptions.defaults().withCalibrationEnd(LocalDate.of(2023, 9, 30));
    /** Counting days with purchases, the papers' convention. */
    static final AnalysisOptions DAYS = OPTIONS.withCount(org.rapport.model.data.PurchaseHistory.Counting.DAYS);

    @TempDir
    static Path dir;
    static SparkSession spark;
    static RapportStore store;
    static Analysis.Result duck;
    static SparkAnalysis.Result result;
    static Path parquet;

    @BeforeAll
    static void analyse() throws IOException {
        Path world = dir.resolve("world");
        WorldSimulator.of(WorldOptions.withDefaults().withCustomers(5_000).withSeed(7)).simulate(world);
        Path csv = world.resolve("transactions.csv");
        store = RapportStore.open(dir.resolve("rapport.duckdb"));
        Ingestor.of(store).ingest(Kind.TRANSACTIONS, csv);
        duck = Analysis.run(store, OPTIONS, Progress.NONE);
        parquet = dir.resolve("transactions.parquet");
        store.update("COPY (SELECT * FROM read_csv('" + csv + "', header = true)) TO '" + parquet + "' (FORMAT parquet)");
        spark = LocalSpark.start();
        result = SparkAnalysis.run(spark, SparkOptions.of(parquet.toString(), dir.resolve("out").toString())
                .withAnalysis(OPTIONS));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void sameFitsAndScoresAsThePipeline() {
        assertThat(result.customers()).isEqualTo(5_000);
        PipelineComparison.sameFits(result, duck);
        assertThat(PipelineComparison.sameScores(spark, dir.resolve("out/scores").toString(), store)).isEqualTo(5_000);
    }

    @Test
    void productMarginsAndDayCountingGiveTheSameScoresAsThePipeline() {
        // Issue 21: with a products file Spark took margin 1 (total CLV 2.25 times the single machine's).
        Path products = dir.resolve("world").resolve("products.csv");
        try (RapportStore withProducts = RapportStore.open(dir.resolve("margins.duckdb"))) {
            Ingestor.of(withProducts).ingest(Kind.TRANSACTIONS, dir.resolve("world").resolve("transactions.csv"));
            Ingestor.of(withProducts).ingest(Kind.PRODUCTS, products);
            Analysis.Result d = Analysis.run(withProducts, DAYS, Progress.NONE);
            SparkAnalysis.Result r = SparkAnalysis.run(spark, SparkOptions.of(parquet.toString(),
                    dir.resolve("margin-out").toString()).withAnalysis(DAYS).withProducts(products.toString()));
            PipelineComparison.sameFits(r, d);
            assertThat(r.fits().finalFit().observations()).isEqualTo(5_000);
            assertThat(r.marginSource()).startsWith("each customer's products");
            assertThat(PipelineComparison.sameScores(spark, dir.resolve("margin-out/scores").toString(), withProducts))
                    .isEqualTo(5_000);
            double duckTotal = withProducts.queryLong("SELECT count(*) FROM customer_scores WHERE margin_rate < 1") > 0
                    ? withProducts.queryFirst("SELECT sum(clv) FROM customer_scores", rs -> rs.getDouble(1)).orElseThrow() : 0;
            assertThat(duckTotal).as("margins below 1 were applied").isPositive();
        }
    }

    @Test
    void badLinesAreCountedAndWrittenWithTheirReasonAndTheRestIsAnalysed() throws IOException {
        // The world's CSV with four bad lines appended, read with an explicit mapping of renamed columns.
        Path bad = dir.resolve("bad.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(dir.resolve("world/transactions.csv")));
        lines.set(0, lines.get(0).replace("customer_id", "cust").replace("amount", "value"));
        int cols = lines.get(0).split(",", -1).length;
        String pad = ",".repeat(cols - 3);
        lines.add(",2023-01-10,5.00" + pad);
        lines.add("900001,2023-13-45,5.00" + pad);
        lines.add("900002,2023-01-11,five" + pad);
        lines.add("900003,2023-01-12," + pad);
        Files.write(bad, lines);
        assertThat(lines.get(0)).startsWith("cust,ts,value,");
        SparkOptions o = SparkOptions.of(bad.toString(), dir.resolve("bad-out").toString())
                .withMapping(Map.of("customer_id", "cust", "amount", "value")).withAnalysis(OPTIONS);
        SparkAnalysis.Result r = SparkAnalysis.run(spark, o);
        assertThat(r.rowsRead()).isEqualTo(lines.size() - 1);
        assertThat(r.rowsRejected()).isEqualTo(4);
        List<Row> rejects = spark.read().parquet(dir.resolve("bad-out/rejects").toString()).collectAsList();
        assertThat(rejects).extracting(x -> x.<String>getAs("reason"))
                .containsExactlyInAnyOrder("missing customer id", "unparseable date", "unparseable amount", "unparseable amount");
        assertThat(rejects).extracting(x -> x.<String>getAs("field")).contains("customer_id", "ts", "amount");
        assertThat(rejects).extracting(x -> x.<String>getAs("value")).contains("2023-13-45", "five");
        assertThat(rejects).allSatisfy(x -> assertThat(x.<String>getAs("file")).endsWith("bad.csv"));
        // The good lines are the Parquet run's: same customers and parameters.
        assertThat(r.customers()).isEqualTo(5_000);
        PipelineComparison.sameParameters(r.fits().finalFit(), result.fits().finalFit());
    }

    @Test
    void tooManyRejectsFailTheJobWithTheRate() throws IOException {
        Path bad = dir.resolve("mostly-bad.csv");
        Files.writeString(bad, """
                customer_id,ts,amount
                1,2023-01-05,10.00
                1,yesterday,12.50
                2,2023-01-07,8.00
                """);
        SparkOptions o = SparkOptions.of(bad.toString(), dir.resolve("mostly-bad-out").toString()).withMaxRejectRate(0.2);
        assertThatThrownBy(() -> SparkAnalysis.run(spark, o))
                .isInstanceOf(SparkAnalysis.RejectRateException.class)
                .hasMessageContaining("1 of 3 lines")
                .hasMessageContaining("(33.33%) were rejected, more than --max-reject-rate 20.00%")
                .hasMessageContaining("mostly-bad-out/rejects");
        assertThat(spark.read().parquet(dir.resolve("mostly-bad-out/rejects").toString()).count()).isEqualTo(1);
    }

    @Test
    void aMissingColumnIsNamed() throws IOException {
        Path bad = dir.resolve("no-amount.csv");
        Files.writeString(bad, "customer_id,ts,price\n1,2023-01-05,10.00\n");
        assertThatThrownBy(() -> SparkAnalysis.run(spark, SparkOptions.of(bad.toString(), dir.resolve("x").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no amount column (columns: customer_id, ts, price)")
                .hasMessageContaining("--map amount=COLUMN");
    }
}
