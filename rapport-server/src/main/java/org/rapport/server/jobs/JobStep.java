package org.rapport.server.jobs;

import org.rapport.pipeline.Progress;
import org.rapport.store.RapportStore;

/**
 * A step an analyze job runs after ingest and {@code Analysis.run}, on the job thread with the
 * store's own connection. The lead plugs the analytics orchestrator
 * ({@code (store, p) -> Analytics.run(store, AnalyticsOptions.defaults(), p)}) and the offer engine
 * here when those modules are merged; the server has none by itself.
 */
public interface JobStep {
    /** @return the step's name, shown as the job's stage, e.g. {@code analytics} */
    String name();

    /**
     * @param store the store (the job thread owns its connection)
     * @param progress the job's progress
     * @throws Exception on failure: the job ends failed with the message
     */
    void run(RapportStore store, Progress progress) throws Exception;

    /**
     * @param name the step's name
     * @param body what it does
     * @return the step
     */
    static JobStep of(String name, Body body) {
        return new JobStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run(RapportStore store, Progress progress) throws Exception {
                body.run(store, progress);
            }
        };
    }

    /** The body of a step. */
    @FunctionalInterface
    interface Body {
        /** @param store the store @param progress progress @throws Exception on failure */
        void run(RapportStore store, Progress progress) throws Exception;
    }
}
