package org.rapport.simulator;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a simulation wrote, and how long it took.
 *
 * @param directory the output directory
 * @param customers customers simulated
 * @param prospects prospects simulated
 * @param rows data rows per file (headers not counted)
 * @param orders orders (a customer's purchases, the first included)
 * @param sameDayOrders orders on the same date as the customer's previous order: a summary that merges
 *     purchases on one day (the CDNOW convention) counts this many fewer repeat purchases
 * @param customersAliveAtEnd customers who had not dropped out by the last day
 * @param bytes bytes written
 * @param threads worker threads used
 * @param millis wall-clock time in milliseconds
 */
public record SimulationReport(Path directory, long customers, long prospects, Map<WorldFile, Long> rows,
                               long orders, long sameDayOrders, long customersAliveAtEnd, long bytes, int threads,
                               long millis) {
    /** Copies the map. */
    public SimulationReport {
        rows = Map.copyOf(rows);
    }
}
