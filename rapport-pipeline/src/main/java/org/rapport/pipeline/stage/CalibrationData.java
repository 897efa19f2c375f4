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
 *
 * <p>A row is one customer ({@link #accept(PurchaseHistory.Summary, long[])}, the single-machine path) or
 * a group of customers sharing (x, t_x, T, holdout purchases) with its count
 * ({@link #acceptGroup}, the Spark path, which never brings one row per customer to the driver); the
 * fit and validation weight each row by its {@link #weight(int)}.
 */
public final class CalibrationData {
    private final PurchaseHistory.Window window;
    private final RfmTable.Builder rfm = RfmTable.builder();
    private double[] x = new double[1024];
    private double[] tx = new double[1024];
    private double[] bigT = new double[1024];
    private double[] holdout = new double[1024];
    private double[] meanSpend = new double[1024];
    private double[] weight = new double[1024];
    private double customers;
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
        add(s.x(), s.tx(), s.bigT(), s.holdoutPurchases(), s.meanRepeatSpend(), 1);
        births.computeIfAbsent(s.firstDay(), d -> new long[1])[0]++;
        for (long d : repeatDays) {
            repeatsByDay.computeIfAbsent(d, k -> new long[1])[0]++;
        }
    }

    /**
     * Adds a group of customers with the same calibration statistics and holdout purchases (their
     * births and repeat days go in with {@link #addBirths} and {@link #addRepeats}).
     *
     * @param x repeat purchases in calibration
     * @param tx recency
     * @param bigT age T
     * @param holdoutPurchases purchases in the holdout
     * @param count the number of customers in the group (positive)
     */
    public void acceptGroup(double x, double tx, double bigT, double holdoutPurchases, long count) {
        if (count <= 0) {
            throw new IllegalArgumentException("a group holds at least one customer: " + count);
        }
        rfm.accept(x, tx, bigT, count);
        add(x, tx, bigT, holdoutPurchases, Double.NaN, count);
    }

    /** @param day epoch day @param count customers whose first purchase was that day */
    public void addBirths(long day, long count) {
        births.computeIfAbsent(day, d -> new long[1])[0] += count;
    }

    /** @param day epoch day @param count repeat purchases made that day */
    public void addRepeats(long day, long count) {
        repeatsByDay.computeIfAbsent(day, d -> new long[1])[0] += count;
    }

    private void add(double xv, double txv, double bigTv, double holdoutv, double meanSpendv, double w) {
        if (n == x.length) {
            int cap = n * 2;
            x = Arrays.copyOf(x, cap);
            tx = Arrays.copyOf(tx, cap);
            bigT = Arrays.copyOf(bigT, cap);
            holdout = Arrays.copyOf(holdout, cap);
            meanSpend = Arrays.copyOf(meanSpend, cap);
            weight = Arrays.copyOf(weight, cap);
        }
        x[n] = xv;
        tx[n] = txv;
        bigT[n] = bigTv;
        holdout[n] = holdoutv;
        meanSpend[n] = meanSpendv;
        weight[n] = w;
        customers += w;
        n++;
    }

    /** @return the window */
    public PurchaseHistory.Window window() {
        return window;
    }

    /** @return the compressed (x, t_x, T) table */
    public RfmTable rfm() {
        return rfm.build();
    }

    /** @return the number of rows (customers, or groups of customers on the Spark path) */
    public int size() {
        return n;
    }

    /** @return the number of customers: the sum of the rows' weights */
    public double customers() {
        return customers;
    }

    /** @param i row index @return the number of customers the row stands for (1 per customer) */
    public double weight(int i) {
        return weight[i];
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

    /** @param i customer index @return mean repeat spend, NaN for x = 0 (and for a group) */
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
