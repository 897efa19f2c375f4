package org.rapport.offers;

import java.nio.file.Path;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/** A simulated world (docs/simulator.md) ingested into an in-memory store, for the tests. */
final class SimulatedWorld {
    private SimulatedWorld() {
    }

    /**
     * @param dir a temporary folder for the CSV files
     * @param customers customers
     * @param seed the seed
     * @return the options of the world and an open store holding it
     */
    static RapportStore ingest(Path dir, long customers, long seed) throws java.io.IOException {
        WorldOptions o = WorldOptions.withDefaults().withCustomers(customers).withSeed(seed);
        Path w = dir.resolve("world");
        WorldSimulator.of(o).simulate(w);
        RapportStore store = RapportStore.inMemory();
        Ingestor in = Ingestor.of(store);
        in.ingest(Kind.TRANSACTIONS, w.resolve("transactions.csv"));
        in.ingest(Kind.PRODUCTS, w.resolve("products.csv"));
        in.ingest(Kind.CUSTOMERS, w.resolve("customers.csv"));
        in.ingest(Kind.LIFE_EVENTS, w.resolve("life_events.csv"));
        in.ingest(Kind.HOUSEHOLD_LINKS, w.resolve("household_links.csv"));
        return store;
    }
}
