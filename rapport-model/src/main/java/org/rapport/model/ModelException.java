package org.rapport.model;

import java.util.Locale;

/**
 * Thrown when a model is given data or parameters it cannot work with.
 *
 * <p>Messages are built from the templates below with {@link Locale#ROOT}, so they read the same on
 * every machine and tests can check their words. Callers that read files (the CLI, the pipeline)
 * prefix the message with {@code FILE:LINE:}.
 */
public final class ModelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Template: a value that must be positive. */
    public static final String NOT_STRICTLY_POSITIVE = "%s = %s is not greater than 0";
    /** Template: a value that must not be negative. */
    public static final String NEGATIVE = "%s = %s is negative";
    /** Template: a value that is NaN or infinite. */
    public static final String NOT_FINITE = "%s = %s is not a finite number";
    /** Template: recency after the end of the observation window. */
    public static final String RECENCY_AFTER_T = "t_x = %s is greater than T = %s";
    /** Template: a customer with no repeat purchase but a positive recency. */
    public static final String RECENCY_WITHOUT_REPEAT = "t_x = %s must be 0 when x = 0";
    /** Template: a value that must be a whole number. */
    public static final String NOT_INTEGER = "%s = %s is not a whole number";
    /** Template: data that cannot identify the model. */
    public static final String DEGENERATE = "cannot fit %s: %s";
    /** Template: the optimiser failed from every start. */
    public static final String NO_CONVERGENCE = "cannot fit %s: the optimiser failed from every starting point (%s)";

    /**
     * @param template one of the templates of this class
     * @param args the values for the template
     */
    public ModelException(String template, Object... args) {
        super(String.format(Locale.ROOT, template, args));
    }

    /**
     * Checks that a value is finite and greater than zero.
     *
     * @param name the name to use in the message
     * @param v the value
     * @return {@code v}
     */
    public static double checkPositive(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new ModelException(NOT_FINITE, name, v);
        }
        if (!(v > 0)) {
            throw new ModelException(NOT_STRICTLY_POSITIVE, name, v);
        }
        return v;
    }

    /**
     * Checks that a value is finite and not negative.
     *
     * @param name the name to use in the message
     * @param v the value
     * @return {@code v}
     */
    public static double checkNonNegative(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new ModelException(NOT_FINITE, name, v);
        }
        if (v < 0) {
            throw new ModelException(NEGATIVE, name, v);
        }
        return v;
    }
}
