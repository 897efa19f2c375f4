package org.rapport.model.interval;

/**
 * How an interval for a function of the fitted parameters is computed.
 *
 * <p>Both methods start from the same place: the maximum-likelihood estimate of the log-parameters
 * &theta; is asymptotically normal with covariance equal to the inverse of the observed information
 * (minus the Hessian of the log-likelihood at the optimum).
 */
public enum IntervalMethod {
    /**
     * Delta method: g(&theta;&#770;) &plusmn; z &middot; sqrt(&nabla;g' &Sigma; &nabla;g), with the gradient of g taken by
     * central differences in log-parameter space. For positive quantities the interval is formed on
     * log g and transformed back, so it never goes below zero. Fast: 2k + 1 evaluations of g.
     */
    DELTA,
    /**
     * Parametric bootstrap: draw B parameter vectors from N(&theta;&#770;, &Sigma;), evaluate g for each,
     * and report the empirical quantiles. Captures curvature the delta method misses; costs B
     * evaluations of g.
     */
    PARAMETRIC_BOOTSTRAP
}
