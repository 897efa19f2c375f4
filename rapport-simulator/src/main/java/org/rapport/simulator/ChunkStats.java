package org.rapport.simulator;

/** Counts of one chunk, merged in chunk order into the report. */
final class ChunkStats {
    long customers;
    long orders;
    long lines;
    long sameDayOrders;
    long interactions;
    long aliveAtEnd;

    void add(ChunkStats o) {
        customers += o.customers;
        orders += o.orders;
        lines += o.lines;
        sameDayOrders += o.sameDayOrders;
        interactions += o.interactions;
        aliveAtEnd += o.aliveAtEnd;
    }
}
