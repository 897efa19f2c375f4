package org.rapport.pipeline.stage;

import java.util.Arrays;
import java.util.TreeMap;
import org.rapport.model.data.PurchaseHistory;
import org.rapport.model.data.RfmTable;

/**
 * What the fit and validation stages need from the summaries of all customers, held in primitive
 * arrays (no object per customer): the compressed table for fitting, the per-customer statistics and
 * holdout counts for validation, the number of customers born on each day and the number of repeat
 * purchases made on each day for the tracking plot.
 */
public final class CalibrationData {
    private final PurchaseHistory.Window window;
    private final RfmTable.Builder rfm = RfmTable.builder();
    private double[] x = new double[1024];
    private double[] tx = new double[1024];
    private double[] bigT = new double[1024];
    private double[] holdout = new double[1024];
    private double[] meanSpend = new double[1024];
    private int n;
    private final TreeMap<Long, long[]> births = new TreeMap<>();
    private final TreeMap<Long, long[]> repeatsByDay = new TreeMap<>();

    /** @param window the calibration/holdout window */
    public CalibrationData(PurchaseHistory.Window window) {
        this.window = window;
    }

    /**
     * Adds one customer's summary and the days of their repeat purchases.
     *
     * @param s the summary (customers born after calibration are not passed in)
     * @param repeatDays the epoch days of the customer's repeat purchases up to the holdout end
     */
    public void accept(PurchaseHistory.Summary s, long[] repeatDays) {
        rfm.accept(s.x(), s.tx(), s.bigT());
        if (n == x.length) {
            int cap = n * 2;
            x = Arrays.copyOf(x, cap);
            tx = Arrays.copyOf(tx, cap);
            bigT = Arrays.copyOf(bigT, cap);
            holdout = Arrays.copyOf(holdout, cap);
            meanSpend = Arrays.copyOf(meanSpend, cap);
        }
        x[n] = s.x();
        tx[n] = s.tx();
        bigT[n] = s.bigT();
        holdout[n] = s.holdoutPurchases();
        meanSpend[n] = s.meanRepeatSpend();
        n++;
        births.computeIfAbsent(s.firstDay(), d -> new long[1])[0]++;
        for (long d : repeatDays) {
            repeatsByDay.computeIfAbsent(d, k -> new long[1])[0]++;
        }
    }

    /** @return the window */
    public PurchaseHistory.Window window() {
        return window;
    }

    /** @return the compressed (x, t_x, T) table */
    public RfmTable rfm() {
        return rfm.build();
    }

    /** @return the number of customers */
    public int size() {
        return n;
    }

    /** @param i customer index @return repeat purchases */
    public double x(int i) {
        return x[i];
    }

    /** @param i customer index @return recency */
    public double tx(int i) {
        return tx[i];
    }

    /** @param i customer index @return age T */
    public double bigT(int i) {
        return bigT[i];
    }

    /** @param i customer index @return holdout purchases */
    public double holdout(int i) {
        return holdout[i];
    }

    /** @param i customer index @return mean repeat spend, NaN for x = 0 */
    public double meanSpend(int i) {
        return meanSpend[i];
    }

    /** @return first-purchase day to number of customers born that day */
    public TreeMap<Long, long[]> births() {
        return births;
    }

    /** @return epoch day to number of repeat purchases made that day */
    public TreeMap<Long, long[]> repeatsByDay() {
        return repeatsByDay;
    }
}
