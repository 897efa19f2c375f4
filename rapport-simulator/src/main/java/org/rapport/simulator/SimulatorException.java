package org.rapport.simulator;

import java.util.Locale;

/**
 * Thrown when the simulator is given options or a planted world it cannot simulate.
 *
 * <p>Messages are built from the templates below with {@link Locale#ROOT}, so they read the same on
 * every machine and tests can check their words.
 */
public final class SimulatorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Template: a value that must be positive. */
    static final String NOT_POSITIVE = "%s = %s is not greater than 0";
    /** Template: a value outside its range. */
    static final String OUT_OF_RANGE = "%s = %s is outside [%s, %s]";
    /** Template: dates in the wrong order. */
    static final String DATE_ORDER = "%s (%s) must not be after %s (%s)";
    /** Template: probabilities that do not sum to one. */
    static final String NOT_A_DISTRIBUTION = "%s sums to %s, not 1";
    /** Template: an array of the wrong length. */
    static final String WRONG_LENGTH = "%s has %d values but there are %d %s";
    /** Template: spend tilts that would change the Gamma-Gamma distribution. */
    static final String TILT_NOT_BALANCED = "segment weights times spend tilts sum to %s, not 0: "
            + "the population's spend rate would no longer be Gamma(q, gamma)";
    /** Template: a name that is not defined. */
    static final String UNKNOWN = "%s refers to unknown %s '%s'";
    /** Template: a customer with more orders than the order-id scheme holds. */
    static final String TOO_MANY_ORDERS = "customer %d made more than %d orders: the purchase rate is implausibly "
            + "high (r = %s, alpha = %s)";
    /** Template: an in-memory world that is too large. */
    static final String TOO_LARGE = "%d customers is too many to hold in memory (at most %d): write to files";

    SimulatorException(String template, Object... args) {
        super(String.format(Locale.ROOT, template, args));
    }
}
