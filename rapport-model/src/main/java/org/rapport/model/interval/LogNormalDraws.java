package org.rapport.model.interval;

import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.rapport.model.ModelException;
import org.rapport.model.fit.FitResult;
import org.rapport.model.numeric.Matrices;

/** Parameter vectors drawn from a fit's asymptotic normal on the log scale, exp(N(&theta;&#770;, &Sigma;)). */
final class LogNormalDraws {
    private static final String NO_COVARIANCE = "no predictive interval: the covariance of the %s fit is not"
            + " available (its information matrix is not positive definite)";

    private LogNormalDraws() {
    }

    /**
     * @param fit the fit
     * @param count how many vectors
     * @param normal standard normal variates
     * @return count parameter vectors (natural scale), the first count &times; k normals of {@code normal}
     * @throws ModelException if the covariance is not positive definite
     */
    static double[][] draw(FitResult<?> fit, int count, ZigguratSampler.NormalizedGaussian normal) {
        double[] p = fit.parameters();
        int k = p.length;
        double[][] l = cholesky(fit.logCovariance(), fit.modelName());
        double[][] out = new double[count][k];
        double[] z = new double[k];
        for (int b = 0; b < count; b++) {
            for (int i = 0; i < k; i++) {
                z[i] = normal.sample();
            }
            for (int i = 0; i < k; i++) {
                double t = Math.log(p[i]);
                for (int j = 0; j <= i; j++) {
                    t += l[i][j] * z[j];
                }
                out[b][i] = Math.exp(t);
            }
        }
        return out;
    }

    private static double[][] cholesky(double[][] c, String model) {
        double[][] l = Matrices.cholesky(c);
        if (l == null) {
            throw new ModelException(NO_COVARIANCE, model);
        }
        return l;
    }
}
