package org.rapport.cli;

/** The exit codes of every {@code rapport} command, documented in the README. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** An unexpected internal error (a bug): the message and stack trace go to stderr. */
    public static final int SOFTWARE = 1;
    /** Invalid input: bad arguments, a missing or unreadable file, a bad row or field. */
    public static final int INPUT = 2;
    /** The data are valid but a model cannot be fitted to them (degenerate data, no convergence). */
    public static final int MODEL = 3;

    private ExitCodes() {
    }
}
