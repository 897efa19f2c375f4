package org.rapport.simulator;

/**
 * Told how far a simulation has come, after every chunk written, from the thread that writes the
 * files (so a progress bar needs no locking).
 */
@FunctionalInterface
public interface SimulationProgress {
    /** What is being simulated. */
    enum Stage {
        /** Customers with everything that belongs to them. */
        CUSTOMERS,
        /** Prospects. */
        PROSPECTS
    }

    /**
     * @param stage the stage
     * @param done units of the stage written so far
     * @param total units of the stage
     */
    void update(Stage stage, long done, long total);

    /** @return a listener that ignores every update */
    static SimulationProgress none() {
        return (stage, done, total) -> {
        };
    }
}
