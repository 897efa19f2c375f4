package org.rapport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.fit.FitResult;
import org.rapport.model.interval.Estimate;
import org.rapport.pipeline.stage.FitStage;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/**
 * Simulator round trip: a world simulated with known BG/NBD and Gamma-Gamma parameters goes through
 * the whole pipeline (CSV file, ingest, summarise, fit) and the calibration fit recovers the truth.
 */
class SimulatorRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void calibrationFitRecoversThePlantedParameters() throws IOException {
        // 20,000 customers, fixed seed. The simulator draws continuous purchase times and the summary
        // merges purchases on one day (the papers' convention), which biases alpha by about 5% (see
        // docs/simulator.md); at this size that is well inside the 99% interval (z = 2.58), so each
        // true parameter must lie in its 99% interval. The seed is fixed, so the test is repeatable.
        WorldOptions world = WorldOptions.withDefaults().withCustomers(20_000).withSeed(11);
        WorldSimulator.of(world).simulate(dir.resolve("world"));
        try (RapportStore store = RapportStore.open(dir.resolve("r.duckdb"))) {
            Ingestor.of(store).ingest(Kind.TRANSACTIONS, dir.resolve("world").resolve("transactions.csv"));
            Analysis.Result r = Analysis.run(store, AnalysisOptions.defaults().withCalibrationEnd(world.calibrationEnd())
                    .withModel(FitStage.PurchaseModelChoice.BGNBD).withMargin(0.3), Progress.NONE);
            FitResult<? extends PurchaseModel> fit = r.fits().calibrationFit();
            double[] truth = {world.r(), world.alpha(), world.a(), world.b()};
            for (int i = 0; i < truth.length; i++) {
                String name = fit.parameterNames().get(i);
                Estimate e = fit.interval(name, 0.99);
                assertThat(e.contains(truth[i])).as("%s = %s in %s", name, truth[i], e).isTrue();
            }
            // Gamma-Gamma on the final summary recovers the planted spend process in the same sense.
            FitResult<?> gg = r.fits().spendFit();
            double[] spendTruth = {world.p(), world.q(), world.gamma()};
            for (int i = 0; i < spendTruth.length; i++) {
                String name = gg.parameterNames().get(i);
                Estimate e = gg.interval(name, 0.99);
                assertThat(e.contains(spendTruth[i])).as("%s = %s in %s", name, spendTruth[i], e).isTrue();
            }
            assertThat(r.report().totals().customers()).isEqualTo(20_000);
        }
    }
}
