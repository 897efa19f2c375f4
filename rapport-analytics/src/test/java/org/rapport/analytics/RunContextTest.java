package org.rapport.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.Progress;
import org.rapport.simulator.WorldFile;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/**
 * Issue 16: the analyses after scoring read the run's CLV horizon and discount rate from typed
 * columns. Before, they parsed the report's display string "%.1f%% a year": 7.25% came back as 7.3%,
 * and a string that did not match fell back to 36 months and 10% without a word.
 */
class RunContextTest {
    @TempDir
    Path dir;

    @Test
    void theRunsSettingsComeBackExactly() throws IOException {
        WorldOptions o = WorldOptions.withDefaults().withCustomers(600).withSeed(17);
        WorldSimulator.of(o).simulate(dir.resolve("w"));
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            Ingestor.of(store).ingest(Kind.TRANSACTIONS, dir.resolve("w").resolve(WorldFile.TRANSACTIONS.fileName()));
            Analysis.run(store, AnalysisOptions.defaults().withCalibrationEnd(o.calibrationEnd())
                    .withAnnualDiscountRate(0.0725).withClvMonths(30), Progress.NONE);
            RunContext run = RunContext.require(store);
            assertThat(run.annualDiscountRate()).isEqualTo(0.0725);
            assertThat(run.clvMonths()).isEqualTo(30);
            assertThat(store.queryFirst("SELECT horizon_days, interval_level, counting FROM analysis_runs",
                    rs -> rs.getDouble(1) + " " + rs.getDouble(2) + " " + rs.getString(3))).hasValue("365.25 0.95 orders");
        }
    }
}
