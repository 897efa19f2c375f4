package org.rapport.analytics.truth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.rapport.analytics.RunContext;
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
 * A small simulated world, ingested and scored, with the simulator's per-customer truth in table
 * {@code truth} and the true CLV and loyalty in {@code truth_value} (see {@link #trueValues}). For the
 * tests against planted truth that need several seeds: a few thousand customers take a few seconds.
 */
public final class SmallWorld implements AutoCloseable {
    public final Path dir;
    public final RapportStore store;
    public final WorldOptions world;

    private SmallWorld(Path dir, RapportStore store, WorldOptions world) {
        this.dir = dir;
        this.store = store;
        this.world = world;
    }

    /**
     * @param customers customers
     * @param seed world seed
     * @param kinds the files to ingest besides transactions and products
     * @return the world, analysed with the simulator's calibration end
     */
    public static SmallWorld of(int customers, long seed, Kind... kinds) {
        try {
            Path dir = Files.createTempDirectory("rapport-small-world");
            WorldOptions world = WorldOptions.withDefaults().withCustomers(customers).withSeed(seed);
            Path w = dir.resolve("world");
            WorldSimulator.of(world).simulate(w);
            RapportStore store = RapportStore.open(dir.resolve("r.duckdb"));
            Ingestor in = Ingestor.of(store);
            in.ingest(Kind.TRANSACTIONS, w.resolve(WorldFile.TRANSACTIONS.fileName()));
            in.ingest(Kind.PRODUCTS, w.resolve(WorldFile.PRODUCTS.fileName()));
            for (Kind k : kinds) {
                in.ingest(k, w.resolve(file(k).fileName()));
            }
            store.update("CREATE TABLE truth AS SELECT * FROM read_csv(?, all_varchar = true)",
                    w.resolve(WorldFile.TRUTH_CUSTOMERS.fileName()).toString());
            Analysis.run(store, AnalysisOptions.defaults().withCalibrationEnd(world.calibrationEnd()), Progress.NONE);
            SmallWorld sw = new SmallWorld(dir, store, world);
            sw.trueValues();
            return sw;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WorldFile file(Kind k) {
        return switch (k) {
            case CUSTOMERS -> WorldFile.CUSTOMERS;
            case INTERACTIONS -> WorldFile.INTERACTIONS;
            case PROSPECTS -> WorldFile.PROSPECTS;
            case FEEDBACK -> WorldFile.FEEDBACK;
            case LIFE_EVENTS -> WorldFile.LIFE_EVENTS;
            case HOUSEHOLD_LINKS -> WorldFile.HOUSEHOLD_LINKS;
            default -> throw new IllegalArgumentException(k.toString());
        };
    }

    /**
     * Writes {@code truth_value(customer_id, clv, months, purchases)}: what the scores estimate, computed
     * from the planted parameters. A customer alive at the end of the data with purchase rate λ and
     * dropout probability p after each purchase stays alive to time t with probability e^(−λpt), so makes
     * g(t) = (1 − e^(−λpt))/p purchases in (0, t] and stays (1 − e^(−λpH))/(λp) of a horizon H. True CLV is
     * the customer's margin rate × true expected order value × the monthly increments of g discounted as
     * the pipeline's CLV discounts them, over the run's CLV horizon; {@code months} the time alive within
     * that horizon, in months; {@code purchases} g over a year (what {@code expected_purchases} estimates).
     * A customer dead at the end has all three 0. BG/NBD worlds only (the simulator's default family).
     */
    private void trueValues() {
        RunContext run = RunContext.require(store);
        int months = run.clvMonths();
        double len = 365.25 / 12 / 7; // weeks per month (the truth is in weeks)
        double d = run.monthlyDiscountRate();
        store.update("CREATE TABLE truth_value (customer_id VARCHAR, clv DOUBLE, months DOUBLE, purchases DOUBLE)");
        store.update("""
                INSERT INTO truth_value
                SELECT customer_id,
                       CASE WHEN alive THEN m * eov * (SELECT sum((exp(-rate * (j - 1) * ?) - exp(-rate * j * ?)) / p
                                                        / pow(1 + ?, j)) FROM range(1, ? + 1) r(j)) ELSE 0 END,
                       CASE WHEN alive THEN (1 - exp(-rate * ?)) / rate / ? ELSE 0 END,
                       CASE WHEN alive THEN (1 - exp(-rate * ?)) / p ELSE 0 END
                FROM (SELECT t.customer_id, s.margin_rate AS m, CAST(t.expected_order_value AS DOUBLE) AS eov,
                             CAST(t.dropout_probability AS DOUBLE) AS p,
                             CAST(t.lambda AS DOUBLE) * CAST(t.dropout_probability AS DOUBLE) AS rate,
                             t.alive_at_end = 'true' AS alive
                      FROM truth t JOIN customer_scores s USING (customer_id))""",
                len, len, d, months, len * months, len, 365.25 / 7);
    }

    @Override
    public void close() {
        store.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
