package org.rapport.analytics.segment;

/**
 * A segment operation that cannot be done as asked: unknown segment, bad name, no scores yet. An
 * {@link IllegalArgumentException}, so the CLI prints the message and exits with code 2.
 */
public final class SegmentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Message when an analysis needs scores that do not exist. */
    public static final String NO_SCORES = "there are no scores yet: run rapport analyze first";

    /** @param message the whole message, saying what to do */
    public SegmentException(String message) {
        super(message);
    }
}
