package org.rapport.simulator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * Simulates a world of customers with known truth and writes it as CSV files plus {@code truth.json}
 * (see {@link WorldFile} for the files and {@code docs/simulator.md} for what is planted).
 *
 * <pre>{@code
 * WorldSimulator.of(WorldOptions.withDefaults().withCustomers(1_000_000).withSeed(42))
 *         .simulate(Path.of("world"), (stage, done, total) -> bar.stepTo(done));
 * }</pre>
 *
 * <p>Customers are simulated in chunks of 4,096, each from its own generator
 * seeded by (seed, chunk), on a pool of worker threads; the calling thread writes the chunks in order
 * as they complete, with a bounded number in flight. The output is therefore the same for any thread
 * count, and memory stays bounded for any number of customers.
 *
 * <p>Immutable and thread-safe.
 */
public final class WorldSimulator {
    /** Most customers {@link #generate()} holds in memory. */
    public static final long MAX_IN_MEMORY = 500_000;
    private static final WorldFile[] FILES = WorldFile.values();

    private final WorldOptions options;
    private final WorldPlan plan;

    private WorldSimulator(WorldOptions options) {
        this.options = options;
        this.plan = new WorldPlan(options);
    }

    /**
     * @param options what to simulate
     * @return a simulator
     * @throws SimulatorException if the dates are out of order
     */
    public static WorldSimulator of(WorldOptions options) {
        return new WorldSimulator(options);
    }

    /** @return the options */
    public WorldOptions options() {
        return options;
    }

    /**
     * Writes the world into {@code dir}, replacing files of the same names.
     *
     * @param dir the output directory, created if missing
     * @return what was written
     * @throws IOException if a file cannot be written
     */
    public SimulationReport simulate(Path dir) throws IOException {
        return simulate(dir, SimulationProgress.none());
    }

