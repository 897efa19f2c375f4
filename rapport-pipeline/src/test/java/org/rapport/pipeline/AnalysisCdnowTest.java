package org.rapport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fixtures.Fixtures;
import org.rapport.model.fixtures.Tolerance;
import org.rapport.pipeline.report.ReportData;
import org.rapport.pipeline.stage.FitStage;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/**
 * The pipeline on the papers' CDNOW sample (2,357 customers; the transaction log rebuilt from
 * CDNOW_sample.txt), with the papers' calibration end: its summaries and fits must be the model
 * library's on the published summary.
 */
class AnalysisCdnowTest {
    @TempDir
    static Path dir;
    static RapportStore store;
    static Analysis.Result result;

    @BeforeAll
    static void analyse() throws IOException {
        Path log = dir.resolve("cdnow_sample_transactions.csv");
        try (InputStream in = AnalysisCdnowTest.class.getResourceAsStream("cdnow_sample_transactions.csv")) {
            Files.copy(in, log);
        }
        store = RapportStore.open(dir.resolve("rapport.duckdb"));
        Ingestor.of(store).ingest(Kind.TRANSACTIONS, log);
        result = Analysis.run(store, AnalysisOptions.defaults().withCalibrationEnd(LocalDate.of(1997, 9, 30))
                .withModel(FitStage.PurchaseModelChoice.BGNBD), Progress.NONE);
    }

    @Test
    void countingOrdersIsCountingDaysOnCdnow() {
        // The papers count days; the log has dates only and no order ids, so the 177 customer-days with
        // several lines have one timestamp each: one order. Orders (the default) and days agree exactly,
        // and the published numbers reproduce without --count days.
        assertThat(store.queryLong("""
                SELECT count(*) FROM (SELECT customer_id, ts FROM transactions GROUP BY 1, 2 HAVING count(*) > 1) t"""))
                .isEqualTo(177);
        Analysis.Result days = Analysis.run(store, AnalysisOptions.defaults().withCalibrationEnd(LocalDate.of(1997, 9, 30))
                .withModel(FitStage.PurchaseModelChoice.BGNBD).withCount(org.rapport.model.data.PurchaseHistory.Counting.DAYS),
                Progress.NONE);
        assertThat(days.fits().calibrationFit().model().parameters())
                .isEqualTo(result.fits().calibrationFit().model().parameters());
    }

