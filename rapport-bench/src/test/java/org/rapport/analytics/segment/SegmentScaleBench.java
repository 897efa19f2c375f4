package org.rapport.analytics.segment;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.Progress;
import org.rapport.pipeline.stage.FitStage;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/**
 * The figures of docs/analytics.md at scale: run by hand with
 * {@code mvn -o -q test -pl rapport-analytics -am -Dtest=SegmentScaleBench -Dsurefire.failIfNoSpecifiedTests=false
 * -Drapport.bench.dir=/tmp/segbench -Drapport.bench.customers=1000000}. Skipped otherwise.
 */
@EnabledIfSystemProperty(named = "rapport.bench.dir", matches = ".+")
class SegmentScaleBench {
    @Test
    void measure() throws IOException {
        Path dir = Path.of(System.getProperty("rapport.bench.dir"));
        long n = Long.parseLong(System.getProperty("rapport.bench.customers", "1000000"));
        WorldOptions world = WorldOptions.withDefaults().withCustomers(n).withSeed(2005);
        Path w = dir.resolve("world");
        long t = System.nanoTime();
        if (!Files.exists(w.resolve("truth_customers.csv"))) {
            WorldSimulator.of(world).simulate(w);
            log("simulate", t);
        }
        try (RapportStore store = RapportStore.open(dir.resolve("r.duckdb"))) {
            if (store.queryLong("SELECT count(*) FROM customer_scores") == 0) {
                t = System.nanoTime();
                Ingestor.of(store).ingest(Kind.CUSTOMERS, w.resolve("customers.csv"));
                Ingestor.of(store).ingest(Kind.PRODUCTS, w.resolve("products.csv"));
                Ingestor.of(store).ingest(Kind.TRANSACTIONS, w.resolve("transactions.csv"));
                log("ingest", t);
                t = System.nanoTime();
                Analysis.run(store, AnalysisOptions.defaults().withCalibrationEnd(world.calibrationEnd())
                        .withModel(FitStage.PurchaseModelChoice.BGNBD).withMargin(0.3), Progress.NONE);
                log("analyze", t);
            }
            t = System.nanoTime();
            CustomerFrame frame = CustomerFrame.load(store);
            log("frame load (" + frame.size() + " customers)", t);
            Rule simple = Rule.parse("age < 35 and p_alive > 0.5 and region in ('north', 'south')");
            t = System.nanoTime();
            long c1 = simple.count(frame);
            log("rule eval, base columns (" + c1 + " match)", t);
            t = System.nanoTime();
            c1 = simple.count(frame);
            log("rule eval again (" + c1 + " match)", t);
            Rule example = Rule.parse("age < 35 and category_share('baby') > 0.2 and p_alive > 0.5");
            t = System.nanoTime();
            long c2 = example.count(frame);
            log("issue example, first (loads category_share('baby')) (" + c2 + " match)", t);
            t = System.nanoTime();
            c2 = example.count(frame);
            log("issue example, loaded (" + c2 + " match)", t);
            t = System.nanoTime();
            frame.needs();
            log("needs load", t);
            t = System.nanoTime();
            SegmentAnalysis.Result r = SegmentAnalysis.run(store, SegmentOptions.defaults().withRediscover(true), Progress.NONE);
            log("SegmentAnalysis.run " + r.seconds() + " k=" + r.discovery().k(), t);
            t = System.nanoTime();
            SegmentBudget.Result b = SegmentBudget.allocate(store, 1_000_000, SegmentBudget.Parameters.defaults(), false);
            log("budget allocate (" + b.segments().size() + " segments)", t);
            Map<String, String> truth = new HashMap<>();
            try (BufferedReader in = Files.newBufferedReader(w.resolve("truth_customers.csv"))) {
                in.readLine();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    int a = line.indexOf(',');
                    truth.put(line.substring(0, a), line.substring(a + 1, line.indexOf(',', a + 1)));
                }
            }
            String[] found = SegmentStore.of(store).clusters(frame.size());
            String[] planted = new String[found.length];
            for (int i = 0; i < found.length; i++) {
                planted[i] = truth.get(frame.ids()[i]);
            }
            System.out.printf(Locale.ROOT, "BENCH ARI %.4f%n", ClusterQuality.adjustedRandIndex(found, planted));
        }
    }

    private static void log(String what, long t) {
        System.out.printf(Locale.ROOT, "BENCH %-70s %8.3f s%n", what, (System.nanoTime() - t) / 1e9);
    }
}
