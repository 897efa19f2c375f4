package org.rapport.model.data;

import java.util.Arrays;
import org.rapport.model.ModelException;

/**
 * A cohort's retention in a contractual setting: how many customers are still active at the start of
 * periods 0, 1, 2, ... (Fader &amp; Hardie 2007, "How to project customer retention", Journal of
 * Interactive Marketing 21(1), table 1).
 *
 * <p>Value 0 is the cohort size; value t is the number of customers who have renewed t times. The
 * counts must be finite, non-negative and non-increasing (a contractual cohort only loses members), and
 * the first must be positive. Fractional values are allowed (a series given as percentages of the
 * cohort, for instance); the log-likelihood then scales with them. Immutable.
 */
public final class RetentionSeries {
    /** Template: a count larger than the one before it. */
    static final String INCREASING =
            "active customers cannot increase: active[%d] = %s is greater than active[%d] = %s";
    /** Template: no values. */
    static final String EMPTY = "a retention series needs at least one value (the cohort size)";

    private final double[] active;

    private RetentionSeries(double[] active) {
        this.active = active;
    }

    /**
     * @param active customers still active at the start of periods 0, 1, 2, ...
     * @return the series
     * @throws ModelException if the series is empty, a value is negative or not finite, the first value
     *     is not positive, or a value is greater than the one before it
     */
    public static RetentionSeries of(double... active) {
        if (active == null || active.length == 0) {
            throw new ModelException(EMPTY);
        }
        double[] v = active.clone();
        for (int t = 0; t < v.length; t++) {
            String name = "active[" + t + "]";
            if (t == 0) {
                ModelException.checkPositive(name, v[t]);
            } else {
                ModelException.checkNonNegative(name, v[t]);
                if (v[t] > v[t - 1]) {
                    throw new ModelException(INCREASING, t, fmt(v[t]), t - 1, fmt(v[t - 1]));
                }
            }
        }
        return new RetentionSeries(v);
    }

    /** @return the number of renewal periods observed: the number of values less one */
    public int periods() {
        return active.length - 1;
    }

    /** @return the cohort size, value 0 */
    public double cohortSize() {
        return active[0];
    }

    /**
     * @param t a period, 0 &le; t &le; {@link #periods()}
     * @return the customers active at the start of period t (who renewed t times)
     */
    public double active(int t) {
        return active[t];
    }

    /**
     * @param t a period, 1 &le; t &le; {@link #periods()}
     * @return the customers who churned at the end of period t: active(t-1) - active(t)
     */
    public double churned(int t) {
        if (t < 1 || t > periods()) {
            throw new IndexOutOfBoundsException("period " + t + " outside 1.." + periods());
        }
        return active[t - 1] - active[t];
    }

    /**
     * @param lastPeriod the last period to keep, 0 &le; lastPeriod &le; {@link #periods()}
     * @return the series up to and including {@code lastPeriod}, e.g. a calibration window
     */
    public RetentionSeries head(int lastPeriod) {
        if (lastPeriod < 0 || lastPeriod > periods()) {
            throw new IndexOutOfBoundsException("period " + lastPeriod + " outside 0.." + periods());
        }
        return new RetentionSeries(Arrays.copyOf(active, lastPeriod + 1));
    }

    /** @return a copy of the values */
    public double[] toArray() {
        return active.clone();
    }

    @Override
    public String toString() {
        return "RetentionSeries" + Arrays.toString(active);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
