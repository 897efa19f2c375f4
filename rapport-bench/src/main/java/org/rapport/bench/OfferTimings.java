package org.rapport.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.rapport.offers.ContactPolicy;
import org.rapport.offers.OfferConfig;
import org.rapport.offers.OfferData;
import org.rapport.offers.OfferEngine;
import org.rapport.offers.OfferScoring;
import org.rapport.pipeline.Progress;
import org.rapport.store.RapportStore;

/**
 * The offer engine's figures on a store (docs/offers.md, "Speed"): load, mining, batch top-5 for
 * every customer into customer_offers, and the latency percentiles of single lookups measured with
 * {@code System.nanoTime} over 200,000 random customers after a warm-up.
 *
 * <pre>java -cp rapport-bench/target/benchmarks.jar org.rapport.bench.OfferTimings /tmp/offers1m/r.duckdb</pre>
 */
public final class OfferTimings {
    private OfferTimings() {
    }

    /** @param args the store file */
    public static void main(String[] args) {
        try (RapportStore store = RapportStore.open(Path.of(args[0]))) {
            OfferConfig cfg = OfferConfig.defaults();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            OfferData data = OfferData.load(store, null, cfg);
            long t1 = System.nanoTime();
            OfferEngine engine = OfferEngine.of(data, cfg, ContactPolicy.load(store, cfg, LocalDate.now()));
            long t2 = System.nanoTime();
            System.out.printf("customers %,d, products %,d, orders %,d%n", data.customers(), data.products(), data.orders());
            System.out.printf("load %.1f s, mining %.1f s (%,d rules); JVM CPU %.1f s; load average %.1f%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                    engine.rules().size(), (os.getProcessCpuTime() - cpu0) / 1e9, os.getSystemLoadAverage());
            long cpu3 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long t3 = System.nanoTime();
            long n = 0;
            for (int c = 0; c < engine.customers(); c++) {
                n += engine.offersFor(c, 5, OfferEngine.Ranking.SCORE).size();
            }
            long t4 = System.nanoTime();
            long cpu4 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            System.out.printf("top-5 with reasons for every customer, one thread, no writing: %.1f s wall, %.1f s CPU (%,d offers)%n", (t4 - t3) / 1e9,
                    (cpu4 - cpu3) / 1e9, n);
            long cpu5 = os.getProcessCpuTime();
            OfferScoring.Summary s = OfferScoring.run(store, engine, 5, Progress.NONE);
            System.out.printf("batch top-5 into customer_offers (all cores): %.1f s wall, JVM CPU %.1f s, %,d rows; load average %.1f%n", s.seconds(),
                    (os.getProcessCpuTime() - cpu5) / 1e9, s.offers(), os.getSystemLoadAverage());
            SplittableRandom rnd = new SplittableRandom(3);
            int m = 200_000;
            long[] ns = new long[m];
            for (int warm = 0; warm < 50_000; warm++) {
                engine.offersFor(engine.customerId(rnd.nextInt(engine.customers())), 5);
            }
            for (int i = 0; i < m; i++) {
                String id = engine.customerId(rnd.nextInt(engine.customers()));
                long a = System.nanoTime();
                engine.offersFor(id, 5);
                ns[i] = System.nanoTime() - a;
            }
            Arrays.sort(ns);
            System.out.printf("offersFor(id, 5) over %,d random customers: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n", m,
                    ns[m / 2] / 1e3, ns[(int) (m * 0.99)] / 1e3, ns[(int) (m * 0.999)] / 1e3, ns[m - 1] / 1e3);
        }
    }
}
