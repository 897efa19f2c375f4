package org.rapport.model.data;

import java.io.Serializable;
import java.util.Arrays;
import org.rapport.model.ModelException;

/**
 * One customer's purchases, accumulated, then summarised into the sufficient statistics of the
 * models at a calibration cut-off.
 *
 * <p>This is the one summariser of Rapport: the DuckDB pipeline feeds it rows read from the store and
 * Spark uses it as the buffer of an {@code Aggregator}; both get the same numbers. It is an
 * accumulator: {@link #accept} a purchase, {@link #combine} two partial histories of the same customer
 * (in any order), then {@link #summarise} at a {@link Window}.
 *
 * <p>What a purchase is ({@link Counting}): with {@link Counting#ORDERS} (the pipeline's default) every
 * accepted purchase is one transaction, at the time given, which may be a fraction of a day; the caller
 * passes one row per order (per order id, else per distinct timestamp). With {@link Counting#DAYS}, the
 * papers' convention (Fader, Hardie &amp; Lee 2005), several purchases on one day count as one purchase
 * whose amount is their sum, at the day. Either way time is converted to the period unit of the window,
 * the first purchase starts the customer's clock and is not a repeat purchase, and a purchase belongs to
 * the calibration period if its day is at most the calibration end. {@code T} runs from the first
 * purchase to the calibration end: to the calibration end day itself for data with day resolution (the
 * papers' T), to the end of that day for data with times of day ({@link Window#subDay()}).
 */
public final class PurchaseHistory implements Serializable {
    private static final long serialVersionUID = 2L;
    private final Counting counting;
    private double[] times = new double[4];
    private double[] amounts = new double[4];
    private int size;
    private boolean normalised = true;

    /** What one repeat purchase is. */
    public enum Counting {
        /** One order: every accepted purchase, at its own time. */
        ORDERS,
        /** One day with purchases (the papers' convention): purchases on one day are merged. */
        DAYS
    }

    private PurchaseHistory(Counting counting) {
        this.counting = counting;
    }

    /** @return an empty history that counts days with purchases (the papers' convention) */
    public static PurchaseHistory create() {
        return new PurchaseHistory(Counting.DAYS);
    }

    /** @param counting what one purchase is @return an empty history */
    public static PurchaseHistory create(Counting counting) {
        return new PurchaseHistory(java.util.Objects.requireNonNull(counting));
    }

    /**
     * Adds a purchase.
     *
     * @param epochDay the day of the purchase, as {@link java.time.LocalDate#toEpochDay()}
     * @param amount its amount (negative for a net return; see the store's netting rules)
     * @return this history
     */
    public PurchaseHistory accept(long epochDay, double amount) {
        return acceptAt(epochDay, amount);
    }

