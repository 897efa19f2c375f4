package org.rapport.analytics.frame;

/**
 * A column the frame cannot provide, e.g. {@code wallet} before {@code rapport wallet} created
 * {@code customer_wallet}. An {@link IllegalArgumentException}, so the CLI maps it to exit code 2.
 */
public final class FrameException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message the whole message, naming the column and what to run first */
    public FrameException(String message) {
        super(message);
    }
}