    /**
     * Writes the world into {@code dir}, replacing files of the same names. If it fails, the files
     * written so far are incomplete.
     *
     * @param dir the output directory, created if missing
     * @param progress told after every chunk written
     * @return what was written
     * @throws IOException if a file cannot be written
     */
    public SimulationReport simulate(Path dir, SimulationProgress progress) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(dir);
        CsvChunk.Names names = new CsvChunk.Names(options);
        ChunkStats stats = new ChunkStats();
        long[] rows = new long[FILES.length];
        OutputStream[] out = new OutputStream[FILES.length];
        int threads = options.threads();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rapport-simulator");
            t.setDaemon(true);
            return t;
        });
        try {
            for (WorldFile f : FILES) {
                out[f.ordinal()] = new BufferedOutputStream(Files.newOutputStream(dir.resolve(f.fileName())), 1 << 16);
                out[f.ordinal()].write((f.header() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            rows[WorldFile.PRODUCTS.ordinal()] = writeProducts(out[WorldFile.PRODUCTS.ordinal()]);
            long customers = options.customers();
            inOrder(pool, plan.customerChunks(), chunk -> {
                CsvChunk csv = new CsvChunk(names, WorldPlan.CHUNK_SIZE);
                ChunkGenerator g = new ChunkGenerator(plan, Seeds.CUSTOMERS, chunk);
                g.customers(chunk, csv);
                return new Done(csv, g.stats());
            }, (chunk, done) -> {
                write(done.csv, out, rows);
                stats.add(done.stats);
                progress.update(SimulationProgress.Stage.CUSTOMERS, stats.customers, customers);
            });
            long prospects = plan.prospects();
            long[] written = {0};
            inOrder(pool, plan.prospectChunks(), chunk -> {
                CsvChunk csv = new CsvChunk(names, 0);
                new ChunkGenerator(plan, Seeds.PROSPECTS, chunk).prospects(chunk, csv);
                return new Done(csv, null);
            }, (chunk, done) -> {
                write(done.csv, out, rows);
                written[0] = Math.min(prospects, (chunk + 1) * WorldPlan.CHUNK_SIZE);
                progress.update(SimulationProgress.Stage.PROSPECTS, written[0], prospects);
            });
        } finally {
            pool.shutdownNow();
            closeAll(out);
        }
        Map<WorldFile, Long> rowMap = new EnumMap<>(WorldFile.class);
        for (WorldFile f : FILES) {
            rowMap.put(f, rows[f.ordinal()]);
        }
        Path truth = dir.resolve(WorldFile.TRUTH_JSON);
        TruthJson.write(truth, plan, stats, rowMap);
        Memberships.write(dir, options);
        long bytes = Files.size(truth);
        for (WorldFile f : FILES) {
            bytes += Files.size(dir.resolve(f.fileName()));
        }
        return new SimulationReport(dir, stats.customers, plan.prospects(), rowMap, stats.orders, stats.sameDayOrders,
                stats.aliveAtEnd, bytes, threads, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Simulates the world in memory, on the calling thread: the same rows as {@link #simulate} writes.
     * Meant for tests of later modules.
     *
     * @return the world
     * @throws SimulatorException if there are more than {@link #MAX_IN_MEMORY} customers
     */
    public World generate() {
        if (options.customers() > MAX_IN_MEMORY) {
            throw new SimulatorException(SimulatorException.TOO_LARGE, options.customers(), MAX_IN_MEMORY);
        }
        WorldCollector rows = new WorldCollector(options.world());
        for (long c = 0; c < plan.customerChunks(); c++) {
            new ChunkGenerator(plan, Seeds.CUSTOMERS, c).customers(c, rows);
        }
        for (long c = 0; c < plan.prospectChunks(); c++) {
            new ChunkGenerator(plan, Seeds.PROSPECTS, c).prospects(c, rows);
        }
        return rows.build(options);
    }

    /**
     * The planted truth as {@link #simulate} writes it to {@code truth.json}, without the realised
     * counts (the {@code realized} key).
     *
     * @return the JSON text
     */
    public String truthJson() {
        return TruthJson.tree(plan, null, null).toPrettyString();
    }

    private long writeProducts(OutputStream out) throws IOException {
        ByteBuf b = new ByteBuf(1 << 14);
        for (Catalog.Product p : options.world().catalog().products()) {
            b.put(ByteBuf.csv(p.id())).comma().put(ByteBuf.csv(p.name())).comma().put(ByteBuf.csv(p.brand())).comma()
                    .put(ByteBuf.csv(p.category())).comma().putFixed(Math.round(p.price() * 100), 2).comma()
                    .putFixed(Math.round(p.marginRate() * 1000), 3).comma();
            if (p.upgradeOf() != null) {
                b.put(ByteBuf.csv(p.upgradeOf()));
            }
            b.newline();
        }
        b.writeTo(out);
        return options.world().catalog().products().size();
    }

    private static void write(CsvChunk csv, OutputStream[] out, long[] rows) throws IOException {
        long[] r = csv.rows();
        for (WorldFile f : FILES) {
            if (r[f.ordinal()] > 0) {
                csv.writeTo(f, out[f.ordinal()]);
                rows[f.ordinal()] += r[f.ordinal()];
            }
        }
    }

    private static void closeAll(OutputStream[] out) throws IOException {
        IOException first = null;
        for (OutputStream o : out) {
            if (o != null) {
                try {
                    o.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private record Done(CsvChunk csv, ChunkStats stats) {
    }

    @FunctionalInterface
    private interface ChunkWriter {
        void accept(long chunk, Done done) throws IOException;
    }

    /**
     * Runs {@code task} for chunks 0..n-1 on the pool and hands the results to {@code writer} in
     * chunk order, with at most two chunks per thread in flight (bounded memory).
     */
    private void inOrder(ExecutorService pool, long n, LongFunction<Done> task, ChunkWriter writer)
            throws IOException {
        int window = 2 * options.threads() + 1;
        Deque<Future<Done>> inFlight = new ArrayDeque<>();
        long next = 0;
        for (long chunk = 0; chunk < n; chunk++) {
            while (next < n && inFlight.size() < window) {
                long c = next++;
                inFlight.add(pool.submit(() -> task.apply(c)));
            }
            writer.accept(chunk, await(inFlight.poll()));
        }
    }

    private static Done await(Future<Done> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("simulation interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new UncheckedIOException(new IOException(c));
        }
    }
}