    /**
     * Adds a purchase at a time of day.
     *
     * @param epochDays the time of the purchase in days since 1970-01-01 (a fraction of a day for a time of
     *     day); counting {@link Counting#DAYS}, only its day counts
     * @param amount its amount
     * @return this history
     */
    public PurchaseHistory acceptAt(double epochDays, double amount) {
        if (!Double.isFinite(amount)) {
            throw new ModelException(ModelException.NOT_FINITE, "amount", amount);
        }
        if (!Double.isFinite(epochDays)) {
            throw new ModelException(ModelException.NOT_FINITE, "time", epochDays);
        }
        double t = counting == Counting.DAYS ? Math.floor(epochDays) : epochDays;
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            amounts = Arrays.copyOf(amounts, size * 2);
        }
        if (size > 0 && t <= times[size - 1]) {
            normalised = false;
        }
        times[size] = t;
        amounts[size] = amount;
        size++;
        return this;
    }

    /**
     * Merges another partial history of the same customer.
     *
     * @param other the other history; left unchanged
     * @return this history
     */
    public PurchaseHistory combine(PurchaseHistory other) {
        for (int i = 0; i < other.size; i++) {
            acceptAt(other.times[i], other.amounts[i]);
        }
        return this;
    }

    /** @return what one purchase is */
    public Counting counting() {
        return counting;
    }

    /** @return the number of purchases accepted so far (before same-day merging) */
    public int size() {
        return size;
    }

    /** Sorts by time and, counting days, merges purchases on the same day. */
    private void normalise() {
        if (normalised) {
            return;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(times[p], times[q]));
        double[] d = new double[Math.max(4, size)];
        double[] a = new double[d.length];
        int n = 0;
        for (int k = 0; k < size; k++) {
            int i = order[k];
            if (n > 0 && counting == Counting.DAYS && d[n - 1] == times[i]) {
                a[n - 1] += amounts[i];
            } else {
                d[n] = times[i];
                a[n] = amounts[i];
                n++;
            }
        }
        times = d;
        amounts = a;
        size = n;
        normalised = true;
    }

    /**
     * @param w the window
     * @return the epoch days of the repeat purchases (after the first) up to the holdout end, one per
     *     purchase (so a day appears once per order on it when counting orders)
     */
    public long[] repeatDays(Window w) {
        normalise();
        int k = 0;
        while (k + 1 < size && day(k + 1) <= w.holdoutEnd()) {
            k++;
        }
        long[] out = new long[k];
        for (int i = 0; i < k; i++) {
            out[i] = day(i + 1);
        }
        return out;
    }

    private long day(int i) {
        return (long) Math.floor(times[i]);
    }

    /**
     * Summarises the history at a window.
     *
     * @param w the calibration and holdout window
     * @return the summary, or {@code null} if the customer's first purchase is after the calibration end
     *     (or the history is empty)
     */
    public Summary summarise(Window w) {
        normalise();
        if (size == 0 || day(0) > w.calibrationEnd()) {
            return null;
        }
        double first = times[0];
        int x = 0;
        double last = first;
        double repeatSpend = 0;
        double calibrationSpend = amounts[0];
        int holdout = 0;
        double holdoutSpend = 0;
        for (int i = 1; i < size; i++) {
            long d = day(i);
            if (d <= w.calibrationEnd()) {
                x++;
                last = times[i];
                repeatSpend += amounts[i];
                calibrationSpend += amounts[i];
            } else if (d <= w.holdoutEnd()) {
                holdout++;
                holdoutSpend += amounts[i];
            }
        }
        double unit = w.periodDays();
        double bigT = (w.calibrationEnd() + (w.subDay() ? 1 : 0) - first) / unit;
        double tx = (last - first) / unit;
        return new Summary(day(0), x, tx, bigT, x > 0 ? repeatSpend / x : Double.NaN, amounts[0], calibrationSpend,
                holdout, holdoutSpend);
    }

    /**
     * A calibration period and an optional holdout period, in days, with the period unit.
     *
     * @param calibrationEnd last day of calibration (epoch day, inclusive)
     * @param holdoutEnd last day of the holdout (inclusive); equal to {@code calibrationEnd} when there is none
     * @param periodDays length of the period unit in days: 1 (day), 7 (week), 365.25 / 12 (month)
     * @param subDay whether purchase times have times of day: then calibration ends at the end of its
     *     last day (T counts that day); with day resolution at the day itself, as in the papers
     */
    public record Window(long calibrationEnd, long holdoutEnd, double periodDays, boolean subDay) implements Serializable {
        /** Checks the window. */
        public Window {
            if (holdoutEnd < calibrationEnd) {
                throw new IllegalArgumentException("holdout end is before the calibration end");
            }
            ModelException.checkPositive("periodDays", periodDays);
        }

        /**
         * A window for data with day resolution.
         *
         * @param calibrationEnd last day of calibration (epoch day, inclusive)
         * @param holdoutEnd last day of the holdout (inclusive)
         * @param periodDays length of the period unit in days
         */
        public Window(long calibrationEnd, long holdoutEnd, double periodDays) {
            this(calibrationEnd, holdoutEnd, periodDays, false);
        }

        /** @return the holdout length in periods */
        public double holdoutLength() {
            return (holdoutEnd - calibrationEnd) / periodDays;
        }
    }

    /**
     * A customer's statistics at a window.
     *
     * @param firstDay epoch day of the first purchase
     * @param x repeat purchases (orders, or days with orders: {@link Counting}) in calibration
     * @param tx time of the last calibration purchase after the first, in periods
     * @param bigT time from the first purchase to the calibration end, in periods
     * @param meanRepeatSpend mean amount of the repeat purchases (the Gamma-Gamma m&#772;), NaN if x = 0
     * @param firstAmount amount of the first purchase
     * @param calibrationSpend total spend in calibration, first purchase included
     * @param holdoutPurchases purchases (counted as x) in the holdout
     * @param holdoutSpend spend in the holdout
     */
    public record Summary(long firstDay, int x, double tx, double bigT, double meanRepeatSpend, double firstAmount,
                          double calibrationSpend, int holdoutPurchases, double holdoutSpend) implements Serializable {
    }
}
