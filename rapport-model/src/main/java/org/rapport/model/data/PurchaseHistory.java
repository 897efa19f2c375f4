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
 * <p>Conventions, those of the papers (Fader, Hardie &amp; Lee 2005): time is counted in days and
 * converted to the period unit of the window; several purchases on one day count as one purchase
 * whose amount is their sum; the first purchase starts the customer's clock and is not a repeat
 * purchase; {@code T} runs from the first purchase to the end of the calibration day.
 */
public final class PurchaseHistory implements Serializable {
    private static final long serialVersionUID = 1L;
    private long[] days = new long[4];
    private double[] amounts = new double[4];
    private int size;
    private boolean normalised = true;

    /** @return an empty history */
    public static PurchaseHistory create() {
        return new PurchaseHistory();
    }

    /**
     * Adds a purchase.
     *
     * @param epochDay the day of the purchase, as {@link java.time.LocalDate#toEpochDay()}
     * @param amount its amount (negative for a net return; see the store's netting rules)
     * @return this history
     */
    public PurchaseHistory accept(long epochDay, double amount) {
        if (!Double.isFinite(amount)) {
            throw new ModelException(ModelException.NOT_FINITE, "amount", amount);
        }
        if (size == days.length) {
            days = Arrays.copyOf(days, size * 2);
            amounts = Arrays.copyOf(amounts, size * 2);
        }
        if (size > 0 && epochDay <= days[size - 1]) {
            normalised = false;
        }
        days[size] = epochDay;
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
            accept(other.days[i], other.amounts[i]);
        }
        return this;
    }

    /** @return the number of purchases accepted so far (before same-day merging) */
    public int size() {
        return size;
    }

    /** Sorts by day and merges purchases on the same day. */
    private void normalise() {
        if (normalised) {
            return;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Long.compare(days[p], days[q]));
        long[] d = new long[Math.max(4, size)];
        double[] a = new double[d.length];
        int n = 0;
        for (int k = 0; k < size; k++) {
            int i = order[k];
            if (n > 0 && d[n - 1] == days[i]) {
                a[n - 1] += amounts[i];
            } else {
                d[n] = days[i];
                a[n] = amounts[i];
                n++;
            }
        }
        days = d;
        amounts = a;
        size = n;
        normalised = true;
    }

    /**
     * @param w the window
     * @return the epoch days of the repeat purchases (distinct days after the first) up to the holdout end
     */
    public long[] repeatDays(Window w) {
        normalise();
        int k = 0;
        while (k + 1 < size && days[k + 1] <= w.holdoutEnd()) {
            k++;
        }
        return k == 0 ? new long[0] : Arrays.copyOfRange(days, 1, k + 1);
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
        if (size == 0 || days[0] > w.calibrationEnd()) {
            return null;
        }
        long first = days[0];
        int x = 0;
        long last = first;
        double repeatSpend = 0;
        double calibrationSpend = amounts[0];
        int holdout = 0;
        double holdoutSpend = 0;
        for (int i = 1; i < size; i++) {
            if (days[i] <= w.calibrationEnd()) {
                x++;
                last = days[i];
                repeatSpend += amounts[i];
                calibrationSpend += amounts[i];
            } else if (days[i] <= w.holdoutEnd()) {
                holdout++;
                holdoutSpend += amounts[i];
            }
        }
        double unit = w.periodDays();
        double bigT = (w.calibrationEnd() - first) / unit;
        double tx = (last - first) / unit;
        return new Summary(first, x, tx, bigT, x > 0 ? repeatSpend / x : Double.NaN, amounts[0], calibrationSpend,
                holdout, holdoutSpend);
    }

    /**
     * A calibration period and an optional holdout period, in days, with the period unit.
     *
     * @param calibrationEnd last day of calibration (epoch day, inclusive)
     * @param holdoutEnd last day of the holdout (inclusive); equal to {@code calibrationEnd} when there is none
     * @param periodDays length of the period unit in days: 1 (day), 7 (week), 365.25 / 12 (month)
     */
    public record Window(long calibrationEnd, long holdoutEnd, double periodDays) implements Serializable {
        /** Checks the window. */
        public Window {
            if (holdoutEnd < calibrationEnd) {
                throw new IllegalArgumentException("holdout end is before the calibration end");
            }
            ModelException.checkPositive("periodDays", periodDays);
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
     * @param x repeat purchases (distinct days after the first) in calibration
     * @param tx time of the last calibration purchase after the first, in periods
     * @param bigT time from the first purchase to the calibration end, in periods
     * @param meanRepeatSpend mean amount of the repeat purchases (the Gamma-Gamma m&#772;), NaN if x = 0
     * @param firstAmount amount of the first purchase
     * @param calibrationSpend total spend in calibration, first purchase included
     * @param holdoutPurchases purchases (distinct days) in the holdout
     * @param holdoutSpend spend in the holdout
     */
    public record Summary(long firstDay, int x, double tx, double bigT, double meanRepeatSpend, double firstAmount,
                          double calibrationSpend, int holdoutPurchases, double holdoutSpend) implements Serializable {
    }
}
