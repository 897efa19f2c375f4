package org.rapport.model.numeric;

import java.util.Arrays;

/**
 * Dense symmetric positive definite matrices on {@code double[][]}, by Cholesky: the one implementation
 * behind the fits' covariance (the inverse of the observed information), the parametric bootstrap's and
 * the predictive intervals' correlated draws, and least squares by the normal equations. The matrices
 * are small (a model's parameters, a regression's columns), so plain loops beat a library's overhead.
 */
public final class Matrices {
    private Matrices() {
    }

    /**
     * @param c a symmetric matrix (only its lower triangle is read)
     * @return L lower triangular with L L<sup>T</sup> = c, or {@code null} when c is not positive definite
     *     (a pivot not positive and finite)
     */
    public static double[][] cholesky(double[][] c) {
        int k = c.length;
        double[][] l = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = c[i][j];
                for (int m = 0; m < j; m++) {
                    s -= l[i][m] * l[j][m];
                }
                if (i == j) {
                    if (!(s > 0) || !Double.isFinite(s)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    /**
     * The inverse of a symmetric positive definite matrix, (L L<sup>T</sup>)<sup>-1</sup> = L<sup>-T</sup> L<sup>-1</sup>.
     *
     * @param a the matrix (not changed)
     * @return its inverse, or a matrix of NaN when a is not positive definite
     */
    public static double[][] inverse(double[][] a) {
        int k = a.length;
        double[][] l = cholesky(a);
        if (l == null) {
            double[][] m = new double[k][k];
            for (double[] row : m) {
                Arrays.fill(row, Double.NaN);
            }
            return m;
        }
        double[][] li = new double[k][k];
        for (int i = 0; i < k; i++) {
            li[i][i] = 1 / l[i][i];
            for (int j = 0; j < i; j++) {
                double s = 0;
                for (int m = j; m < i; m++) {
                    s -= l[i][m] * li[m][j];
                }
                li[i][j] = s / l[i][i];
            }
        }
        double[][] inv = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int m = Math.max(i, j); m < k; m++) {
                    s += li[m][i] * li[m][j];
                }
                inv[i][j] = s;
            }
        }
        return inv;
    }

    /**
     * Solves A x = b for a symmetric positive definite A by Cholesky and two triangular solves.
     *
     * @param a the matrix (not changed)
     * @param b the right-hand side (not changed)
     * @return x, or {@code null} when A is not positive definite
     */
    public static double[] solve(double[][] a, double[] b) {
        double[][] l = cholesky(a);
        if (l == null) {
            return null;
        }
        int k = b.length;
        double[] z = new double[k];
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int m = 0; m < i; m++) {
                s -= l[i][m] * z[m];
            }
            z[i] = s / l[i][i];
        }
        double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = z[i];
            for (int m = i + 1; m < k; m++) {
                s -= l[m][i] * x[m];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    /**
     * Least squares by the normal equations (X'X + &lambda;I) &beta; = X'y, with a tiny ridge
     * &lambda; = 1e-9 &middot; trace / k + 1e-12 so that a constant or duplicated column does not make it
     * singular.
     *
     * @param xtx X'X, k &times; k (not changed)
     * @param xty X'y, k
     * @return &beta;
     * @throws IllegalArgumentException if the system is not positive definite
     */
    public static double[] leastSquares(double[][] xtx, double[] xty) {
        int k = xty.length;
        double trace = 0;
        for (int i = 0; i < k; i++) {
            trace += xtx[i][i];
        }
        double ridge = 1e-9 * trace / k + 1e-12;
        double[][] a = new double[k][];
        for (int i = 0; i < k; i++) {
            a[i] = xtx[i].clone();
            a[i][i] += ridge;
        }
        double[] beta = solve(a, xty);
        if (beta == null) {
            throw new IllegalArgumentException("least squares: the normal equations are not positive definite");
        }
        return beta;
    }

    /** @return g' C g */
    public static double quadraticForm(double[][] c, double[] g) {
        double s = 0;
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g.length; j++) {
                s += g[i] * c[i][j] * g[j];
            }
        }
        return s;
    }

    /**
     * @param mean the mean vector
     * @param l a lower Cholesky factor
     * @param z standard normal variates, one per row of l
     * @return mean + L z
     */
    public static double[] shift(double[] mean, double[][] l, double[] z) {
        double[] out = mean.clone();
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j <= i; j++) {
                out[i] += l[i][j] * z[j];
            }
        }
        return out;
    }
}
