package org.rapport.analytics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
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
 * Times {@link Analytics#run} on a large simulated world. Not part of the build: run with
 * {@code -Drapport.bench=DIR [-Drapport.bench.customers=1000000]}; DIR keeps the world and the database
 * between runs. Prints the wall time of each analysis, twice (the second run has a warm JIT).
 */
@EnabledIfSystemProperty(named = "rapport.bench", matches = ".+")
class AnalyticsBench {
    @Test
    void timeAnalytics() throws IOException {
        Path dir = Path.of(System.getProperty("rapport.bench"));
        long n = Long.parseLong(System.getProperty("rapport.bench.customers", "1000000"));
        Path world = dir.resolve("world");
        Path db = dir.resolve("bench.duckdb");
        if (!Files.exists(db)) {
            WorldOptions o = WorldOptions.withDefaults().withCustomers(n).withSeed(42);
            long t0 = System.nanoTime();
            WorldSimulator.of(o).simulate(world);
            System.out.printf("simulate %.1f s%n", (System.nanoTime() - t0) / 1e9);
            try (RapportStore store = RapportStore.open(db)) {
                t0 = System.nanoTime();
                Ingestor in = Ingestor.of(store);
                for (Kind k : new Kind[] {Kind.TRANSACTIONS, Kind.CUSTOMERS, Kind.PRODUCTS, Kind.INTERACTIONS, Kind.PROSPECTS,
                    Kind.FEEDBACK, Kind.LIFE_EVENTS, Kind.HOUSEHOLD_LINKS}) {
                    in.ingest(k, world.resolve(k.name().toLowerCase(java.util.Locale.ROOT) + ".csv"));
                }
                System.out.printf("ingest %.1f s%n", (System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                Analysis.run(store, AnalysisOptions.defaults().withCalibrationEnd(o.calibrationEnd()), Progress.NONE);
                System.out.printf("analysis %.1f s%n", (System.nanoTime() - t0) / 1e9);
                store.update("CREATE TABLE truth AS SELECT * FROM read_csv(?, all_varchar = true)",
                        world.resolve(WorldFile.TRUTH_CUSTOMERS.fileName()).toString());
            }
        }
        try (RapportStore store = RapportStore.open(db)) {
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            for (int rep = 0; rep < Integer.getInteger("rapport.bench.reps", 2); rep++) {
                long w0 = System.nanoTime();
                long c0 = os.getProcessCpuTime();
                StringBuilder b = new StringBuilder();
                Progress cpu = new Progress() {
                    private long c;

                    @Override
                    public void start(String stage, long total) {
                        c = os.getProcessCpuTime();
                        b.append(' ').append(stage);
                    }

                    @Override
                    public void advance(long done) {
                    }

                    @Override
                    public void finish(String summary) {
                        b.append(String.format(java.util.Locale.ROOT, " %.1f s cpu;", (os.getProcessCpuTime() - c) / 1e9));
                    }
                };
                Analytics.Result r = Analytics.run(store, AnalyticsOptions.defaults(), cpu);
                b.append(" wall ms ").append(r.millis());
                System.out.printf("analytics run %d: %.1f s wall, %.1f s cpu, load %.1f:%s%n", rep + 1,
                        (System.nanoTime() - w0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9, os.getSystemLoadAverage(), b);
                System.out.flush();
            }
            double corr = store.queryFirst("""
                    SELECT corr(ln(w.wallet), ln(CAST(t.true_wallet AS DOUBLE))) FROM customer_wallet w JOIN truth t USING (customer_id)
                    WHERE w.wallet_source = 'estimated'""", rs -> rs.getDouble(1)).orElseThrow();
            System.out.printf("wallet corr(log estimate, log true) = %.3f%n", corr);
        }
    }
}
