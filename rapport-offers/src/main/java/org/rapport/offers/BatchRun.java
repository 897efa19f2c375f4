package org.rapport.offers;

import java.util.List;
import org.rapport.store.RapportStore;
import org.rapport.store.RunJournal;

/**
 * The batch job's tables as one unit: {@code analyze} (CLI, demo, server job) changes them under a
 * {@link RunJournal}, so a failed or killed run leaves the previous run whole and can be re-run at once.
 */
public final class BatchRun {
    /**
     * Every table the pipeline and the analyses after it change: summaries, scores, runs and results
     * (pipeline), groups, wallet and segments (analytics), offers and their history (offers).
     */
    public static final List<String> TABLES = List.of("customer_summary", "customer_scores", "analysis_runs",
            "analysis_results", "customer_groups", "customer_wallet", "segments", "customer_segment",
            "customer_cluster", "customer_offers", "offer_history");

    private BatchRun() {
    }

    /** The job's work. @param <T> its result */
    @FunctionalInterface
    public interface Work<T> {
        /** @return the result @throws Exception on failure */
        T run() throws Exception;
    }

    /** A checked exception of the work, rethrown unchecked with the same message. */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Runs the work with the batch tables journaled: committed when it returns, put back when it throws
     * (and at the next open when the process dies).
     *
     * @param store the store
     * @param job the job's name, for the message after a recovery
     * @param work the work
     * @param <T> its result
     * @return the work's result
     * @throws Failed wrapping a checked exception of the work (runtime exceptions pass as they are)
     */
    public static <T> T atomically(RapportStore store, String job, Work<T> work) {
        RunJournal journal = RunJournal.begin(store, job, TABLES);
        T result;
        try {
            result = work.run();
        } catch (Exception | Error e) {
            try {
                journal.rollback();
            } catch (RuntimeException r) {
                e.addSuppressed(r);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw new Failed((Exception) e);
        }
        journal.commit();
        return result;
    }
}
