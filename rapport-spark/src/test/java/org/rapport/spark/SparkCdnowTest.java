package org.rapport.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.Progress;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/**
 * The Spark job and the DuckDB pipeline on the full CDNOW transaction log (23,570 customers, 69,659
 * lines, data/cdnow), the papers' calibration end 1997-09-30 and the automatic model choice: same
 * model, same parameters, same validation, same per-customer scores.
 */
class SparkCdnowTest {
    static final Path CDNOW = Path.of("..", "data", "cdnow", "cdnow_transactions.csv");
    static final AnalysisOptions OPTIONS = AnalysisOptions.defaults().withCalibrationEnd(LocalDate.of(1997, 9, 30));

    @TempDir
    static Path dir;
    static SparkSession spark;
    static RapportStore store;
    static Analysis.Result duck;
    static SparkAnalysis.Result result;

    @BeforeAll
    static void analyse() {
        assertThat(Files.exists(CDNOW)).as("%s", CDNOW.toAbsolutePath()).isTrue();
        store = RapportStore.open(dir.resolve("rapport.duckdb"));
        Ingestor.of(store).ingest(Kind.TRANSACTIONS, CDNOW);
        long t0 = System.nanoTime();
        duck = Analysis.run(store, OPTIONS, Progress.NONE);
        long t1 = System.nanoTime();
        spark = LocalSpark.start();
        long t2 = System.nanoTime();
        result = SparkAnalysis.run(spark, SparkOptions.of(CDNOW.toString(), dir.resolve("out").toString())
                .withAnalysis(OPTIONS));
        System.out.printf("TIMING duck %.1f s, spark start %.1f s, spark job %.1f s %s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                (System.nanoTime() - t2) / 1e9, result.stageSeconds());
    }

    @AfterAll
    static void close() {
        // The session stays up for the next test class (LocalSpark): starting one costs seconds.
        store.close();
    }

    @Test
    void summariesAreThePipelines() {
        assertThat(result.rowsRejected()).isZero();
        assertThat(result.customers()).isEqualTo(store.queryLong("SELECT count(*) FROM customer_summary"));
        assertThat(result.customers()).isEqualTo(23_570);
        assertThat(result.lastDay()).isEqualTo(LocalDate.of(1998, 6, 30));
        assertThat(result.summary().current().size()).isEqualTo(duck.fits().finalFit().distinctRows());
    }

    @Test
    void fitsAndModelChoiceAreThePipelines() {
        PipelineComparison.sameFits(result, duck);
    }

    @Test
    void everyCustomerHasThePipelinesScores() {
        assertThat(PipelineComparison.sameScores(spark, dir.resolve("out/scores").toString(), store)).isEqualTo(23_570);
    }

    @Test
    void equityIsTheSumOfClvAndGroupsSplitAtTheMedians() {
        double equity = store.queryLong("SELECT count(*) FROM customer_scores WHERE clv IS NOT NULL");
        assertThat(result.equity().customers()).isEqualTo((long) equity);
        double sum = store.queryFirst("SELECT sum(clv) FROM customer_scores", rs -> rs.getDouble(1)).orElseThrow();
        assertThat(result.equity().equity()).isCloseTo(sum, org.assertj.core.data.Percentage.withPercentage(1e-4));
        double medClv = store.queryFirst("SELECT median(clv) FROM customer_scores", rs -> rs.getDouble(1)).orElseThrow();
        assertThat(result.equity().medianClv()).isCloseTo(medClv, org.assertj.core.data.Percentage.withPercentage(1e-4));
        long trueFriends = store.queryLong("SELECT count(*) FROM customer_scores WHERE clv >= ? AND expected_purchases >= ?",
                result.equity().medianClv(), result.equity().medianLoyalty());
        assertThat(result.equity().groups()).extracting(EquityStage.Kpi::name)
                .containsExactly("barnacle", "butterfly", "stranger", "true_friend");
        assertThat(result.equity().groups().get(3).customers()).isEqualTo(trueFriends);
        assertThat(result.equity().groups().stream().mapToLong(EquityStage.Kpi::customers).sum()).isEqualTo(23_570);
        assertThat(spark.read().parquet(dir.resolve("out/groups").toString()).count()).isEqualTo(23_570);
    }
}
