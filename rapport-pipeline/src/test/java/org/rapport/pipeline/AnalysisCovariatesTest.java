package org.rapport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.pipeline.report.ReportData;
import org.rapport.pipeline.report.HtmlReport;
import org.rapport.pipeline.stage.FitStage;
import org.rapport.simulator.CovariateEffects;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/**
 * {@code analyze --covariates}: the run refits the chosen model with the customers' region (indicators)
 * and stores the columns and the fit with the run ({@code run_covariates}, pipeline V005) and the report; a column that
 * cannot serve is refused by name before any run is saved. World: 12,000 customers, seed 51, customers on
 * the islands (8%) buying exp(0.8) = 2.2 times as often (planted; the baseline is the most frequent region,
 * the capital), so the likelihood-ratio test must see region (p &lt; 1e-6; the planted effect is ~7 standard
 * errors) and trans.region=islands must hold 0.8 in its 99.9% interval (|z| &lt; 3.29).
 */
class AnalysisCovariatesTest {
    @TempDir
    Path dir;

    @Test
    void analyzeWithCovariatesStoresAndReportsTheFit() throws IOException {
        WorldOptions world = WorldOptions.withDefaults().withCustomers(12_000).withSeed(51)
                .withCovariateEffects(CovariateEffects.none().withRegion("islands", 0.8, 0));
        WorldSimulator.of(world).simulate(dir.resolve("world"));
        try (RapportStore store = RapportStore.open(dir.resolve("r.duckdb"))) {
            Ingestor.of(store).ingest(Kind.TRANSACTIONS, dir.resolve("world").resolve("transactions.csv"));
            Ingestor.of(store).ingest(Kind.CUSTOMERS, dir.resolve("world").resolve("customers.csv"));
            AnalysisOptions options = AnalysisOptions.defaults().withCalibrationEnd(world.calibrationEnd())
                    .withModel(FitStage.PurchaseModelChoice.BGNBD);

            for (String bad : new String[] {"segment", "email", "survey_wallet"}) {
                assertThatThrownBy(() -> Analysis.run(store, options.withCovariates(List.of("region", bad)), Progress.NONE))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("covariate column " + bad);
            }
            assertThat(store.queryLong("SELECT count(*) FROM analysis_runs")).isZero();

            Analysis.Result r = Analysis.run(store, options.withCovariates(List.of("region")), Progress.NONE);
            ReportData.Covariates c = r.report().covariates();
            assertThat(c).isNotNull();
            assertThat(c.columns()).containsExactly("region");
            assertThat(c.degreesOfFreedom()).isEqualTo(10); // 5 indicators (6 regions) in each process
            assertThat(c.pValue()).isLessThan(1e-6);
            ReportData.Parameter islands = c.parameters().stream()
                    .filter(p -> p.name().equals("trans.region=islands")).findFirst().orElseThrow();
            assertThat(Math.abs(islands.value() - 0.8) / islands.stdError()).as("%s", islands).isLessThan(3.29);
            System.out.println("analyze --covariates region: " + islands + ", LR " + c.likelihoodRatio() + ", p " + c.pValue());

            assertThat(store.queryFirst("SELECT columns FROM run_covariates WHERE run_id = ?", rs -> rs.getString(1),
                    r.runId()).orElseThrow()).isEqualTo("region");
            assertThat(store.queryFirst("SELECT fit_json FROM run_covariates WHERE run_id = ?", rs -> rs.getString(1),
                    r.runId()).orElseThrow()).contains("\"trans.region=islands\"").contains("\"likelihoodRatio\"");
            assertThat(Analysis.latestReport(store).orElseThrow().covariates().pValue()).isEqualTo(c.pValue());
            assertThat(HtmlReport.render(r.report())).contains("id=\"covariates\"").contains("trans.region=islands");
        }
    }
}
