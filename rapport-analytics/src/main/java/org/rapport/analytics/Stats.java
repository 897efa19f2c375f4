package org.rapport.analytics;

import java.util.Arrays;

/** Small statistics the analyses share: quantiles, correlation and least squares on primitive arrays. */
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
        int n = to - from;
        if (n == 0) {
            return Double.NaN;
        }
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        return sorted[from + lo] + (h - lo) * (sorted[from + hi] - sorted[from + lo]);
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
        int k = xty.length;
        double trace = 0;
        for (int i = 0; i < k; i++) {
            trace += xtx[i][i];
        }
        double ridge = 1e-9 * trace / k + 1e-12;
        double[][] l = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = xtx[i][j] + (i == j ? ridge : 0);
                for (int m = 0; m < j; m++) {
                    s -= l[i][m] * l[j][m];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("least squares: the normal equations are not positive definite");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] z = new double[k];
        for (int i = 0; i < k; i++) {
            double s = xty[i];
            for (int m = 0; m < i; m++) {
                s -= l[i][m] * z[m];
            }
            z[i] = s / l[i][i];
        }
        double[] b = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = z[i];
            for (int m = i + 1; m < k; m++) {
                s -= l[m][i] * b[m];
            }
            b[i] = s / l[i][i];
        }
        return b;
    }
}
