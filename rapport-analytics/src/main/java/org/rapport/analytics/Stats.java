package org.rapport.analytics;

import java.util.Arrays;
import org.rapport.model.numeric.Matrices;
import org.rapport.model.numeric.Quantiles;

/**
 * Small statistics the analyses share: quantiles, correlation and least squares on primitive arrays. Quantiles
 * and least squares are the model library's ({@link Quantiles}, {@link Matrices}), written once.
 */
public final class Stats {
    private Stats() {
    }

    /**
     * The quantile of the data by linear interpolation between order statistics (R's type 7, the
     * default of R and numpy).
     *
     * @param values the data (not changed)
     * @param n how many of them to use, from the start
     * @param q the level in [0, 1]
     * @return the quantile, NaN for no data
     */
    public static double quantile(double[] values, int n, double q) {
        if (n == 0) {
            return Double.NaN;
        }
        double[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        return sortedQuantile(s, 0, n, q);
    }

    /**
     * @param sorted ascending data
     * @param from first index
     * @param to one past the last index
     * @param q the level in [0, 1]
     * @return the type-7 quantile of sorted[from..to)
     */
    public static double sortedQuantile(double[] sorted, int from, int to, double q) {
        return Quantiles.type7(sorted, from, to, q);
    }

    /**
     * @param x first variable
     * @param y second variable
     * @param n pairs used, from the start
     * @return Pearson's correlation, NaN when a variable is constant
     */
    public static double correlation(double[] x, double[] y, int n) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /**
     * Solves the normal equations (X'X + &lambda;I) &beta; = X'y by Cholesky, with a tiny ridge
     * &lambda; = 1e-9 &middot; trace / k so that a constant or duplicated column does not make it singular.
     *
     * @param xtx X'X, k &times; k (not changed)
     * @param xty X'y, k
     * @return &beta;
     * @throws IllegalArgumentException if the system is not positive definite
     */
    public static double[] solveNormal(double[][] xtx, double[] xty) {
        return Matrices.leastSquares(xtx, xty);
    }
}
