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
        // 100,000 customers, fixed seed (the whole round trip takes ~15 s on 2 cores). The simulator
        // draws continuous purchase times and writes dates; one customer's orders on one date keep their
        // own order ids. Counted as orders (the default), the summary keeps them all, so the fit is
        // unbiased up to the rounding of times to days (mean zero for t_x, half a day for T: far below
        // the standard errors) and each planted parameter must lie in its 95% interval: a right pipeline
        // fails one of the seven with probability at most 0.35 (Bonferroni) for a fresh seed; this one
        // is fixed. Over seeds 11-14, 27 of the 28 intervals held the truth (seed 11's a missed, with
        // the other seeds' a on both sides: chance, not bias); docs/models.md has the figures.
        WorldOptions world = WorldOptions.withDefaults().withCustomers(100_000).withSeed(12);
        WorldSimulator.of(world).simulate(dir.resolve("world"));
        try (RapportStore store = RapportStore.open(dir.resolve("r.duckdb"))) {
            Ingestor.of(store).ingest(Kind.TRANSACTIONS, dir.resolve("world").resolve("transactions.csv"));
            Analysis.Result r = Analysis.run(store, AnalysisOptions.defaults().withCalibrationEnd(world.calibrationEnd())
                    .withModel(FitStage.PurchaseModelChoice.BGNBD).withMargin(0.3), Progress.NONE);
            FitResult<? extends PurchaseModel> fit = r.fits().calibrationFit();
            double[] truth = {world.r(), world.alpha(), world.a(), world.b()};
            for (int i = 0; i < truth.length; i++) {
                String name = fit.parameterNames().get(i);
                Estimate e = fit.interval(name, 0.95);
                assertThat(e.contains(truth[i])).as("%s = %s in %s", name, truth[i], e).isTrue();
            }
            // Gamma-Gamma on the final summary recovers the planted spend process in the same sense.
            FitResult<?> gg = r.fits().spendFit();
            double[] spendTruth = {world.p(), world.q(), world.gamma()};
            for (int i = 0; i < spendTruth.length; i++) {
                String name = gg.parameterNames().get(i);
                Estimate e = gg.interval(name, 0.95);
                assertThat(e.contains(spendTruth[i])).as("%s = %s in %s", name, spendTruth[i], e).isTrue();
            }
            assertThat(r.report().totals().customers()).isEqualTo(100_000);
            // The world has customers with several orders on one date (what counting days loses).
            long sameDay = store.queryLong("""
                    SELECT count(*) FROM (SELECT customer_id, CAST(ts AS DATE) FROM purchases
                    GROUP BY 1, 2 HAVING count(*) > 1) t""");
            assertThat(sameDay).isGreaterThan(1000);
            System.out.printf(java.util.Locale.ROOT, "orders: %s; same-day order groups %d%n", fit, sameDay);
        }
    }
}
