package org.rapport.model.simulate;

import org.rapport.model.data.RfmTable;

/**
 * A simulated cohort: each customer's calibration summary {@code (x, t_x, T)} and, if asked for, the
 * number of repeat purchases in a holdout period (T, T + holdoutLength]. Index i is one customer in
 * every array. The arrays are not copied.
 *
 * @param x repeat purchases in the calibration period
 * @param tx time of the last repeat purchase after the first purchase (0 when x = 0)
 * @param bigT length of observation: calibration end minus the customer's first purchase
 * @param holdoutLength the length of the holdout period; 0 when none was simulated
 * @param holdout purchases per customer in (T, T + holdoutLength], or {@code null} when none was simulated
 */
public record Cohort(double[] x, double[] tx, double[] bigT, double holdoutLength, double[] holdout) {
    /** Checks that the arrays have one length and that holdout counts exist exactly when asked for. */
    public Cohort {
        if (tx.length != x.length || bigT.length != x.length || (holdout != null && holdout.length != x.length)) {
            throw new IllegalArgumentException("x, t_x, T and holdout must have the same length");
        }
        if ((holdout == null) != (holdoutLength == 0)) {
            throw new IllegalArgumentException("holdout counts must be given exactly when holdoutLength > 0");
        }
    }

    /** @return the number of customers */
    public int size() {
        return x.length;
    }

    /** @return whether holdout counts were simulated */
    public boolean hasHoldout() {
        return holdout != null;
    }

    /**
     * @return the holdout counts
     * @throws IllegalStateException if the cohort was simulated without a holdout period
     */
    @Override
    public double[] holdout() {
        if (holdout == null) {
            throw new IllegalStateException("simulated without a holdout period: use withHoldout(length)");
        }
        return holdout;
    }

    /** @return the calibration summary compressed to distinct (x, t_x, T) */
    public RfmTable toRfmTable() {
        return RfmTable.of(x, tx, bigT);
    }
}
