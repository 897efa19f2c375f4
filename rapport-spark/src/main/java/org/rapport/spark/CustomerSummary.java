package org.rapport.spark;

import java.io.Serializable;
import org.rapport.model.data.PurchaseHistory;

/**
 * One customer's statistics, the Spark row twin of a {@code customer_summary} row: the summary at the
 * end of the data (for the final fit and scoring) and, if the customer was born by the calibration end,
 * the calibration summary with the holdout counts and the repeat-purchase days (for the tracking plot).
 * A Java bean so {@code Encoders.bean} gives it columns; boxed fields are null where SQL has NULL.
 */
public final class CustomerSummary implements Serializable {
    private static final long serialVersionUID = 1L;
    private long firstDay;
    private int x;
    private double tx;
    private double bigT;
    private Double meanRepeatSpend;
    private double firstAmount;
    private double totalSpend;
    private Integer calX;
    private Double calTx;
    private Double calBigT;
    private Integer holdoutPurchases;
    private Double holdoutSpend;
    private long[] repeatDays;

    /** An empty bean, for the encoder. */
    public CustomerSummary() {
    }

    /**
     * @param h the customer's history
     * @param calibration the calibration window
     * @param now the window at the end of the data
     * @return the summary, or null if the history has no purchase up to the end of the data
     */
    static CustomerSummary of(PurchaseHistory h, PurchaseHistory.Window calibration, PurchaseHistory.Window now) {
        PurchaseHistory.Summary s = h.summarise(now);
        if (s == null) {
            return null;
        }
        CustomerSummary c = new CustomerSummary();
        c.firstDay = s.firstDay();
        c.x = s.x();
        c.tx = s.tx();
        c.bigT = s.bigT();
        c.meanRepeatSpend = Double.isNaN(s.meanRepeatSpend()) ? null : s.meanRepeatSpend();
        c.firstAmount = s.firstAmount();
        c.totalSpend = s.calibrationSpend();
        PurchaseHistory.Summary cal = h.summarise(calibration);
        if (cal != null) {
            c.calX = cal.x();
            c.calTx = cal.tx();
            c.calBigT = cal.bigT();
            c.holdoutPurchases = cal.holdoutPurchases();
            c.holdoutSpend = cal.holdoutSpend();
            c.repeatDays = h.repeatDays(calibration);
        } else {
            c.repeatDays = new long[0];
        }
        return c;
    }

    /** @return epoch day of the first purchase */
    public long getFirstDay() {
        return firstDay;
    }

    /** @param v epoch day of the first purchase */
    public void setFirstDay(long v) {
        firstDay = v;
    }

    /** @return repeat purchases up to the end of the data */
    public int getX() {
        return x;
    }

    /** @param v repeat purchases */
    public void setX(int v) {
        x = v;
    }

    /** @return recency at the end of the data, in periods */
    public double getTx() {
        return tx;
    }

    /** @param v recency */
    public void setTx(double v) {
        tx = v;
    }

    /** @return age at the end of the data, in periods */
    public double getBigT() {
        return bigT;
    }

    /** @param v age */
    public void setBigT(double v) {
        bigT = v;
    }

    /** @return mean repeat-purchase amount, null without repeat purchases */
    public Double getMeanRepeatSpend() {
        return meanRepeatSpend;
    }

    /** @param v mean repeat-purchase amount */
    public void setMeanRepeatSpend(Double v) {
        meanRepeatSpend = v;
    }

    /** @return amount of the first purchase */
    public double getFirstAmount() {
        return firstAmount;
    }

    /** @param v amount of the first purchase */
    public void setFirstAmount(double v) {
        firstAmount = v;
    }

    /** @return total spend up to the end of the data */
    public double getTotalSpend() {
        return totalSpend;
    }

    /** @param v total spend */
    public void setTotalSpend(double v) {
        totalSpend = v;
    }

    /** @return calibration repeat purchases, null if born after the calibration end */
    public Integer getCalX() {
        return calX;
    }

    /** @param v calibration repeat purchases */
    public void setCalX(Integer v) {
        calX = v;
    }

    /** @return calibration recency */
    public Double getCalTx() {
        return calTx;
    }

    /** @param v calibration recency */
    public void setCalTx(Double v) {
        calTx = v;
    }

    /** @return calibration age */
    public Double getCalBigT() {
        return calBigT;
    }

    /** @param v calibration age */
    public void setCalBigT(Double v) {
        calBigT = v;
    }

    /** @return purchases in the holdout */
    public Integer getHoldoutPurchases() {
        return holdoutPurchases;
    }

    /** @param v purchases in the holdout */
    public void setHoldoutPurchases(Integer v) {
        holdoutPurchases = v;
    }

    /** @return spend in the holdout */
    public Double getHoldoutSpend() {
        return holdoutSpend;
    }

    /** @param v spend in the holdout */
    public void setHoldoutSpend(Double v) {
        holdoutSpend = v;
    }

    /** @return epoch days of the repeat purchases up to the holdout end (empty if born after calibration) */
    public long[] getRepeatDays() {
        return repeatDays;
    }

    /** @param v repeat days */
    public void setRepeatDays(long[] v) {
        repeatDays = v;
    }
}
