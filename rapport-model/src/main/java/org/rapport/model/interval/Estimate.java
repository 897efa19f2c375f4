package org.rapport.model.interval;

import java.util.Locale;

/**
 * A point estimate with a two-sided confidence interval.
 *
 * <p>The interval is approximate: it comes from the asymptotic normality of maximum-likelihood
 * estimates ({@link IntervalMethod}). It says how much the estimate would move if the same number of
 * customers were drawn again from the same model; it does <b>not</b> cover the risk that the model
 * itself is wrong for the data (check that with a holdout), nor the randomness of one customer's
 * future purchases around their expectation.
 *
 * @param value the point estimate
 * @param lower the lower bound
 * @param upper the upper bound
 * @param level the nominal coverage, e.g. 0.95
 */
public record Estimate(double value, double lower, double upper, double level) {
    /** Checks {@code lower <= upper} and {@code 0 < level < 1}. */
    public Estimate {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1): " + level);
        }
        if (lower > upper) {
            throw new IllegalArgumentException("lower bound " + lower + " above upper bound " + upper);
        }
    }

    /** @return upper - lower */
    public double width() {
        return upper - lower;
    }

    /** @param v a value @return whether {@code lower <= v <= upper} */
    public boolean contains(double v) {
        return lower <= v && v <= upper;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.6g [%.6g, %.6g] (%.0f%%)", value, lower, upper, level * 100);
    }
}
