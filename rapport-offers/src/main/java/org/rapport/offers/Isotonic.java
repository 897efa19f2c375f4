package org.rapport.offers;

import java.util.Arrays;

/**
 * Isotonic regression by pool-adjacent-violators: the non-decreasing step function closest in weighted
 * squared error to points (x, y), evaluated by linear interpolation between the blocks' weighted mean x
 * (clamped at the ends).
 */
final class Isotonic {
    private final double[] x;
    private final double[] y;

    private Isotonic(double[] x, double[] y) {
        this.x = x;
        this.y = y;
    }

    /**
     * @param xs points' x, ascending
     * @param ys points' y (e.g. a bin's realised rate)
     * @param ws points' weights (> 0)
     * @return the fit
     */
    static Isotonic fit(double[] xs, double[] ys, double[] ws) {
        int n = xs.length;
        double[] sw = new double[n];
        double[] swy = new double[n];
        double[] swx = new double[n];
        int top = -1;
        for (int i = 0; i < n; i++) {
            top++;
            sw[top] = ws[i];
            swy[top] = ws[i] * ys[i];
            swx[top] = ws[i] * xs[i];
            // pool while the previous block's mean exceeds this one's
            while (top > 0 && swy[top - 1] / sw[top - 1] >= swy[top] / sw[top]) {
                sw[top - 1] += sw[top];
                swy[top - 1] += swy[top];
                swx[top - 1] += swx[top];
                top--;
            }
        }
        double[] bx = new double[top + 1];
        double[] by = new double[top + 1];
        for (int b = 0; b <= top; b++) {
            bx[b] = swx[b] / sw[b];
            by[b] = swy[b] / sw[b];
        }
        return new Isotonic(bx, by);
    }

    /**
     * @param v an x
     * @return the fitted value at v
     */
    double apply(double v) {
        if (x.length == 0) {
            return v;
        }
        if (v <= x[0]) {
            return y[0];
        }
        if (v >= x[x.length - 1]) {
            return y[y.length - 1];
        }
        int i = Arrays.binarySearch(x, v);
        if (i >= 0) {
            return y[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        return y[lo] + (y[hi] - y[lo]) * (v - x[lo]) / (x[hi] - x[lo]);
    }
}
