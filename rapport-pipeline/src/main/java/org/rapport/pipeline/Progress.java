package org.rapport.pipeline;

/**
 * Receives the progress of long work: the CLI draws progress bars, the server keeps job status.
 * Implementations must be cheap; they are called at most every few thousand rows.
 */
public interface Progress {
    /** Progress that goes nowhere. */
    Progress NONE = new Progress() {
        @Override
        public void start(String stage, long total) {
        }

        @Override
        public void advance(long done) {
        }

        @Override
        public void finish(String summary) {
        }
    };

    /**
     * A stage starts.
     *
     * @param stage its name, e.g. "summarise"
     * @param total units of work, or -1 if unknown
     */
    void start(String stage, long total);

    /** @param done units of work done so far in the current stage */
    void advance(long done);

    /** @param summary one line on what the stage did */
    void finish(String summary);
}
