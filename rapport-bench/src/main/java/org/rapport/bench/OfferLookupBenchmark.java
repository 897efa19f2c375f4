package org.rapport.bench;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rapport.offers.Offer;
import org.rapport.offers.OfferEngine;
import org.rapport.store.RapportStore;

/**
 * Single-customer lookup latency of {@link OfferEngine#offersFor(String, int)} (top 5 with reasons)
 * on a store built beforehand, e.g. with {@code rapport simulate --customers 1000000} and
 * {@code rapport ingest} of transactions, products, customers, life_events and household_links.
 * Sample-time mode reports the percentiles (p0.99 is the target: under 1 ms).
 *
 * <pre>java -jar rapport-bench/target/benchmarks.jar OfferLookupBenchmark -p db=/tmp/offers1m/r.duckdb</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class OfferLookupBenchmark {
    /** The store file. */
    @Param("")
    public String db;

    private RapportStore store;
    private OfferEngine engine;
    private String[] ids;
    private int next;

    @Setup
    public void setUp() {
        if (db == null || db.isBlank()) {
            throw new IllegalArgumentException("pass -p db=FILE.duckdb: a store with transactions (see the class comment)");
        }
        store = RapportStore.open(Path.of(db));
        engine = OfferEngine.load(store);
        SplittableRandom rnd = new SplittableRandom(1);
        ids = new String[1 << 16];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = engine.customerId(rnd.nextInt(engine.customers()));
        }
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    @Benchmark
    public java.util.List<Offer> offersForOneCustomer() {
        String id = ids[next++ & (ids.length - 1)];
        return engine.offersFor(id, 5);
    }
}
