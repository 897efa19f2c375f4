package org.rapport.simulator;

import java.util.HashMap;
import java.util.Map;

/** In-memory worlds shared by the test classes of one JVM, so each size and seed is simulated once. */
final class Worlds {
    private static final Map<String, World> CACHE = new HashMap<>();

    private Worlds() {
    }

    /**
     * @param customers number of customers
     * @param seed the seed
     * @return the default world of that size and seed
     */
    static synchronized World of(long customers, long seed) {
        return CACHE.computeIfAbsent(customers + "/" + seed, k -> WorldSimulator
                .of(WorldOptions.withDefaults().withCustomers(customers).withSeed(seed)).generate());
    }
}
