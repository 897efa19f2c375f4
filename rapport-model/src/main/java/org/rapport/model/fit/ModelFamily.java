package org.rapport.model.fit;

import java.util.List;

/**
 * A parametric model family: how to fit it (likelihood and starting values) and how to build the
 * fitted model from parameters. All parameters are strictly positive; the fitter works on their logs.
 *
 * @param <D> the data the family is fitted to
 * @param <M> the fitted model
 */
public interface ModelFamily<D, M> {
    /** @return the short name used in output, e.g. {@code bgnbd} */
    String name();

    /** @return the parameter names, in the order of the parameter arrays */
    List<String> parameterNames();

    /**
     * @param params the parameters, in the order of {@link #parameterNames()}
     * @return the model with these parameters
     */
    M create(double[] params);

    /**
     * Checks that the data can identify the model and returns its likelihood.
     *
     * @param data the data
     * @return the log-likelihood of {@code data}
     * @throws org.rapport.model.ModelException if the data are degenerate (e.g. no repeat buyers)
     */
    LogLikelihood logLikelihood(D data);

    /**
     * @param data the data
     * @return starting points to try in order; the best converged optimum wins
     */
    List<double[]> startingValues(D data);

    /** @param data the data @return the number of observations (customers) for BIC */
    double observations(D data);

    /** @param data the data @return the number of distinct rows the likelihood sums over */
    int distinctRows(D data);

    /**
     * A deterministic subsample of the data for a warm start ({@link MaximumLikelihood}): a fit on it
     * lands near the full optimum at a fraction of the cost.
     *
     * @param data the data
     * @param stride keep one row in {@code stride}
     * @return the subsample, or null if the family has none (the default)
     */
    default D subsample(D data, int stride) {
        return null;
    }
}
