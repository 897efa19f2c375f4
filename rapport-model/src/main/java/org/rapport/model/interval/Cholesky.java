package org.rapport.model.interval;

/**
 * The lower Cholesky factor of a covariance matrix, for drawing correlated parameters: the one
 * implementation behind the parametric bootstrap of CLV and the predictive intervals' parameter draws.
 */
public final class Cholesky {
    private Cholesky() {
    }

    /**
     * @param c a symmetric covariance matrix
     * @return L with L L<sup>T</sup> = c, or {@code null} when c is not positive definite (a pivot not
     *     positive and finite)
     */
    public static double[][] lower(double[][] c) {
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
}