    @Test
    void calibrationSummaryIsThePublishedOne() {
        // The published summary rounds t_x and T to 2 decimals (weeks); ours is exact.
        Map<String, double[]> ours = new HashMap<>();
        store.query("SELECT customer_id, x_cal, t_x_cal, t_cal FROM customer_summary", rs -> {
            ours.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)});
            return null;
        });
        List<double[]> published = Fixtures.cdnowRows();
        assertThat(ours).hasSize(published.size());
        for (double[] p : published) {
            double[] o = ours.get(String.format("%04d", (long) p[0]));
            assertThat(o).as("customer %s", p[0]).isNotNull();
            assertThat(o[0]).as("x of %s", p[0]).isEqualTo(p[1]);
            assertThat(o[1]).as("t_x of %s", p[0]).isCloseTo(p[2], org.assertj.core.data.Offset.offset(0.005 + 1e-9));
            assertThat(o[2]).as("T of %s", p[0]).isCloseTo(p[3], org.assertj.core.data.Offset.offset(0.005 + 1e-9));
        }
    }

    @Test
    void calibrationFitReproducesThePaper() {
        // The report's candidate and the model library's fit on the published (rounded) summary agree
        // to the paper's printed precision: the rounding of t_x and T moves the estimates far less.
        Properties golden = Fixtures.golden("bgnbd-cdnow.properties");
        FitResult<BgNbd> library = MaximumLikelihood.withDefaults().fit(BgNbd.FAMILY, Fixtures.cdnow());
        ReportData.Candidate c = result.report().candidates().get(0);
        assertThat(c.model()).isEqualTo("bgnbd");
        assertThat(c.chosen()).isTrue();
        ReportData.Validation v = result.report().validation();
        assertThat(v).isNotNull();
        assertThat(v.calibrationEnd()).isEqualTo(LocalDate.of(1997, 9, 30));
        assertThat(v.holdoutEnd()).isEqualTo(LocalDate.of(1998, 6, 30));
        // The paper's fit predicts 1653.4 repeat purchases in the 39-week holdout (the README's sum of
        // E[Y(39) | x, t_x, T]); the pipeline's calibration fit, on exact rather than rounded times, too.
        double predicted = v.buckets().stream().mapToDouble(b -> b.customers() * b.predicted()).sum();
        Tolerance.assertPrinted(golden, "sum.conditional39", predicted);
        // And its parameters are the library's on the published summary, to the paper's printed digits.
        for (ReportData.Parameter p : calibrationParameters()) {
            assertThat(p.value()).as(p.name()).isCloseTo(library.parameter(p.name()),
                    org.assertj.core.data.Offset.offset(Tolerance.printed(golden.getProperty("paper." + p.name()))));
        }
    }

    private static List<ReportData.Parameter> calibrationParameters() {
        FitResult<BgNbd> cal = MaximumLikelihood.withDefaults().fit(BgNbd.FAMILY, calibrationTable());
        return ReportData.ModelSummary.of(cal, 0.95).parameters();
    }

    private static org.rapport.model.data.RfmTable calibrationTable() {
        org.rapport.model.data.RfmTable.Builder b = org.rapport.model.data.RfmTable.builder();
        store.query("SELECT x_cal, t_x_cal, t_cal FROM customer_summary WHERE x_cal IS NOT NULL", rs -> {
            b.accept(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3));
            return null;
        });
        return b.build();
    }

    @Test
    void everyCustomerIsScored() {
        assertThat(store.queryLong("SELECT count(*) FROM customer_scores")).isEqualTo(2357);
        assertThat(store.queryLong("SELECT count(*) FROM customer_scores WHERE p_alive < 0 OR p_alive > 1")).isZero();
        assertThat(store.queryLong("SELECT count(*) FROM customer_scores WHERE clv IS NULL OR clv_lower > clv OR clv_upper < clv")).isZero();
        // Predictive intervals: whole counts, ordered; the customer-CLV interval is wider than the parameter one.
        assertThat(store.queryLong("SELECT count(*) FROM customer_scores WHERE purchases_lower IS NULL"
                + " OR purchases_lower > purchases_upper OR purchases_upper <> floor(purchases_upper)"
                + " OR clv_pred_lower IS NULL OR clv_pred_lower > clv_pred_upper OR clv_pred_lower < 0")).isZero();
        assertThat(store.queryLong("SELECT count(*) FROM customer_scores"
                + " WHERE clv_pred_upper - clv_pred_lower > clv_upper - clv_lower")).isGreaterThan(2300);
        assertThat(Analysis.latestReport(store)).isPresent();
        assertThat(Analysis.latestReport(store).get().totals().customers()).isEqualTo(2357);
    }

    @Test
    void sectionsAddedAfterTheRunAreStoredWithItsReport() {
        long runId = Results.latestRunId(store).orElseThrow();
        org.rapport.pipeline.report.ReportData before = Analysis.latestReport(store).orElseThrow();
        Analysis.saveReport(store, runId, before.withSections(java.util.List.of(
                org.rapport.pipeline.report.ReportSection.builder("extra", "Extra").note("n").build())));
        assertThat(Analysis.latestReport(store).orElseThrow().sections()).extracting(s -> s.id()).containsExactly("extra");
        Analysis.saveReport(store, runId, before);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Analysis.saveReport(store, runId + 99, before))
                .hasMessageContaining("does not exist");
    }
}
