package org.rapport.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.analytics.AnalyticsOptions;
import org.rapport.analytics.RunContext;
import org.rapport.analytics.groups.RelationshipGroups;
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
    void equityIsTheSumOfClvAndGroupsAreTheAnalyticsGroups() {
        double equity = store.queryLong("SELECT count(*) FROM customer_scores WHERE clv IS NOT NULL");
        assertThat(result.equity().customers()).isEqualTo((long) equity);
        double sum = store.queryFirst("SELECT sum(clv) FROM customer_scores", rs -> rs.getDouble(1)).orElseThrow();
        assertThat(result.equity().equity()).isCloseTo(sum, org.assertj.core.data.Percentage.withPercentage(1e-4));
        // The analytics' own groups on the pipeline's run (mean CLV, projected months of relationship): every
        // customer in the same group. Thresholds agree to 1e-9 relative: the same rule over scores equal to
        // ~1e-12 (PipelineComparison), so only a customer within 1e-9 of a threshold could differ; none is here.
        RelationshipGroups.Result duckGroups = RelationshipGroups.compute(store, RunContext.require(store),
                AnalyticsOptions.defaults());
        RelationshipGroups.Result sparkGroups = result.equity().groupResult();
        assertThat(sparkGroups.clvThreshold()).isCloseTo(duckGroups.clvThreshold(), org.assertj.core.data.Percentage.withPercentage(1e-7));
        assertThat(sparkGroups.loyaltyThreshold()).isEqualTo(duckGroups.loyaltyThreshold());
        java.util.Map<String, String> duck = new java.util.HashMap<>();
        store.query("SELECT customer_id, relationship_group FROM customer_groups", rs -> duck.put(rs.getString(1), rs.getString(2)));
        List<org.apache.spark.sql.Row> groups = spark.read().parquet(dir.resolve("out/groups").toString())
                .select("customer_id", "relationship_group").collectAsList();
        assertThat(groups).hasSize(23_570);
        long same = groups.stream().filter(r -> r.getString(1).equals(duck.get(r.getString(0)))).count();
        assertThat(same).isEqualTo(23_570);
        for (int i = 0; i < 4; i++) {
            assertThat(sparkGroups.groups().get(i).group()).isEqualTo(duckGroups.groups().get(i).group());
            assertThat(sparkGroups.groups().get(i).customers()).isEqualTo(duckGroups.groups().get(i).customers());
        }
        assertThat(result.equity().groups().stream().mapToLong(EquityStage.Kpi::customers).sum()).isEqualTo(23_570);
    }

    @Test
    void kpisBySegmentAreSparkAggregationsOfTheScores() throws java.io.IOException {
        Path segments = dir.resolve("segments.csv");
        List<String> lines = new java.util.ArrayList<>();
        lines.add("customer_id,segment");
        store.query("SELECT customer_id FROM customer_scores", rs -> {
            String id = rs.getString(1);
            lines.add(id + "," + (Integer.parseInt(id) % 2 == 0 ? "even" : "odd"));
            return null;
        });
        Files.write(segments, lines);
        SparkOptions o = SparkOptions.of(CDNOW.toString(), dir.resolve("seg-out").toString()).withSegments(segments.toString());
        EquityStage.Result r = EquityStage.run(spark, spark.read().parquet(dir.resolve("out/scores").toString()),
                result.fits().finalFit().model(), o, 0, dir.resolve("seg-out").toString());
        assertThat(r.kpiBy()).isEqualTo("segment");
        assertThat(r.kpis()).extracting(EquityStage.Kpi::name).containsExactly("even", "odd");
        for (EquityStage.Kpi k : r.kpis()) {
            int parity = k.name().equals("even") ? 0 : 1;
            double[] d = store.queryFirst("""
                    SELECT count(*), sum(clv), avg(p_alive) FROM customer_scores
                    WHERE CAST(customer_id AS INTEGER) % 2 = ?""", rs -> new double[] {rs.getDouble(1), rs.getDouble(2),
                    rs.getDouble(3)}, parity).orElseThrow();
            assertThat(k.customers()).isEqualTo((long) d[0]);
            assertThat(k.equity()).isCloseTo(d[1], org.assertj.core.data.Percentage.withPercentage(1e-4));
            assertThat(k.meanPAlive()).isCloseTo(d[2], org.assertj.core.data.Percentage.withPercentage(1e-4));
        }
        assertThat(r.kpis().get(0).customerShare() + r.kpis().get(1).customerShare()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-12));
    }
}
